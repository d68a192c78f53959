/** Normalised 1-D Gaussian kernel of standard deviation `sigma` samples, truncated at 4 sigma. */
export function gaussianKernel(sigma: number): Float64Array {
  if (sigma <= 0) return new Float64Array([1]);
  const radius = Math.ceil(4 * sigma);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
    sum += kernel[i + radius];
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  return kernel;
}

/**
 * Separable Gaussian blur of a `[rows, cols]` image with a margin of `margin` pixels on each
 * side, writing only the inner `[rows - 2 margin, cols - 2 margin]` part into `out`: the margin
 * holds real data, so the result has no edge effects as long as margin >= the kernel radius.
 * `scratch` (reused between calls) needs `(rows - 2 margin + 2 radius) * (cols - 2 margin)` values.
 */
export function blurAndCrop(
  image: Float64Array,
  rows: number,
  cols: number,
  kernel: Float64Array,
  margin: number,
  out: Float32Array | Float64Array,
  scratch: Float64Array,
): void {
  const radius = (kernel.length - 1) / 2;
  if (radius > margin) throw new Error("blur kernel is wider than the margin");
  const innerRows = rows - 2 * margin;
  const innerCols = cols - 2 * margin;
  // along rows first, only for the rows that will be kept after the column pass
  const firstRow = margin - radius;
  const keptRows = innerRows + 2 * radius;
  const horizontal = scratch;
  for (let r = 0; r < keptRows; r++) {
    const source = (firstRow + r) * cols;
    for (let c = 0; c < innerCols; c++) {
      let sum = 0;
      const centre = source + margin + c;
      for (let k = -radius; k <= radius; k++) sum += kernel[k + radius] * image[centre + k];
      horizontal[r * innerCols + c] = sum;
    }
  }
  for (let r = 0; r < innerRows; r++) {
    for (let c = 0; c < innerCols; c++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) sum += kernel[k + radius] * horizontal[(r + radius + k) * innerCols + c];
      out[r * innerCols + c] = sum;
    }
  }
}
