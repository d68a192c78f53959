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
 * same means to well within the counting noise (the interface and surface figures of the
 * accuracy sweep did not move), while unmixing a quarter of the samples.
 */
const REFINEMENT_ROWS = 128;

/** The passes over the layers that unmixMaterials makes, for its progress. */
const LAYER_PASSES = 3;

/**
 * `materials` fixes the number of classes; left out, the data choose it. The samples are
 * visited a layer at a time, three times: for the feature weights and a training subset, to
 * refine the signatures from depth neighbours (see refineFromDepthNeighbours), and for the
 * final fractions; `passes` runs the last two when given (e.g. over a thread pool), the unmixer
 * otherwise. `onProgress` is told the fraction of those visits done.
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
  const { sums, subset, count } = weightsAndTraining(unmixer, (k) => layerDone(0, k));
  const weights = featureWeightsFromSums(sums, samples);
  const signatures = growEndmembers(subset, features, count, { materials });
  const found = signatures.length / features;
  // The model is built before the refinement changes the signatures in place.
  const model = new AbundanceModel(features, signatures, found, weights);
  refineFromDepthNeighbours(unmixer, model, { signatures, weights }, (k) => layerDone(1, k), passes);
  if (passes) onProgress(2 / LAYER_PASSES);
  const fractions = sharedFloat32Array(found * samples);
  if (passes) {
    passes.fractions({ signatures, weights, materials: found, fractions });
    onProgress(1);
  } else {
    unmixer.useModel(new AbundanceModel(features, signatures, found, weights));
    unmixLayerRange(unmixer, fractions, found, 0, layers, (k) => layerDone(2, k));
  }
  return { fractions, signatures, materials: found };
}

/**
 * Each feature's sum over all samples, and the training subset `[features, count]`: an even
 * stride through the samples that carry any signal, at most MAX_TRAINING_SAMPLES.
 */
function weightsAndTraining(unmixer: LayerUnmixer, onLayer: (layer: number) => void): { sums: Float64Array; subset: Float32Array; count: number } {
  const { features, pixels, layers } = unmixer;
  const samples = layers * pixels;
  const stride = Math.max(1, Math.floor(samples / MAX_TRAINING_SAMPLES));
  const sums = new Float64Array(features);
  const chosen: number[][] = Array.from({ length: features }, () => []);
  for (let k = 0; k < layers; k++) {
    const values = unmixer.loadLayer(k, 0, sums);
    for (let i = Math.ceil((k * pixels) / stride) * stride; i < (k + 1) * pixels; i += stride) {
      const p = i - k * pixels;
      let sum = 0;
      for (let f = 0; f < features; f++) sum += values[f * pixels + p]!;
      if (sum > 0) for (let f = 0; f < features; f++) chosen[f]!.push(values[f * pixels + p]!);
    }
    onLayer(k);
  }
  const count = chosen[0]!.length;
  const subset = new Float32Array(features * count);
  chosen.forEach((column, f) => subset.set(column, f * count));
  return { sums, subset, count };
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
 * are kept apart and added in layer order, so that any split of the layers adds alike.
 */
function refineFromDepthNeighbours(
  unmixer: LayerUnmixer, model: AbundanceModel, job: { signatures: Float64Array; weights: Float64Array },
  onLayer: (layer: number) => void, passes?: StacklessLayerPasses,
): void {
  const { materials } = model;
  const { features, layers, pixels, cols } = unmixer;
  const { signatures } = job;
  if (layers < 3) return;
  const block = materials * features;
  const pure = {
    ...job, materials, purity: NEIGHBOUR_PURITY, rowStride: refinementRowStride(pixels / cols),
    sums: sharedFloat64Array(layers * block), counts: sharedFloat64Array(layers * materials),
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
}
