import { AbundanceModel, referenceFractions, type FractionSolver } from "./abundances.js";
import { LayerFeatures, sampleFeatures } from "./features.js";
import type { CorrectedStack } from "./materialModel.js";

/**
 * The two per-sample stages of the material classification, one layer at a time so that the
 * features and fractions of all layer-pixels need not be held at once: the signal features of a
 * layer (features.ts) and their abundances under a model (abundances.ts). Buffers live in
 * numbered slots: a layer's features in a feature slot, its fractions in a fraction slot, each
 * valid until that slot is written again or the model changes (on the kernels, a new model may
 * grow their memory, which detaches every view handed out before). The TypeScript
 * implementation here is the reference; layerUnmixerWasm.ts runs the same on the WebAssembly
 * kernels (assembly/unmix.ts), and keeps every layer's features where they fit, since the
 * classification visits each layer twice.
 */
export interface LayerUnmixer {
  readonly features: number;
  readonly pixels: number;
  /** Pixels per row. */
  readonly cols: number;
  readonly layers: number;
  /** Features of layer `k` `[features, pixels]` into feature slot `slot`; each feature's sum is added to `sums` when given. */
  loadLayer(k: number, slot: number, sums?: Float64Array): Float32Array;
  /** Features of the one sample at layer `k`, pixel `p`, into `out` `[features]`: loadLayer's values for it. */
  sampleFeatures(k: number, p: number, out: Float32Array): void;
  /**
   * Fractions of samples that are not a layer (the training subset) under `model`, as
   * AbundanceModel.unmix gives them; may overwrite any layer's features kept for a later visit.
   */
  unmixSamples: FractionSolver;
  /** Unmixes with `model` from here on. */
  useModel(model: AbundanceModel): void;
  /**
   * Fractions `[materials, pixels]` of feature slot `slot` into fraction slot `into`. The
   * samples of a layer follow one path (see ActiveSetSolver), which starts afresh at each layer:
   * a layer unmixes the same whichever layers came before it, so layers can be unmixed apart.
   * With `rowStride` > 1 only every rowStride-th row (from row 0) is unmixed, as one path; the
   * other rows' fractions are left as they were.
   */
  unmixLayer(slot: number, into: number, rowStride?: number): Float32Array;
  /**
   * For each material m, of the pixels on every `rowStride`-th row (default every row) whose
   * fractions in slots `above` and `below` are both at least `purity` of m: adds 1 to
   * `counts[m]` and their features (feature slot `slot`) to `sums` `[materials, features]`.
   */
  addNeighbourPure(
    above: number, below: number, slot: number, purity: number, sums: Float64Array, counts: Float64Array, rowStride?: number,
  ): void;
}

/**
 * Makes the unmixer a depth model runs on, for its corrected stack; `keptFeatureBytes` bounds
 * the features it may keep for a later visit of their layer (layerUnmixerWasm.ts).
 */
export type LayerUnmixerFactory = (stack: CorrectedStack, keptFeatureBytes?: number) => LayerUnmixer;

/**
 * The pixels of every `rowStride`-th row as runs of `count` pixels starting every `step`: one
 * run of the whole layer when every row is sampled.
 */
export function sampledRuns(pixels: number, cols: number, rowStride: number): { count: number; step: number } {
  return rowStride === 1 ? { count: pixels, step: pixels } : { count: cols, step: rowStride * cols };
}

export const FEATURE_SLOTS = 2;
export const FRACTION_SLOTS = 3;

export function referenceLayerUnmixer(stack: CorrectedStack): LayerUnmixer {
  const { layers, channels, rows, cols } = stack;
  const pixels = rows * cols;
  const source = new LayerFeatures(stack.counts, { layers, channels, rows, cols }, stack.total);
  const featureSlots = Array.from({ length: FEATURE_SLOTS }, () => new Float32Array(source.features * pixels));
  let model: AbundanceModel | undefined;
  let fractionSlots: Float32Array[] = [];
  return {
    features: source.features,
    pixels,
    cols,
    layers,
    loadLayer(k, slot, sums) {
      const out = featureSlots[slot]!;
      source.compute(k, out);
      if (!sums) return out;
      for (let f = 0; f < source.features; f++) {
        let sum = sums[f]!;
        for (let p = f * pixels; p < (f + 1) * pixels; p++) sum += out[p]!;
        sums[f] = sum;
      }
      return out;
    },
    unmixSamples: referenceFractions,
    sampleFeatures(k, p, out) {
      sampleFeatures(stack.counts, stack, stack.total, k, p, out);
    },
    useModel(next) {
      model = next;
      fractionSlots = Array.from({ length: FRACTION_SLOTS }, () => new Float32Array(next.materials * pixels));
    },
    addNeighbourPure(above, below, slot, purity, sums, counts, rowStride = 1) {
      const [up, down, values] = [fractionSlots[above]!, fractionSlots[below]!, featureSlots[slot]!];
      const { features } = source;
      for (let m = 0; m < counts.length; m++) {
        for (let start = 0; start < pixels; start += rowStride * cols) {
          for (let p = start; p < start + cols; p++) {
            if (up[m * pixels + p]! < purity || down[m * pixels + p]! < purity) continue;
            counts[m]++;
            for (let f = 0; f < features; f++) sums[m * features + f] += values[f * pixels + p]!;
          }
        }
      }
    },
    unmixLayer(slot, into, rowStride = 1) {
      if (!model) throw new Error("unmixLayer before useModel");
      const out = fractionSlots[into]!;
      model.solver.lastSupport = 0;
      const { count, step } = sampledRuns(pixels, cols, rowStride);
      for (let start = 0; start < pixels; start += step) {
        model.unmix(featureSlots[slot]!, pixels, start, start + count, out.subarray(start), pixels);
      }
      return out;
    },
  };
}
