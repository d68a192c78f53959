import { abundanceModel, referenceFractions, unmixAbundances, type FractionSolver } from "./abundances.js";
import { kthSmallest } from "../stats.js";
import { kMeans } from "./kmeans.js";

/**
 * Material signatures (endmembers) from training samples `[features, n]` of smoothed counts.
 *
 * The SEI materials that matter most are rare: a micrometre spot in a 40 um field, a few nm
 * thick, is a fraction of a percent of all layer-pixels. Clustering alone spends its classes
 * on the abundant epoxy and carbon, so the signatures are grown instead: k-means finds the two
 * dominant materials, then, repeatedly, the samples that the current signatures explain worst
 * (largest weighted NNLS residual) seed a new signature. After each addition every signature
 * is re-estimated from the samples it explains almost alone, which removes the pull of mixed
 * interface samples. With `materials` unset, growth stops when the worst-explained samples are
 * no longer far outside the typical misfit, or when their mean is a mixture of the materials
 * already found (the data hold no further distinct material).
 */
export interface EndmemberOptions {
  /** A fixed number of materials; otherwise chosen from the data, between 2 and MAX_MATERIALS. */
  materials?: number;
  /** Where the re-estimation's fractions are solved; default the TypeScript reference. */
  solve?: FractionSolver;
}

const MAX_MATERIALS = 6;
/** Share of the training samples that seeds a new signature (at least SEED_MIN samples). */
const SEED_SHARE = 0.0005;
const SEED_MIN = 20;
/** A new material is needed while its seed misfits exceed the median misfit this many times. */
const NOVELTY_RATIO = 50;
/** Chi-square of a candidate's mean signal above which no mixture of the known materials explains it. */
const MIXTURE_MISFIT = 10;
const PURITY_ROUNDS = 3;
const PURE_FRACTION = 0.9;

export function growEndmembers(values: Float32Array, features: number, n: number, options: EndmemberOptions = {}): Float64Array {
  const target = options.materials;
  const initial = Math.min(2, target ?? 2);
  const solve = options.solve ?? referenceFractions;
  let signatures = initialSignatures(values, features, n, initial);
  purify(values, features, n, signatures, solve);
  const seedSize = Math.max(SEED_MIN, Math.ceil(SEED_SHARE * n));
  while (signatures.length / features < (target ?? MAX_MATERIALS)) {
    const residuals = new Float64Array(n);
    unmixAbundances(values, features, n, signatures, signatures.length / features, residuals);
    const seed = worstExplained(residuals, seedSize);
    let seedMisfit = 0;
    for (const j of seed) seedMisfit += residuals[j] / seed.length;
    // The value at position n / 2 of the residuals sorted from the largest.
    const median = kthSmallest(residuals, n - 1 - Math.floor(n / 2));
    const candidate = new Float32Array(features);
    for (const j of seed) {
      for (let f = 0; f < features; f++) candidate[f] += values[f * n + j] / seed.length;
    }
    if (target === undefined && !(seedMisfit > NOVELTY_RATIO * median && isNewMaterial(candidate, signatures, features))) break;
    const added = new Float64Array(signatures.length + features);
    added.set(signatures);
    added.set(candidate, signatures.length);
    signatures = added;
    purify(values, features, n, signatures, solve);
  }
  return signatures;
}

/**
 * The `count` samples with the largest residuals, largest first (ties in sample order): the
 * head of a stable sort of all of them, found by selection instead.
 */
export function worstExplained(residuals: Float64Array, count: number): Int32Array {
  const n = residuals.length;
  if (count >= n) return Int32Array.from(residuals.keys()).sort((a, b) => residuals[b] - residuals[a] || a - b);
  const threshold = kthSmallest(residuals, n - count);
  const above: number[] = [];
  const ties: number[] = [];
  for (let j = 0; j < n; j++) {
    if (residuals[j] > threshold) above.push(j);
    else if (residuals[j] === threshold) ties.push(j);
  }
  const chosen = Int32Array.from([...above, ...ties.slice(0, count - above.length)]);
  return chosen.sort((a, b) => residuals[b] - residuals[a] || a - b);
}

/**
 * The worst-explained samples are each noisy, but their mean is not: when a mixture of the
 * existing signatures explains that mean (a blurred interface, a mixing tail), the samples
 * hold no new material. Measured on simulated and synthetic profiles, the mean misfit of a
 * genuine new material was 23 or more and of a mixture 4 or less (chi-square, all features).
 */
function isNewMaterial(candidate: Float32Array, signatures: Float64Array, features: number): boolean {
  const misfit = new Float64Array(1);
  unmixAbundances(candidate, features, 1, signatures, signatures.length / features, misfit);
  return misfit[0] > MIXTURE_MISFIT;
}

/** k-means on square-root counts (Poisson noise made equal across features), cluster means in counts. */
function initialSignatures(values: Float32Array, features: number, n: number, k: number): Float64Array {
  const rooted = values.map(Math.sqrt);
  const centroids = kMeans(rooted, features, n, Int32Array.from({ length: n }, (_, j) => j), k);
  const sums = new Float64Array(k * features);
  const sizes = new Float64Array(k);
  for (let j = 0; j < n; j++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let m = 0; m < k; m++) {
      let distance = 0;
      for (let f = 0; f < features; f++) distance += (rooted[f * n + j] - centroids[m * features + f]) ** 2;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = m;
      }
    }
    sizes[best]++;
    for (let f = 0; f < features; f++) sums[best * features + f] += values[f * n + j];
  }
  return sums.map((sum, i) => floor(sizes[Math.floor(i / features)] > 0 ? sum / sizes[Math.floor(i / features)] : centroids[i] ** 2));
}

/** Re-estimates each signature from the samples it explains almost alone (keeps it when too few do). */
function purify(values: Float32Array, features: number, n: number, signatures: Float64Array, solve: FractionSolver): void {
  const materials = signatures.length / features;
  for (let round = 0; round < PURITY_ROUNDS; round++) {
    const fractions = solve(abundanceModel(values, features, n, signatures, materials), values, n);
    for (let m = 0; m < materials; m++) {
      const sums = new Float64Array(features);
      let count = 0;
      for (let j = 0; j < n; j++) {
        if (fractions[m * n + j] < PURE_FRACTION) continue;
        count++;
        for (let f = 0; f < features; f++) sums[f] += values[f * n + j];
      }
      if (count < SEED_MIN) continue;
      for (let f = 0; f < features; f++) signatures[m * features + f] = floor(sums[f] / count);
    }
  }
}

/** Keeps every signature non-zero, so no support set of the NNLS is singular by construction. */
function floor(value: number): number {
  return Math.max(value, 1e-6);
}

