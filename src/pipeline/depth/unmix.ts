import { sharedFloat32Array, sharedFloat64Array } from "../../parallel/sharedArrays.js";
import { AbundanceModel, featureWeightsFromSums } from "./abundances.js";
import { growEndmembers } from "./endmembers.js";
import { neighbourPureRange, unmixLayerRange, type StacklessLayerPasses } from "./layerPasses.js";
import type { LayerUnmixer } from "./layerUnmixer.js";

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
 * The refinement reads every row of a field up to this many rows high, and every second, third
 * ... row of a larger one, at least this many. Its signatures are means over every sample a
 * material holds purely, millions of them on a 512 x 512 field, and every fourth row gives the
 * same means to well within the counting noise, while unmixing a quarter of the samples
 * (measured: the paper preset's inner-SEI/HC interface error moved by at most 0.01 nm, at 256
 * and at 512 pixels, and its fitted sputter rates by at most 0.3 %).
 */
const REFINEMENT_ROWS = 128;

/** The passes over the layers that unmixMaterials makes, for its progress. */
const LAYER_PASSES = 2;

/**
 * `materials` fixes the number of classes; left out, the data choose it. The signatures grow
 * from a training subset whose features are read sample by sample; the samples are then
 * visited a layer at a time, twice: to refine the signatures from depth neighbours (see
 * refineFromDepthNeighbours), which also sums every feature over all samples for the feature
 * weights, and for the final fractions; `passes` runs both when given (e.g. over a thread
 * pool), the unmixer otherwise. `onProgress` is told the fraction of those visits done.
 */
export function unmixMaterials(
  unmixer: LayerUnmixer,
  materials?: number,
  onProgress: (fraction: number) => void = () => {},
  passes?: StacklessLayerPasses,
): MaterialUnmixing {
  const { features, pixels, layers } = unmixer;
  const samples = layers * pixels;
  const layerDone = (pass: number, layer: number) => onProgress((pass + (layer + 1) / layers) / LAYER_PASSES);
  const { subset, count, sampledSums, sampled } = trainingSamples(unmixer);
  const signatures = growEndmembers(subset, features, count, { materials, solve: unmixer.unmixSamples });
  const found = signatures.length / features;
  // The refinement judges purity with the weights of the training stride's samples (all of
  // them, with or without signal), an unbiased estimate of those of every sample, which it sums.
  const estimated = featureWeightsFromSums(sampledSums, sampled);
  // The model is built before the refinement changes the signatures in place.
  const model = new AbundanceModel(features, signatures, found, estimated);
  const job = { signatures, weights: estimated };
  const sums = refineFromDepthNeighbours(unmixer, model, job, (k) => layerDone(0, k), passes) ?? featureSums(unmixer);
  if (passes) onProgress(1 / LAYER_PASSES);
  const weights = featureWeightsFromSums(sums, samples);
  const fractions = sharedFloat32Array(found * samples);
  if (passes) {
    passes.fractions({ signatures, weights, materials: found, fractions });
    onProgress(1);
  } else {
    unmixer.useModel(new AbundanceModel(features, signatures, found, weights));
    unmixLayerRange(unmixer, fractions, found, 0, layers, (k) => layerDone(1, k));
  }
  return { fractions, signatures, materials: found };
}

/**
 * The training subset `[features, count]`: an even stride through the samples, at most
 * MAX_TRAINING_SAMPLES, keeping those that carry any signal; and each feature's sum over all
 * `sampled` samples of the stride.
 */
function trainingSamples(unmixer: LayerUnmixer): { subset: Float32Array; count: number; sampledSums: Float64Array; sampled: number } {
  const { features, pixels, layers } = unmixer;
  const samples = layers * pixels;
  const stride = Math.max(1, Math.floor(samples / MAX_TRAINING_SAMPLES));
  const sampledSums = new Float64Array(features);
  const chosen: number[][] = Array.from({ length: features }, () => []);
  const values = new Float32Array(features);
  let sampled = 0;
  for (let i = 0; i < samples; i += stride, sampled++) {
    unmixer.sampleFeatures(Math.floor(i / pixels), i % pixels, values);
    let sum = 0;
    for (let f = 0; f < features; f++) {
      sum += values[f]!;
      sampledSums[f] += values[f]!;
    }
    if (sum > 0) for (let f = 0; f < features; f++) chosen[f]!.push(values[f]!);
  }
  const count = chosen[0]!.length;
  const subset = new Float32Array(features * count);
  chosen.forEach((column, f) => subset.set(column, f * count));
  return { subset, count, sampledSums, sampled };
}

/** Each feature's sum over all samples, a layer at a time (where there is no refinement pass to take them). */
function featureSums(unmixer: LayerUnmixer): Float64Array {
  const sums = new Float64Array(unmixer.features);
  for (let k = 0; k < unmixer.layers; k++) unmixer.loadLayer(k, 0, sums);
  return sums;
}

/** Every how many rows the refinement reads: see REFINEMENT_ROWS. */
export function refinementRowStride(rows: number): number {
  return Math.max(1, Math.floor(rows / REFINEMENT_ROWS));
}

/**
 * The signatures so far are means of samples chosen for looking pure, and with few counts per
 * layer that choice favours samples whose noise happened to push them outward (a too-bright
 * organic signature makes ordinary organic layers look diluted). Here a sample counts for its
 * material when the layers above and below it at the same pixel are that material: their noise
 * is independent of its own, so its mean is the material's true mean signal. Each layer's sums
 * are kept apart and added in layer order, so that any split of the layers adds alike, and so
 * are the feature sums it returns (undefined without middle layers, when it does not run).
 */
function refineFromDepthNeighbours(
  unmixer: LayerUnmixer, model: AbundanceModel, job: { signatures: Float64Array; weights: Float64Array },
  onLayer: (layer: number) => void, passes?: StacklessLayerPasses,
): Float64Array | undefined {
  const { materials } = model;
  const { features, layers, pixels, cols } = unmixer;
  const { signatures } = job;
  if (layers < 3) return undefined;
  const block = materials * features;
  const pure = {
    ...job, materials, purity: NEIGHBOUR_PURITY, rowStride: refinementRowStride(pixels / cols),
    sums: sharedFloat64Array(layers * block), counts: sharedFloat64Array(layers * materials), featureSums: sharedFloat64Array(layers * features),
  };
  if (passes) {
    passes.neighbourPure(pure);
  } else {
    unmixer.useModel(model);
    neighbourPureRange(unmixer, pure, 1, layers - 1, onLayer);
  }
  const sums = new Float64Array(block);
  const counts = new Float64Array(materials);
  for (let k = 1; k < layers - 1; k++) {
    for (let i = 0; i < block; i++) sums[i] += pure.sums[k * block + i];
    for (let m = 0; m < materials; m++) counts[m] += pure.counts[k * materials + m];
  }
  for (let m = 0; m < materials; m++) {
    if (counts[m] < MIN_NEIGHBOUR_SAMPLES) continue;
    for (let f = 0; f < features; f++) signatures[m * features + f] = Math.max(sums[m * features + f] / counts[m], 1e-6);
  }
  const totals = new Float64Array(features);
  for (let k = 0; k < layers; k++) {
    for (let f = 0; f < features; f++) totals[f] += pure.featureSums[k * features + f];
  }
  return totals;
}
