// Synthetic SIMS total-ion layers with a known lateral drift and Poisson counting noise.
import { Random } from "../../src/sim/random.js";
import { normal, uniform } from "../kernels/random.js";

interface Blob {
  y: number;
  x: number;
  s2: number;
  a: number;
}

function randomBlobs(rows: number, cols: number, seed: number): Blob[] {
  const next = uniform(seed);
  return Array.from({ length: Math.round((rows * cols) / 150) }, () => ({
    y: next() * rows, x: next() * cols, s2: (1.5 + next() * 4) ** 2, a: 0.5 + next() * 2,
  }));
}

const BACKGROUND = 0.3;

/** A blob pattern, a continuous function of (y, x) in pixels, mean about 1. */
export function blobPattern(rows: number, cols: number, seed: number): (y: number, x: number) => number {
  const blobs = randomBlobs(rows, cols, seed);
  return (y, x) => {
    let v = BACKGROUND;
    for (const b of blobs) {
      const d2 = (y - b.y) ** 2 + (x - b.x) ** 2;
      if (d2 < 16 * b.s2) v += b.a * Math.exp(-d2 / (2 * b.s2));
    }
    return v;
  };
}

/** The blob pattern moved by (dy, dx), sampled on the pixel grid (each blob drawn where it reaches). */
function renderBlobs(blobs: Blob[], rows: number, cols: number, dy: number, dx: number): Float64Array {
  const image = new Float64Array(rows * cols).fill(BACKGROUND);
  for (const b of blobs) {
    const reach = 4 * Math.sqrt(b.s2);
    const y = b.y + dy;
    const x = b.x + dx;
    for (let r = Math.max(0, Math.ceil(y - reach)); r <= Math.min(rows - 1, Math.floor(y + reach)); r++) {
      for (let c = Math.max(0, Math.ceil(x - reach)); c <= Math.min(cols - 1, Math.floor(x + reach)); c++) {
        const d2 = (r - y) ** 2 + (c - x) ** 2;
        if (d2 < 16 * b.s2) image[r * cols + c]! += b.a * Math.exp(-d2 / (2 * b.s2));
      }
    }
  }
  return image;
}

export interface SyntheticDrift {
  totals: Float32Array;
  /** True (dy, dx) per layer, layer 0 = (0, 0). */
  drift: Float64Array;
}

/** `layers` of Poisson counts with `meanCounts` per pixel, drifting a few pixels in all. */
export function driftingLayers(layers: number, rows: number, cols: number, meanCounts: number, seed: number): SyntheticDrift {
  const blobs = randomBlobs(rows, cols, seed);
  const next = uniform(seed + 1);
  const gauss = normal(seed + 2);
  const drift = new Float64Array(layers * 2);
  const trendY = (next() - 0.5) * 6;
  const trendX = (next() - 0.5) * 6;
  let wanderY = 0;
  let wanderX = 0;
  const scale = meanCounts / (renderBlobs(blobs, rows, cols, 0, 0).reduce((a, b) => a + b, 0) / (rows * cols));
  const totals = new Float32Array(layers * rows * cols);
  const counting = new Random(seed, "drifting layers: counts");
  for (let k = 0; k < layers; k++) {
    if (k > 0) {
      wanderY += gauss() * 0.1;
      wanderX += gauss() * 0.1;
    }
    const dy = k === 0 ? 0 : (trendY * k) / layers + wanderY;
    const dx = k === 0 ? 0 : (trendX * k) / layers + wanderX;
    drift[2 * k] = dy;
    drift[2 * k + 1] = dx;
    const expected = renderBlobs(blobs, rows, cols, dy, dx);
    for (let i = 0; i < rows * cols; i++) totals[k * rows * cols + i] = counting.poisson(scale * expected[i]!);
  }
  return { totals, drift };
}
