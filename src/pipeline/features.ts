// What two images of one surface share, whatever each instrument measures: edges. Images are
// brought onto an isotropic grid of a chosen pitch, smoothed and turned into gradient magnitude,
// with the gradient's direction (the edge normals) beside it.
import type { KernelApi } from "../kernels/index.js";
import type { Affine } from "../model/types.js";
import { chain, invert } from "./affine.js";
import { kthSmallest } from "./stats.js";

export interface GriddedImage {
  values: ArrayLike<number>;
  rows: number;
  cols: number;
  /** [dy, dx], metres. */
  pixelSize: readonly [number, number];
}

export interface FeatureImage {
  values: Float32Array;
  rows: number;
  cols: number;
  /** Isotropic pitch, metres. */
  pitch: number;
  /** Maps this grid's pixel (col, row, 1) to the source image's pixel. */
  toSource: Affine;
  /**
   * Edge images only: the smoothed image's gradient direction (col, row components), signed:
   * unit length on edges, fading to 0 away from them.
   */
  normals?: [Float32Array, Float32Array];
}

/** The image area-averaged onto an isotropic grid of `pitch` metres covering the same field. */
export function isotropic(kernels: KernelApi, image: GriddedImage, pitch: number): FeatureImage {
  const [dy, dx] = image.pixelSize;
  const rows = Math.max(1, Math.floor((image.rows * dy) / pitch));
  const cols = Math.max(1, Math.floor((image.cols * dx) / pitch));
  // Grid pixel (c, r) covers the source field from its edge at -1/2: source = (c + 1/2) p / dx - 1/2.
  const toSource = Float64Array.from([pitch / dx, 0, (0.5 * pitch) / dx - 0.5, 0, pitch / dy, (0.5 * pitch) / dy - 0.5, 0, 0, 1]);
  // Cubic between samples: across an axis sampled coarsely (AFM lines 390 nm apart) a particle's
  // rim is interpolated, and a cubic follows its slope through the sampled lines where a linear
  // interpolant cuts the corner of every convex outline, a per-sample bias the fit cannot average out.
  const values = kernels.resampleAffine(withoutNaN(image.values), image.rows, image.cols, rows, cols, toSource, { method: "bicubic" });
  return { values, rows, cols, pitch, toSource };
}

/** NaN replaced by the mean of the finite values, so that it does not spread through filters. */
function withoutNaN(values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(values.length);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = v;
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  if (n === values.length) return out;
  const mean = n > 0 ? sum / n : 0;
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i]!)) out[i] = mean;
  return out;
}

/** Normalised Gaussian taps of standard deviation `sigma` (pixels), out to 3 sigma. */
function gaussianTaps(sigma: number): Float64Array {
  const radius = Math.ceil(3 * sigma);
  const taps = Float64Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = taps.reduce((a, b) => a + b, 0);
  return taps.map((t) => t / total);
}

/** Separable Gaussian blur with edge repetition, `sigmaX` along rows and `sigmaY` down columns. */
export function gaussianBlur(values: Float32Array, rows: number, cols: number, sigmaX: number, sigmaY: number): Float32Array {
  const across = new Float32Array(values.length);
  let taps = gaussianTaps(sigmaX);
  let radius = (taps.length - 1) / 2;
  for (let r = 0; r < rows; r++) {
    const line = r * cols;
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      if (c >= radius && c + radius < cols) {
        // Away from the edges no tap needs clamping (same sum, same order).
        for (let k = -radius; k <= radius; k++) sum += taps[k + radius]! * values[line + c + k]!;
      } else {
        for (let k = -radius; k <= radius; k++) sum += taps[k + radius]! * values[line + Math.min(cols - 1, Math.max(0, c + k))]!;
      }
      across[line + c] = sum;
    }
  }
  const out = new Float32Array(values.length);
  taps = gaussianTaps(sigmaY);
  radius = (taps.length - 1) / 2;
  const sums = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    // Row by row, each tap's whole line at once: memory is read along lines, not down columns.
    sums.fill(0);
    for (let k = -radius; k <= radius; k++) {
      const tap = taps[k + radius]!;
      const from = Math.min(rows - 1, Math.max(0, r + k)) * cols;
      for (let c = 0; c < cols; c++) sums[c]! += tap * across[from + c]!;
    }
    out.set(sums, r * cols);
  }
  return out;
}

