import { AbundanceModel } from "./abundances.js";
import { referenceLayerUnmixer, type LayerUnmixer, type LayerUnmixerFactory } from "./layerUnmixer.js";
import type { CorrectedStack } from "./materialModel.js";

/**
 * The classification's passes over the layers after the signatures are grown (unmix.ts): the
 * refinement's count of depth-neighbour-pure samples, and the final fractions. Layers unmix
 * independently (each starts its solver afresh, see LayerUnmixer.unmixLayer) and the
 * refinement keeps each layer's sums apart, so a range of layers can run on any thread with its
 * own unmixer and give the bits one pass would.
 */
interface LayerPassJob {
  /** Only plain data: a job may be posted to a worker thread. */
  stack: CorrectedStack;
  signatures: Float64Array;
  /** Per-feature weights of all the samples (featureWeightsFromSums). */
  weights: Float64Array;
  materials: number;
}

export interface LayerFractionsJob extends LayerPassJob {
  /** `[materials, layers * pixels]`; shared memory when other threads write their layers. */
  fractions: Float32Array;
}

/** Parts are the middle layers 1 to layers - 2, each with a layer above and below it. */
export interface NeighbourPureJob extends LayerPassJob {
  purity: number;
  /** Only every rowStride-th row's samples are judged (LayerUnmixer.unmixLayer). */
  rowStride: number;
  /** `[layers, materials, features]`: each layer's sums (LayerUnmixer.addNeighbourPure), shared like `fractions`. */
  sums: Float64Array;
  /** `[layers, materials]`: each layer's counts. */
  counts: Float64Array;
  /**
   * `[layers, features]`: each layer's sum of every feature (all rows), written by every part
   * that reads the layer (the same values), for the final pass's feature weights.
   */
  featureSums: Float64Array;
}

/** Runs the passes over all of their parts, e.g. split over a thread pool. */
export interface LayerPassRunner {
  fractions(job: LayerFractionsJob, layers: number): void;
  neighbourPure(job: NeighbourPureJob, middleLayers: number): void;
}

/** The passes as the classification hands them out, before the runner's caller adds the stack. */
export interface StacklessLayerPasses {
  fractions(job: Omit<LayerFractionsJob, "stack">): void;
  neighbourPure(job: Omit<NeighbourPureJob, "stack">): void;
}

export function withStack(runner: LayerPassRunner, stack: CorrectedStack): StacklessLayerPasses {
  return {
    fractions: (job) => runner.fractions({ ...job, stack }, stack.layers),
    neighbourPure: (job) => runner.neighbourPure({ ...job, stack }, Math.max(0, stack.layers - 2)),
  };
}

/** Fractions of layers [from, to) with `unmixer`, which is already on the final model. */
export function unmixLayerRange(unmixer: LayerUnmixer, fractions: Float32Array, materials: number, from: number, to: number, onLayer?: (layer: number) => void): void {
  const { pixels, layers } = unmixer;
  const samples = layers * pixels;
  for (let k = from; k < to; k++) {
    unmixer.loadLayer(k, 0);
    const layer = unmixer.unmixLayer(0, 0);
    for (let m = 0; m < materials; m++) fractions.set(layer.subarray(m * pixels, (m + 1) * pixels), m * samples + k * pixels);
    onLayer?.(k);
  }
}

/**
 * Each middle layer k in [from, to) (0 < from, to < layers): its samples (on every rowStride-th
 * row) whose layers above and below are `purity` of a material, into layer k's `sums` and
 * `counts`, and the feature sums of layers from - 1 to `to`, with `unmixer` already
 * on the model to judge them. Layer j's features are in feature slot j % 2; fraction slots
 * rotate through the layers above, at and below k.
 */
export function neighbourPureRange(
  unmixer: LayerUnmixer, job: Omit<NeighbourPureJob, "stack">, from: number, to: number, onLayer?: (layer: number) => void,
): void {
  const { materials, purity, rowStride, sums, counts, featureSums } = job;
  const { features } = unmixer;
  const block = materials * features;
  const load = (k: number) => {
    const layerSums = new Float64Array(features);
    unmixer.loadLayer(k, k % 2, layerSums);
    featureSums.set(layerSums, k * features);
  };
  let [above, middle, below] = [0, 1, 2];
  load(from - 1);
  unmixer.unmixLayer((from - 1) % 2, above, rowStride);
  load(from);
  unmixer.unmixLayer(from % 2, middle, rowStride);
  for (let k = from; k < to; k++) {
    load(k + 1);
    unmixer.unmixLayer((k + 1) % 2, below, rowStride);
    const [layerSums, layerCounts] = [sums.subarray(k * block, (k + 1) * block), counts.subarray(k * materials, (k + 1) * materials)];
    unmixer.addNeighbourPure(above, below, k % 2, purity, layerSums, layerCounts, rowStride);
    [above, middle, below] = [middle, below, above];
    onLayer?.(k + 1);
  }
}

/**
 * A fresh unmixer from `factory` (default the TypeScript reference) on the job's model. A part
 * visits each of its layers once, so it keeps no features for a later visit.
 */
function jobUnmixer(factory: LayerUnmixerFactory | undefined, job: LayerPassJob): LayerUnmixer {
  const unmixer = (factory ?? referenceLayerUnmixer)(job.stack, 0);
  unmixer.useModel(new AbundanceModel(unmixer.features, job.signatures, job.materials, job.weights));
  return unmixer;
}

/** Layers [from, to) of `job`. */
export function unmixJobLayers(factory: LayerUnmixerFactory | undefined, job: LayerFractionsJob, from: number, to: number): void {
  unmixLayerRange(jobUnmixer(factory, job), job.fractions, job.materials, from, to);
}

/** Parts [from, to) of `job`: middle layers from + 1 to to. */
export function neighbourPureJobLayers(factory: LayerUnmixerFactory | undefined, job: NeighbourPureJob, from: number, to: number): void {
  if (from < to) neighbourPureRange(jobUnmixer(factory, job), job, from + 1, to + 1);
}
