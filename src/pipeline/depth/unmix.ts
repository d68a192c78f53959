import type { SignalFeatures } from "./features.js";
import { AbundanceModel } from "./abundances.js";
import { growEndmembers } from "./endmembers.js";

/**
 * Unsupervised material classification. The signal of a layer-pixel is modelled as a mixture
 * x = sum_m a_m S_m of material signatures S_m (counts per layer at full coverage), which is
 * what a mixed voxel of dead-time-corrected counts is. The signatures are grown from a
 * subsample (endmembers.ts); each sample's abundances a_m >= 0 then come from a weighted
 * non-negative least-squares fit with the signatures fixed and a sum-to-one penalty
 * (abundances.ts), normalised to fractions f_m = a_m / sum a.
 */
export interface MaterialUnmixing {
  /** Fractions `[materials, samples]` (sample = k * pixels + p), each sample summing to 1. */
  fractions: Float32Array;
  /** Signatures `[materials, features]`, counts per layer at full coverage. */
  signatures: Float64Array;
  materials: number;
}

const MAX_TRAINING_SAMPLES = 100_000;
/** A sample's layers above and below must be at least this much of a material to vouch for it. */
const NEIGHBOUR_PURITY = 0.7;
const MIN_NEIGHBOUR_SAMPLES = 20;

/**
 * `materials` fixes the number of classes; left out, the data choose it. With `pixels` (the
 * samples of one layer) the signatures are refined from depth neighbours before the final
 * unmixing (see refineFromDepthNeighbours).
 */
export function unmixMaterials(input: SignalFeatures, materials?: number, pixels?: number): MaterialUnmixing {
  const { values, features, samples } = input;
  const training = trainingSamples(values, features, samples);
  const subset = new Float32Array(features * training.length);
  for (let f = 0; f < features; f++) {
    for (let j = 0; j < training.length; j++) subset[f * training.length + j] = values[f * samples + training[j]];
  }
  const signatures = growEndmembers(subset, features, training.length, { materials });
  const found = signatures.length / features;
  if (pixels) refineFromDepthNeighbours(new AbundanceModel(values, features, samples, signatures, found), values, pixels, signatures);
  const fractions = new Float32Array(found * samples);
  new AbundanceModel(values, features, samples, signatures, found).unmix(0, samples, fractions, samples);
  return { fractions, signatures, materials: found };
}

/** An even stride through the samples that carry any signal, at most MAX_TRAINING_SAMPLES. */
function trainingSamples(values: Float32Array, features: number, samples: number): Int32Array {
  const stride = Math.max(1, Math.floor(samples / MAX_TRAINING_SAMPLES));
  const chosen: number[] = [];
  for (let i = 0; i < samples; i += stride) {
    let sum = 0;
    for (let f = 0; f < features; f++) sum += values[f * samples + i];
    if (sum > 0) chosen.push(i);
  }
  return Int32Array.from(chosen);
}

/**
 * The signatures so far are means of samples chosen for looking pure, and with few counts per
 * layer that choice favours samples whose noise happened to push them outward (a too-bright
 * organic signature makes ordinary organic layers look diluted). Here a sample counts for its
 * material when the layers above and below it at the same pixel are that material: their noise
 * is independent of its own, so its mean is the material's true mean signal.
 */
function refineFromDepthNeighbours(model: AbundanceModel, values: Float32Array, pixels: number, signatures: Float64Array): void {
  const { materials } = model;
  const features = signatures.length / materials;
  const samples = values.length / features;
  const layers = samples / pixels;
  const sums = new Float64Array(materials * features);
  const counts = new Float64Array(materials);
  // Three layers' fractions at a time, `[materials, pixels]` each: above, middle, below.
  let above = new Float32Array(materials * pixels);
  let middle = new Float32Array(materials * pixels);
  let below = new Float32Array(materials * pixels);
  if (layers >= 3) {
    model.unmix(0, pixels, above, pixels);
    model.unmix(pixels, 2 * pixels, middle, pixels);
  }
  for (let k = 1; k < layers - 1; k++) {
    model.unmix((k + 1) * pixels, (k + 2) * pixels, below, pixels);
    for (let m = 0; m < materials; m++) {
      for (let p = 0; p < pixels; p++) {
        if (above[m * pixels + p] < NEIGHBOUR_PURITY || below[m * pixels + p] < NEIGHBOUR_PURITY) continue;
        counts[m]++;
        const i = k * pixels + p;
        for (let f = 0; f < features; f++) sums[m * features + f] += values[f * samples + i];
      }
    }
    [above, middle, below] = [middle, below, above];
  }
  for (let m = 0; m < materials; m++) {
    if (counts[m] < MIN_NEIGHBOUR_SAMPLES) continue;
    for (let f = 0; f < features; f++) signatures[m * features + f] = Math.max(sums[m * features + f] / counts[m], 1e-6);
  }
}
