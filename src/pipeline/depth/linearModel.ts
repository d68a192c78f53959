import { doseSteps } from "./doseSteps.js";
import { stepsToDepth } from "./stepsToDepth.js";

/**
 * Linear depth model: every pixel sputters at one rate, so depth_k = d * D_k / D_K with D the
 * cumulative dose (equal doses when absent). Returns `[layers + 1, pixels]` metres.
 */
export function linearLayerDepth(
  removed: Float64Array,
  layers: number,
  cumulativeDose?: ArrayLike<number>,
): Float32Array {
  const steps = doseSteps(layers, cumulativeDose);
  const pixels = removed.length;
  const weights = new Float64Array(layers * pixels);
  for (let k = 0; k < layers; k++) weights.fill(steps[k], k * pixels, (k + 1) * pixels);
  return stepsToDepth(weights, removed, layers);
}
