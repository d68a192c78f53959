/**
 * Lateral binning for low counts: factor x factor blocks of pixels become one pixel whose
 * counts are the block's sum (so counts are conserved) and whose height is the block's mean.
 * The pixel size grows by the factor. An image whose size is not a multiple of the factor keeps
 * its last partial row and column of blocks, which sum fewer pixels; nothing is dropped.
 * Binned pixel (0,0) is centred at original pixel ((f-1)/2, (f-1)/2): `originShift` says by
 * how much the grid's origin moved, in metres `[dy, dx]`.
 */
export interface BinnedGrid {
  rows: number;
  cols: number;
  pixelSize: [number, number];
  originShift: [number, number];
}

export function binnedGrid(rows: number, cols: number, pixelSize: readonly [number, number], factor: number): BinnedGrid {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`the binning factor must be a positive integer, got ${factor}`);
  const [dy, dx] = pixelSize;
  return {
    rows: Math.ceil(rows / factor),
    cols: Math.ceil(cols / factor),
    pixelSize: [dy * factor, dx * factor],
    originShift: [((factor - 1) / 2) * dy, ((factor - 1) / 2) * dx],
  };
}

/** Sums each plane of `[planes, rows, cols]` counts over blocks; NaN counts are skipped. */
export function binCounts(counts: ArrayLike<number>, planes: number, rows: number, cols: number, factor: number): Float32Array {
  return binPlanes(counts, planes, rows, cols, factor, false);
}

/** Averages each plane of `[planes, rows, cols]` heights over blocks, ignoring NaN (all NaN gives NaN). */
export function binHeights(heights: ArrayLike<number>, planes: number, rows: number, cols: number, factor: number): Float32Array {
  return binPlanes(heights, planes, rows, cols, factor, true);
}

function binPlanes(
  values: ArrayLike<number>,
  planes: number,
  rows: number,
  cols: number,
  factor: number,
  mean: boolean,
): Float32Array {
  const grid = binnedGrid(rows, cols, [1, 1], factor);
  const out = new Float32Array(planes * grid.rows * grid.cols);
  const sums = new Float64Array(grid.rows * grid.cols);
  const counts = new Int32Array(grid.rows * grid.cols);
  for (let plane = 0; plane < planes; plane++) {
    sums.fill(0);
    counts.fill(0);
    const base = plane * rows * cols;
    for (let r = 0; r < rows; r++) {
      const outRow = Math.floor(r / factor) * grid.cols;
      for (let c = 0; c < cols; c++) {
        const v = values[base + r * cols + c];
        if (Number.isNaN(v)) continue;
        sums[outRow + Math.floor(c / factor)] += v;
        counts[outRow + Math.floor(c / factor)]++;
      }
    }
    const outBase = plane * grid.rows * grid.cols;
    for (let i = 0; i < sums.length; i++) {
      out[outBase + i] = mean ? (counts[i] > 0 ? sums[i] / counts[i] : NaN) : sums[i];
    }
  }
  return out;
}
