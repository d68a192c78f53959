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
  const features = featureCount(channels, total);
  const samples = layers * pixels;
  const values = new Float32Array(features * samples);
  const layer = new LayerFeatures(counts, shape, total);
  const out = new Float32Array(features * pixels);
  for (let k = 0; k < layers; k++) {
    layer.compute(k, out);
    for (let f = 0; f < features; f++) values.set(out.subarray(f * pixels, (f + 1) * pixels), f * samples + k * pixels);
  }
  return { values, features, samples };
}

export function featureCount(channels: number, total?: unknown): number {
  return channels + (total ? 1 : 0);
}

/** The features of one layer at a time, `[features, pixels]`: what signalFeatures stacks. */
export class LayerFeatures {
  readonly features: number;
  private readonly plane: Float64Array;
  private readonly smoother: BoxSmoother;

  constructor(
    private readonly counts: ArrayLike<number>,
    private readonly shape: { layers: number; channels: number; rows: number; cols: number },
    private readonly total?: ArrayLike<number>,
  ) {
    this.features = featureCount(shape.channels, total);
    this.plane = new Float64Array(shape.rows * shape.cols);
    this.smoother = new BoxSmoother(shape.rows, shape.cols);
  }

  compute(k: number, out: Float32Array): void {
    const { counts, total, plane, smoother, features } = this;
    const { channels } = this.shape;
    const pixels = plane.length;
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
      smoother.smooth(plane, out, f * pixels);
    }
  }
}

/**
 * 3x3 mean with the window cut at the image edge; NaN inputs are skipped. Separable: sums and
 * counts of the finite values over each row's 3-wide windows, then over 3 rows of those.
 */
class BoxSmoother {
  private readonly rowSums: Float64Array;
  private readonly rowCounts: Float64Array;

  constructor(
    private readonly rows: number,
    private readonly cols: number,
  ) {
    this.rowSums = new Float64Array(rows * cols);
    this.rowCounts = new Float64Array(rows * cols);
  }

  smooth(plane: Float64Array, out: Float32Array, offset: number): void {
    const { rows, cols, rowSums, rowCounts } = this;
    for (let r = 0; r < rows; r++) {
      const row = r * cols;
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        let n = 0;
        const last = Math.min(c + 1, cols - 1);
        for (let cc = c > 0 ? c - 1 : 0; cc <= last; cc++) {
          const v = plane[row + cc];
          if (v - v === 0) {
            sum += v;
            n++;
          }
        }
        rowSums[row + c] = sum;
        rowCounts[row + c] = n;
      }
    }
    for (let r = 0; r < rows; r++) {
      const first = (r > 0 ? r - 1 : 0) * cols;
      const last = Math.min(r + 1, rows - 1) * cols;
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        let n = 0;
        for (let at = first + c; at <= last + c; at += cols) {
          sum += rowSums[at];
          n += rowCounts[at];
        }
        out[offset + r * cols + c] = n > 0 ? sum / n : 0;
      }
    }
  }
}
