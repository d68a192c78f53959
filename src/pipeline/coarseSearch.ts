// Global search for where a small feature image (moving) lies inside a larger one (fixed), with
// no initial guess: every rotation and scale on a grid, every translation at once by FFT, each
// scored by normalised cross-correlation over the moving image's footprint (masked NCC).
import type { KernelApi } from "../kernels/index.js";
import type { Affine } from "../model/types.js";
import { apply, chain, invert, rotationScale, translation } from "./affine.js";
import type { FeatureImage } from "./features.js";

export interface CoarseMatch {
  /** Maps moving grid pixel (col, row, 1) to fixed grid pixel. */
  movingToFixed: Affine;
  /** Masked NCC at the best placement, -1 to 1. */
  score: number;
  /** How far the best placement stands out: (best - mean) / sd of NCC over all placements. */
  significance: number;
}

function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m <<= 1;
  return m;
}

/** Spectra of the fixed image and its square, zero-padded to rows x cols. */
interface FixedSpectra {
  rows: number;
  cols: number;
  image: Float64Array;
  squared: Float64Array;
}

function padded(values: ArrayLike<number>, rows: number, cols: number, toRows: number, toCols: number): Float64Array {
  const out = new Float64Array(toRows * toCols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * toCols + c] = values[r * cols + c]!;
  return out;
}

/**
 * Correlations sum_u t(u) f(u + s), sum_u m(u) f(u + s) and sum_u m(u) f(u + s)^2 for every
 * shift s, from the fixed spectra and one complex transform of t + i m. The first two come back
 * from one inverse transform as its real and imaginary parts (both are real).
 */
function correlations(
  kernels: KernelApi, spectra: FixedSpectra, template: Float64Array, mask: Float64Array,
): { cross: Float64Array; local: Float64Array; localSquares: Float64Array } {
  const { rows, cols } = spectra;
  const packed = new Float64Array(2 * rows * cols);
  for (let i = 0; i < rows * cols; i++) {
    packed[2 * i] = template[i]!;
    packed[2 * i + 1] = mask[i]!;
  }
  const z = kernels.fft2d(packed, rows, cols);
  const both = new Float64Array(2 * rows * cols);
  const squares = new Float64Array(2 * rows * cols);
  for (let u = 0; u < rows; u++) {
    for (let v = 0; v < cols; v++) {
      const i = 2 * (u * cols + v);
      const j = 2 * (((rows - u) % rows) * cols + ((cols - v) % cols));
      // T = (Z(k) + conj Z(-k)) / 2, M = (Z(k) - conj Z(-k)) / 2i.
      const tr = (z[i]! + z[j]!) / 2;
      const ti = (z[i + 1]! - z[j + 1]!) / 2;
      const mr = (z[i + 1]! + z[j + 1]!) / 2;
      const mi = -(z[i]! - z[j]!) / 2;
      const fr = spectra.image[i]!;
      const fi = spectra.image[i + 1]!;
      const sr = spectra.squared[i]!;
      const si = spectra.squared[i + 1]!;
      // conj(T) F + i conj(M) F
      const ar = tr * fr + ti * fi;
      const ai = tr * fi - ti * fr;
      const br = mr * fr + mi * fi;
      const bi = mr * fi - mi * fr;
      both[i] = ar - bi;
      both[i + 1] = ai + br;
      squares[i] = mr * sr + mi * si;
      squares[i + 1] = mr * si - mi * sr;
    }
  }
  const crossAndLocal = kernels.fft2d(both, rows, cols, true);
  const localSquares = kernels.fft2d(squares, rows, cols, true);
  const cross = new Float64Array(rows * cols);
  const local = new Float64Array(rows * cols);
  const localSquaresReal = new Float64Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) {
    cross[i] = crossAndLocal[2 * i]!;
    local[i] = crossAndLocal[2 * i + 1]!;
    localSquaresReal[i] = localSquares[2 * i]!;
  }
  return { cross, local, localSquares: localSquaresReal };
}

/**
 * The best placement of `moving` inside `fixed` (same pitch) over the given rotations (radians)
 * and scales, with the moving image entirely inside the fixed one.
 */
