/**
 * The accuracy measure of the depth models: per pixel, after 3x3 smoothing, the depth where
 * Na2F+ falls halfway from its peak to the hard-carbon background (the mean of the last
 * layers), read off a `[layers + 1, pixels]` layer-depth array at the fractional layer index.
 */
export function halfwayInterfaceDepth(
  counts: Float32Array,
  layerDepth: Float32Array,
  shape: { layers: number; channels: number; rows: number; cols: number },
  channel: number,
): Float64Array {
  const { layers, channels, rows, cols } = shape;
  const pixels = rows * cols;
  const smoothed = new Float64Array(layers * pixels);
  for (let k = 0; k < layers; k++) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        let n = 0;
        for (let rr = Math.max(r - 1, 0); rr <= Math.min(r + 1, rows - 1); rr++) {
          for (let cc = Math.max(c - 1, 0); cc <= Math.min(c + 1, cols - 1); cc++) {
            sum += counts[(k * channels + channel) * pixels + rr * cols + cc];
            n++;
          }
        }
        smoothed[k * pixels + r * cols + c] = sum / n;
      }
    }
  }
  const result = new Float64Array(pixels).fill(NaN);
  const tail = Math.max(3, Math.floor(layers / 8));
  for (let p = 0; p < pixels; p++) {
    let peak = 0;
    for (let k = 1; k < layers; k++) if (smoothed[k * pixels + p] > smoothed[peak * pixels + p]) peak = k;
    let background = 0;
    for (let k = layers - tail; k < layers; k++) background += smoothed[k * pixels + p] / tail;
    const half = (smoothed[peak * pixels + p] + background) / 2;
    for (let k = peak + 1; k < layers; k++) {
      const below = smoothed[k * pixels + p];
      if (below < half) {
        const above = smoothed[(k - 1) * pixels + p];
        const index = k - 1 + (above - half) / (above - below);
        const lower = Math.floor(index);
        const t = index - lower;
        result[p] = layerDepth[lower * pixels + p] * (1 - t) + layerDepth[(lower + 1) * pixels + p] * t;
        break;
      }
    }
  }
  return result;
}

/** Median of |a - b| over the pixels where `mask` is set and both are finite. */
export function medianAbsoluteError(a: ArrayLike<number>, b: ArrayLike<number>, mask: Uint8Array): number {
  const errors: number[] = [];
  for (let p = 0; p < mask.length; p++) {
    const e = Math.abs(a[p] - b[p]);
    if (mask[p] && Number.isFinite(e)) errors.push(e);
  }
  errors.sort((x, y) => x - y);
  return errors[Math.floor(errors.length / 2)];
}