/** The gradient (d/dcol, d/drow) by central differences (one-sided at the edges). */
function gradient(values: Float32Array, rows: number, cols: number): [Float32Array, Float32Array] {
  const gx = new Float32Array(values.length);
  const gy = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const left = values[r * cols + Math.max(0, c - 1)]!;
      const right = values[r * cols + Math.min(cols - 1, c + 1)]!;
      const up = values[Math.max(0, r - 1) * cols + c]!;
      const down = values[Math.min(rows - 1, r + 1) * cols + c]!;
      gx[r * cols + c] = (right - left) / (Math.min(cols - 1, c + 1) - Math.max(0, c - 1) || 1);
      gy[r * cols + c] = (down - up) / (Math.min(rows - 1, r + 1) - Math.max(0, r - 1) || 1);
    }
  }
  return [gx, gy];
}

/**
 * The edge image of `image` on an isotropic grid of `pitch`, smoothed by `blur` grid pixels, and
 * along each axis by at least half the source's own pixel pitch: an axis sampled coarsely (AFM
 * lines 390 nm apart) is interpolated there, not resolved, and the interpolant's kinks at the
 * sampled lines would pull a fit towards whole-line offsets.
 * Edge strength is compressed, g / (g + typical g), so that an edge counts by its presence, not
 * its contrast: a particle rim a few nanometres high in the AFM can be a strong edge in SIMS.
 * `edgeQuantile` is the quantile of g taken as typical, so 1 - edgeQuantile is about the share
 * of the image treated as edge.
 */
export function edgeFeatures(kernels: KernelApi, image: GriddedImage, pitch: number, blur: number, edgeQuantile: number): FeatureImage {
  const grid = isotropic(kernels, image, pitch);
  const [dy, dx] = image.pixelSize;
  const sigmaX = Math.max(blur, (SAMPLING_BLUR * dx) / pitch);
  const sigmaY = Math.max(blur, (SAMPLING_BLUR * dy) / pitch);
  const [gx, gy] = gradient(gaussianBlur(grid.values, grid.rows, grid.cols, sigmaX, sigmaY), grid.rows, grid.cols);
  const magnitude = new Float32Array(gx.length);
  for (let i = 0; i < gx.length; i++) magnitude[i] = Math.sqrt(gx[i]! * gx[i]! + gy[i]! * gy[i]!);
  const typical = kthSmallest(magnitude, Math.floor(magnitude.length * edgeQuantile)) || 1;
  // Unit length across an edge's whole profile, so that an edge shift moves it rigidly; fading
  // where the gradient is a small fraction of a typical edge's, where its direction is noise.
  const floor = NORMAL_FLOOR * typical;
  const values = new Float32Array(gx.length);
  for (let i = 0; i < gx.length; i++) {
    const g = magnitude[i]!;
    values[i] = g / (g + typical);
    gx[i] = gx[i]! / (g + floor);
    gy[i] = gy[i]! / (g + floor);
  }
  const normals: [Float32Array, Float32Array] = [gx, gy];
  return { ...grid, values, normals };
}

/**
 * The edges of `before` that `after` (a later scan of the same surface, on its own grid of the
 * same pitch) also shows, as the product of the two edge values: `afterToBefore` maps after
 * source pixel to before source pixel. Where the after scan has no data the before edges stand.
 */
export function persistentEdges(kernels: KernelApi, before: FeatureImage, after: FeatureImage, afterToBefore: Affine): FeatureImage {
  const beforeToAfterGrid = chain(before.toSource, invert(afterToBefore), invert(after.toSource));
  const afterOnBefore = kernels.resampleAffine(after.values, after.rows, after.cols, before.rows, before.cols, beforeToAfterGrid, { areaAverage: false });
  const values = before.values.map((v, i) => (Number.isNaN(afterOnBefore[i]!) ? v : v * afterOnBefore[i]!));
  return { ...before, values };
}

/** Gradient (a fraction of a typical edge's) below which the normals fade. */
const NORMAL_FLOOR = 0.2;

/** The least blur along an axis, as a fraction of the source image's pixel pitch on that axis. */
const SAMPLING_BLUR = 0.5;
