import { observedCount } from "./deadTime.js";
import type { ExpectedCounts } from "./expectedCounts.js";
import type { Random } from "./random.js";

/**
 * What the instrument records: per channel a dead-time-limited count of the expected ions, and a
 * total-ion image of those counts plus the other masses (Poisson; summed over many masses, the
 * total is far from one ion per pulse per mass).
 */
export function detectorCounts(
  expected: ExpectedCounts,
  layers: number,
  channels: number,
  pixels: number,
  pulses: number,
  random: Random,
): { counts: Float32Array; total: Float32Array } {
  const counts = new Float32Array(expected.channels.length);
  const total = new Float32Array(expected.other.length);
  for (let k = 0; k < layers; k++) {
    for (let c = 0; c < channels; c++) {
      const offset = (k * channels + c) * pixels;
      for (let p = 0; p < pixels; p++) {
        const n = observedCount(expected.channels[offset + p], pulses, random);
        counts[offset + p] = n;
        total[k * pixels + p] += n;
      }
    }
    for (let p = 0; p < pixels; p++) total[k * pixels + p] += random.poisson(expected.other[k * pixels + p]);
  }
  return { counts, total };
}
