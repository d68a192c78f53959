import { AbundanceModel } from "./abundances.js";
import { referenceLayerUnmixer, type LayerUnmixer, type LayerUnmixerFactory } from "./layerUnmixer.js";
import type { CorrectedStack } from "./materialModel.js";

/**
 * The classification's last pass: every layer's fractions under the final signatures. Layers
 * unmix independently (each starts its solver afresh, see LayerUnmixer.unmixLayer), so a range
 * of layers can run on any thread with its own unmixer and give the bits one pass would.
 */
export interface LayerFractionsJob {
  /** Only plain data: a job may be posted to a worker thread. */
  stack: CorrectedStack;
  signatures: Float64Array;
  /** Per-feature weights of all the samples (featureWeightsFromSums). */
  weights: Float64Array;
  materials: number;
  /** `[materials, layers * pixels]`; shared memory when other threads write their layers. */
  fractions: Float32Array;
}

/** Runs a job over all of its layers, e.g. split over a thread pool. */
export type LayerFractionsRunner = (job: LayerFractionsJob, layers: number) => void;

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

/** Layers [from, to) of `job` on a fresh unmixer from `factory` (default the TypeScript reference). */
export function unmixJobLayers(factory: LayerUnmixerFactory | undefined, job: LayerFractionsJob, from: number, to: number): void {
  const unmixer = (factory ?? referenceLayerUnmixer)(job.stack);
  unmixer.useModel(new AbundanceModel(unmixer.features, job.signatures, job.materials, job.weights));
  unmixLayerRange(unmixer, job.fractions, job.materials, from, to);
}
