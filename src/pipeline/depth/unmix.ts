import { kMeans } from "./kmeans.js";
import type { SignalFeatures } from "./features.js";
import { unmixAbundances } from "./abundances.js";

/**
 * Unsupervised material classification. The signal of a layer-pixel is modelled as a mixture
 * x = sum_m a_m S_m of material signatures S_m (counts per layer at full coverage), which is
 * what a mixed voxel of dead-time-corrected counts is. Signatures come from k-means on
 * square-root counts (which makes Poisson noise equal across features, so no channel dominates
 * by its size) over a subsample; each sample's abundances a_m >= 0 then come from a weighted
 * non-negative least-squares fit with the signatures fixed (abundances.ts), normalised to
 * fractions f_m = a_m / sum a.
 */
export interface MaterialUnmixing {
  /** Fractions `[materials, samples]` (sample = k * pixels + p), each sample summing to 1. */
  fractions: Float32Array;
  /** Signatures `[materials, features]`, counts per layer at full coverage. */
  signatures: Float64Array;
  materials: number;
}

const MAX_TRAINING_SAMPLES = 60_000;
const PURITY_ROUNDS = 4;
const PURE_FRACTION = 0.9;
const MIN_PURE_SAMPLES = 20;

export function unmixMaterials(input: SignalFeatures, materials: number): MaterialUnmixing {
  const { values, features, samples } = input;
  const training = trainingSamples(values, features, samples);
  const rooted = new Float32Array(features * training.length);
  for (let f = 0; f < features; f++) {
    for (let j = 0; j < training.length; j++) {
      rooted[f * training.length + j] = Math.sqrt(values[f * samples + training[j]]);
    }
  }
  const identity = Int32Array.from(training.keys());
  const centroids = kMeans(rooted, features, training.length, identity, materials);
  const signatures = clusterMeans(values, features, samples, training, rooted, centroids, materials);
  purifySignatures(values, features, samples, training, signatures, materials);
  const fractions = unmixAbundances(values, features, samples, signatures, materials);
  return { fractions, signatures, materials };
}

/**
 * A cluster mean still contains the mixed samples at interfaces, which pulls every signature
 * toward its neighbours and biases the fractions of mixtures. Each round re-estimates each
 * signature from the training samples it explains almost alone.
 */
function purifySignatures(
  values: Float32Array,
  features: number,
  samples: number,
  training: Int32Array,
  signatures: Float64Array,
  materials: number,
): void {
  const n = training.length;
  const subset = new Float32Array(features * n);
  for (let f = 0; f < features; f++) {
    for (let j = 0; j < n; j++) subset[f * n + j] = values[f * samples + training[j]];
  }
  for (let round = 0; round < PURITY_ROUNDS; round++) {
    const fractions = unmixAbundances(subset, features, n, signatures, materials);
    for (let m = 0; m < materials; m++) {
      const sums = new Float64Array(features);
      let count = 0;
      for (let j = 0; j < n; j++) {
        if (fractions[m * n + j] < PURE_FRACTION) continue;
        count++;
        for (let f = 0; f < features; f++) sums[f] += subset[f * n + j];
      }
      if (count < MIN_PURE_SAMPLES) continue;
      for (let f = 0; f < features; f++) signatures[m * features + f] = Math.max(sums[f] / count, 1e-6);
    }
  }
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

/** Mean raw signal of the training samples nearest each centroid (empty classes keep the centroid squared). */
function clusterMeans(
  values: Float32Array,
  features: number,
  samples: number,
  training: Int32Array,
  rooted: Float32Array,
  centroids: Float64Array,
  materials: number,
): Float64Array {
  const n = training.length;
  const sums = new Float64Array(materials * features);
  const sizes = new Float64Array(materials);
  for (let j = 0; j < n; j++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let m = 0; m < materials; m++) {
      let dist = 0;
      for (let f = 0; f < features; f++) {
        const d = rooted[f * n + j] - centroids[m * features + f];
        dist += d * d;
      }
      if (dist < bestDistance) {
        bestDistance = dist;
        best = m;
      }
    }
    sizes[best]++;
    for (let f = 0; f < features; f++) sums[best * features + f] += values[f * samples + training[j]];
  }
  const signatures = new Float64Array(materials * features);
  for (let m = 0; m < materials; m++) {
    for (let f = 0; f < features; f++) {
      const i = m * features + f;
      // A floor keeps every signature non-zero, so no support set is singular by construction.
      signatures[i] = Math.max(sizes[m] > 0 ? sums[i] / sizes[m] : centroids[i] ** 2, 1e-6);
    }
  }
  return signatures;
}
