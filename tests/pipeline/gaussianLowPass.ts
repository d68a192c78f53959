/**
 * Separable Gaussian of standard deviation `sigma` (pixels) over `[rows, cols]`, normalised by
 * the weights of the finite pixels only, so that NaN neither spreads nor pulls the field's edge.
 */
export function gaussianLowPass(values: Float64Array, rows: number, cols: number, sigma: number): Float64Array {
  const reach = Math.ceil(3 * sigma);
  const kernel = Float64Array.from({ length: 2 * reach + 1 }, (_, i) => Math.exp(-((i - reach) ** 2) / (2 * sigma * sigma)));
  const finite = Float64Array.from(values, (v) => (Number.isFinite(v) ? 1 : 0));
  const zeroed = Float64Array.from(values, (v) => (Number.isFinite(v) ? v : 0));
  const blur = (source: Float64Array, alongRows: boolean) => {
    const out = new Float64Array(source.length);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        for (let i = -reach; i <= reach; i++) {
          const [rr, cc] = alongRows ? [r, c + i] : [r + i, c];
          if (rr >= 0 && cc >= 0 && rr < rows && cc < cols) sum += kernel[i + reach]! * source[rr * cols + cc]!;
        }
        out[r * cols + c] = sum;
      }
    }
    return out;
  };
  const sums = blur(blur(zeroed, true), false);
  const norms = blur(blur(finite, true), false);
  return Float64Array.from(sums, (sum, p) => (norms[p]! > 0 ? sum / norms[p]! : NaN));
}

/**
 * A `[layers + 1, rows, cols]` layer depth's step shape (each layer's share of its column's
 * removed depth) blurred laterally by a Gaussian beam of `beamPx` pixels, put back on the same
 * removed depth: the best shape any reading of beam-blurred signals can give.
 */
export function beamBlurredShape(layerDepth: Float32Array, layers: number, rows: number, cols: number, beamPx: number): Float32Array {
  const pixels = rows * cols;
  const removed = layerDepth.subarray(layers * pixels);
  const out = new Float32Array(layerDepth.length);
  for (let k = 0; k <= layers; k++) {
    const share = Float64Array.from(layerDepth.subarray(k * pixels, (k + 1) * pixels), (depth, p) => depth / removed[p]!);
    const blurred = gaussianLowPass(share, rows, cols, beamPx);
    for (let p = 0; p < pixels; p++) out[k * pixels + p] = blurred[p]! * removed[p]!;
  }
  return out;
}
