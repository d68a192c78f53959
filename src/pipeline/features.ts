// What two images of one surface share, whatever each instrument measures: edges. Images are
// brought onto an isotropic grid of a chosen pitch, smoothed and turned into gradient magnitude.
import type { KernelApi } from "../kernels/index.js";
import type { Affine } from "../model/types.js";

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
}

/** The image area-averaged onto an isotropic grid of `pitch` metres covering the same field. */
export function isotropic(kernels: KernelApi, image: GriddedImage, pitch: number): FeatureImage {
  const [dy, dx] = image.pixelSize;
  const rows = Math.max(1, Math.floor((image.rows * dy) / pitch));
  const cols = Math.max(1, Math.floor((image.cols * dx) / pitch));
  // Grid pixel (c, r) covers the source field from its edge at -1/2: source = (c + 1/2) p / dx - 1/2.
  const toSource = Float64Array.from([pitch / dx, 0, (0.5 * pitch) / dx - 0.5, 0, pitch / dy, (0.5 * pitch) / dy - 0.5, 0, 0, 1]);
  const values = kernels.resampleAffine(withoutNaN(image.values), image.rows, image.cols, rows, cols, toSource);
  return { values, rows, cols, pitch, toSource };
}

/** NaN replaced by the mean of the finite values, so that it does not spread through filters. */
function withoutNaN(values: ArrayLike<number>): Float32Array {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i]!)) {
      sum += values[i]!;
      n++;
    }
  }
  const mean = n > 0 ? sum / n : 0;
  return Float32Array.from(values, (v) => (Number.isFinite(v) ? v : mean));
}

/** Separable Gaussian blur with edge repetition. */
function gaussianBlur(values: Float32Array, rows: number, cols: number, sigma: number): Float32Array {
  if (sigma <= 0) return values.slice();
  const radius = Math.ceil(3 * sigma);
  const taps = Float64Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = taps.reduce((a, b) => a + b, 0);
  for (let i = 0; i < taps.length; i++) taps[i]! /= total;
  const across = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) sum += taps[k + radius]! * values[r * cols + Math.min(cols - 1, Math.max(0, c + k))]!;
      across[r * cols + c] = sum;
    }
  }
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) sum += taps[k + radius]! * across[Math.min(rows - 1, Math.max(0, r + k)) * cols + c]!;
      out[r * cols + c] = sum;
    }
  }
  return out;
}

/** |grad| by central differences (one-sided at the edges). */
function gradientMagnitude(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const left = values[r * cols + Math.max(0, c - 1)]!;
      const right = values[r * cols + Math.min(cols - 1, c + 1)]!;
      const up = values[Math.max(0, r - 1) * cols + c]!;
      const down = values[Math.min(rows - 1, r + 1) * cols + c]!;
      const gx = (right - left) / (Math.min(cols - 1, c + 1) - Math.max(0, c - 1) || 1);
      const gy = (down - up) / (Math.min(rows - 1, r + 1) - Math.max(0, r - 1) || 1);
      out[r * cols + c] = Math.hypot(gx, gy);
    }
  }
  return out;
}

/**
 * The edge image of `image` on an isotropic grid of `pitch`, smoothed by `blur` grid pixels.
 * Edge strength is compressed, g / (g + typical g), so that an edge counts by its presence, not
 * its contrast: a particle rim a few nanometres high in the AFM can be a strong edge in SIMS.
 */
export function edgeFeatures(kernels: KernelApi, image: GriddedImage, pitch: number, blur: number): FeatureImage {
  const grid = isotropic(kernels, image, pitch);
  const gradient = gradientMagnitude(gaussianBlur(grid.values, grid.rows, grid.cols, blur), grid.rows, grid.cols);
  const sorted = Float32Array.from(gradient).sort();
  const typical = sorted[Math.floor(sorted.length * TYPICAL_EDGE_QUANTILE)]! || 1;
  const values = gradient.map((g) => g / (g + typical));
  return { ...grid, values };
}

/** Quantile of the gradient magnitude taken as a typical edge's strength. */
const TYPICAL_EDGE_QUANTILE = 0.9;