export function coarseSearch(
  kernels: KernelApi, fixed: FeatureImage, moving: FeatureImage, rotations: number[], scales: number[],
): CoarseMatch | undefined {
  const rows = nextPowerOfTwo(fixed.rows);
  const cols = nextPowerOfTwo(fixed.cols);
  const spectra: FixedSpectra = {
    rows,
    cols,
    image: kernels.fft2dReal(padded(fixed.values, fixed.rows, fixed.cols, rows, cols), rows, cols),
    squared: kernels.fft2dReal(padded(fixed.values.map((v) => v * v), fixed.rows, fixed.cols, rows, cols), rows, cols),
  };
  let best: CoarseMatch | undefined;
  for (const theta of rotations) {
    for (const scale of scales) {
      const match = placeOne(kernels, spectra, fixed, moving, theta, scale);
      if (match && (!best || match.score > best.score)) best = match;
    }
  }
  return best;
}

function placeOne(
  kernels: KernelApi, spectra: FixedSpectra, fixed: FeatureImage, moving: FeatureImage, theta: number, scale: number,
): CoarseMatch | undefined {
  const turn = rotationScale(theta, scale);
  const corners = [[-0.5, -0.5], [moving.cols - 0.5, -0.5], [-0.5, moving.rows - 0.5], [moving.cols - 0.5, moving.rows - 0.5]]
    .map(([x, y]) => apply(turn, x!, y!));
  const left = Math.floor(Math.min(...corners.map((p) => p[0])));
  const top = Math.floor(Math.min(...corners.map((p) => p[1])));
  const width = Math.ceil(Math.max(...corners.map((p) => p[0]))) - left;
  const height = Math.ceil(Math.max(...corners.map((p) => p[1]))) - top;
  if (width > fixed.cols || height > fixed.rows) return undefined;
  // Canvas pixel (c, r) is the point turn(m) = (c + left, r + top) of the turned moving image.
  const canvasToMoving = chain(translation(left, top), invert(turn));
  const canvas = kernels.resampleAffine(moving.values, moving.rows, moving.cols, height, width, canvasToMoving, { areaAverage: false });
  const { rows, cols } = spectra;
  const template = new Float64Array(rows * cols);
  const mask = new Float64Array(rows * cols);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < canvas.length; i++) {
    if (Number.isNaN(canvas[i]!)) continue;
    n++;
    sum += canvas[i]!;
  }
  if (n < 16) return undefined;
  const mean = sum / n;
  let energy = 0;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const v = canvas[r * width + c]!;
      if (Number.isNaN(v)) continue;
      template[r * cols + c] = v - mean;
      mask[r * cols + c] = 1;
      energy += (v - mean) ** 2;
    }
  }
  if (energy === 0) return undefined;
  const { cross, local, localSquares } = correlations(kernels, spectra, template, mask);
  let bestScore = -Infinity;
  let bestAt = [0, 0];
  let total = 0;
  let totalSquares = 0;
  let count = 0;
  for (let ty = 0; ty <= fixed.rows - height; ty++) {
    for (let tx = 0; tx <= fixed.cols - width; tx++) {
      const i = ty * cols + tx;
      const variance = localSquares[i]! - (local[i]! * local[i]!) / n;
      if (!(variance > 1e-12 * Math.abs(localSquares[i]!))) continue;
      const score = cross[i]! / Math.sqrt(energy * variance);
      total += score;
      totalSquares += score * score;
      count++;
      if (score > bestScore) {
        bestScore = score;
        bestAt = [tx, ty];
      }
    }
  }
  if (count === 0) return undefined;
  const meanScore = total / count;
  const spread = Math.sqrt(Math.max(totalSquares / count - meanScore * meanScore, 1e-12));
  // Moving pixel m lands at fixed pixel turn(m) - (left, top) + (tx, ty).
  const movingToFixed = chain(turn, translation(bestAt[0]! - left, bestAt[1]! - top));
  return { movingToFixed, score: bestScore, significance: (bestScore - meanScore) / spread };
}
