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
  return stepsToDepth((k, weights) => weights.fill(steps[k]), removed, layers);
}
