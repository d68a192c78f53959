import type { Random } from "./random.js";

/**
 * Cumulative sputter dose at the end of each layer's sputter frame. Frames deliver the nominal
 * dose with a small relative spread (ion current drifts), so doses are not uniform.
 */
export function cumulativeDoses(layers: number, dosePerLayer: number, jitter: number, random: Random): Float64Array {
  const doses = new Float64Array(layers);
  let total = 0;
  for (let k = 0; k < layers; k++) {
    total += dosePerLayer * Math.max(0.5, 1 + jitter * random.normal());
    doses[k] = total;
  }
  return doses;
}
