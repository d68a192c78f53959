/**
 * Per layer-and-pixel signal vectors for material classification: every channel, plus the
 * rest of the total-ion counts (matrix ions the channels do not name, which separate hard
 * carbon from epoxy) when a total is given. Each feature plane is smoothed with a 3x3 box
 * because single-pixel counts per layer are too low to classify reliably.
 *
 * Returns `[features, layers * pixels]`, sample index `k * pixels + p`, in counts per layer.
 */
export interface SignalFeatures {
  values: Float32Array;
  features: number;
  samples: number;
}

export function signalFeatures(
  counts: ArrayLike<number>,
  shape: { layers: number; channels: number; rows: number; cols: number },
  total?: ArrayLike<number>,
): SignalFeatures {
  const { layers, channels, rows, cols } = shape;
  const pixels = rows * cols;
  const features = channels + (total ? 1 : 0);
  const samples = layers * pixels;
  const values = new Float32Array(features * samples);
  const plane = new Float64Array(pixels);
  for (let k = 0; k < layers; k++) {
    for (let f = 0; f < features; f++) {
      if (f < channels) {
        const base = (k * channels + f) * pixels;
        for (let p = 0; p < pixels; p++) plane[p] = counts[base + p];
      } else {
        for (let p = 0; p < pixels; p++) {
          let named = 0;
          for (let c = 0; c < channels; c++) named += counts[(k * channels + c) * pixels + p];
          plane[p] = Math.max(total![k * pixels + p] - named, 0);
        }
      }
      boxSmooth3(plane, rows, cols, values, f * samples + k * pixels);
    }
  }
  return { values, features, samples };
}

/** 3x3 mean with the window cut at the image edge; NaN inputs are skipped. */
function boxSmooth3(
  plane: Float64Array,
  rows: number,
  cols: number,
  out: Float32Array,
  offset: number,
): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      let n = 0;
      for (let rr = Math.max(r - 1, 0); rr <= Math.min(r + 1, rows - 1); rr++) {
        for (let cc = Math.max(c - 1, 0); cc <= Math.min(c + 1, cols - 1); cc++) {
          const v = plane[rr * cols + cc];
          if (Number.isFinite(v)) {
            sum += v;
            n++;
          }
        }
      }
      out[offset + r * cols + c] = n > 0 ? sum / n : 0;
    }
  }
}
