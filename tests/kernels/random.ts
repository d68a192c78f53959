// Seeded random numbers for reproducible test data.

import { mulberry32 } from "../../src/random/mulberry32.js";

/** Seeded uniforms in [0, 1) for reproducible test data. */
export const uniform = mulberry32;

/** Standard normal deviates (Box-Muller) from a seeded uniform source. */
export function normal(seed: number): () => number {
  const next = uniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** A smooth random image: a sum of a few sinusoids with periods of `minPeriod` pixels or more. */
export function smoothImage(rows: number, cols: number, seed: number, minPeriod = 12): Float32Array {
  const next = uniform(seed);
  const waves = Array.from({ length: 6 }, () => ({
    ky: ((next() * 2 - 1) * 2 * Math.PI) / minPeriod,
    kx: ((next() * 2 - 1) * 2 * Math.PI) / minPeriod,
    phase: next() * 2 * Math.PI,
    amplitude: 0.5 + next(),
  }));
  const image = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let v = 3;
      for (const w of waves) v += w.amplitude * Math.sin(w.ky * r + w.kx * c + w.phase);
      image[r * cols + c] = v;
    }
  }
  return image;
}

/** Largest |a - b| over entries, relative to the largest |b|; NaN positions must agree. */
export function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    if (Number.isNaN(a[i]!) !== Number.isNaN(b[i]!)) return Infinity;
    if (!Number.isNaN(b[i]!)) scale = Math.max(scale, Math.abs(b[i]!));
  }
  for (let i = 0; i < b.length; i++) {
    if (!Number.isNaN(b[i]!)) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  }
  return scale === 0 ? worst : worst / scale;
}
