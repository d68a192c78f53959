import type { Random } from "./random.js";

/**
 * Lateral stage/beam drift between layers, `[layers, 2]` as (dy, dx) SIMS pixels (FORMATS.md
 * `/drift`: a feature at (row, col) in layer 0 appears at (row + dy, col + dx) in layer k).
 * A random walk of the velocity, so the path is smooth; scaled so that its largest excursion
 * from layer 0 is `magnitudePx`.
 */
export function simulateDrift(layers: number, magnitudePx: number, random: Random): Float64Array {
  const drift = new Float64Array(layers * 2);
  let vy = random.normal();
  let vx = random.normal();
  const persistence = 0.97;
  for (let k = 1; k < layers; k++) {
    vy = persistence * vy + random.normal() * 0.2;
    vx = persistence * vx + random.normal() * 0.2;
    drift[2 * k] = drift[2 * (k - 1)] + vy;
    drift[2 * k + 1] = drift[2 * (k - 1) + 1] + vx;
  }
  let largest = 0;
  for (let k = 0; k < layers; k++) largest = Math.max(largest, Math.hypot(drift[2 * k], drift[2 * k + 1]));
  const factor = largest > 0 ? magnitudePx / largest : 0;
  for (let i = 0; i < drift.length; i++) drift[i] *= factor;
  return drift;
}
