// The material classification's per-layer stages on the WebAssembly kernels (assembly/unmix.ts):
// the same LayerUnmixer as the TypeScript reference in layerUnmixer.ts.
import { f32View, f64View, layOut } from "../../kernels/arena.js";
import type { RawKernels } from "../../kernels/loader.js";
import { referenceFractions, type AbundanceModel } from "./abundances.js";
import { sampleFeatures } from "./features.js";
import { FEATURE_SLOTS, FRACTION_SLOTS, referenceLayerUnmixer, sampledRuns, type LayerUnmixer, type LayerUnmixerFactory } from "./layerUnmixer.js";
import type { CorrectedStack } from "./materialModel.js";

/**
 * Support bit masks index the kernel's table of inverses, 2^materials of them; the kernel's
 * static buffers hold this many materials (MAX_MATERIALS in assembly/unmix.ts, kept equal).
 */
export const MAX_KERNEL_MATERIALS = 8;

/**
 * Runs on `raw` where the stack is float32 (as read from a file); otherwise on the reference.
 * The features of as many layers as fit in `keptFeatureBytes` stay in kernel memory (default
 * keptFeatureBudget), unless the factory's caller bounds them itself.
 */
export function wasmLayerUnmixer(raw: RawKernels, keptFeatureBytes?: number): LayerUnmixerFactory {
  return (stack, keptBytes = keptFeatureBytes) => {
    const float32 = stack.counts instanceof Float32Array && (stack.total === undefined || stack.total instanceof Float32Array);
    return float32 ? new WasmLayerUnmixer(raw, stack, keptBytes ?? keptFeatureBudget(stack)) : referenceLayerUnmixer(stack);
  };
}

/**
 * The kernel's model table (see assembly/unmix.ts): the solver's scale, the penalty, the
 * weighted signatures transposed, the penalised Gram matrix, every support's block (direct map,
 * offset, map of b; the maps transposed), and every support's size (-1: singular), all from the
 * model's own solver so that the kernel solves with the reference's numbers. Rows are padded to
 * an even number of materials for the SIMD build.
 */
function unmixModelTable(raw: RawKernels, model: AbundanceModel, features: number): Float64Array {
  const { materials, solver } = model;
  const padded = (materials + 1) & ~1;
  const supports = 1 << materials;
  const table = new Float64Array(raw.unmixModelDoubles(materials, features));
  const transpose = (at: number, matrix: Float64Array, columns: number) => {
    for (let m = 0; m < materials; m++) {
      for (let c = 0; c < columns; c++) table[at + c * padded + m] = matrix[m * columns + c]!;
    }
  };
  table.set(solver.scale, 0);
  table[features] = model.penalty;
  transpose(features + 1, model.weighted, features);
  table.set(solver.gram, features + 1 + features * padded);
  const blocks = features + 1 + features * padded + materials * materials;
  const blockDoubles = (features + 1 + materials) * padded;
  const sizes = blocks + supports * blockDoubles;
  for (let support = 0; support < supports; support++) {
    const block = solver.block(support);
    table[sizes + support] = block ? block.members.length : -1;
    if (!block) continue;
    const base = blocks + support * blockDoubles;
    transpose(base, block.direct, features);
    table.set(block.offset, base + features * padded);
    transpose(base + (features + 1) * padded, block.map, materials);
  }
  return table;
}

/**
 * The classification visits each layer twice, and smoothing a layer costs about a third as
 * much as unmixing it, so the features of the first layers stay in kernel memory after their
 * first visit, as many as fit in a tenth of the counts' bytes. Kernel memory never shrinks,
 * and the reconstruction's peak memory (3x its input, issue 4) already holds the counts, the
 * fractions of every layer-pixel and the voxels: keeping every layer's features (1.25x the
 * counts with four channels and a total) raised it from 2.5x to 3.7x on the 512 x 512 paper
 * preset.
 */
function keptFeatureBudget(stack: CorrectedStack): number {
  return Math.min(2 ** 30, (stack.layers * stack.channels * stack.rows * stack.cols * 4) / 10);
}

class WasmLayerUnmixer implements LayerUnmixer {
  readonly features: number;
  readonly pixels: number;
  readonly cols: number;
  readonly layers: number;
  private readonly channels: number;
  private offsets: number[] = [];
  private model?: AbundanceModel;
  private table?: Float64Array;
  /** Layers 0 to keptLayers - 1 keep their features in the arena; the others share the feature slots. */
  private readonly keptLayers: number;
  /** Per kept layer: whether its features are computed. */
  private readonly computed: Uint8Array;
  /** The layer in each feature slot. */
  private readonly slotLayers = new Int32Array(FEATURE_SLOTS);

  constructor(
    private readonly raw: RawKernels,
    private readonly stack: CorrectedStack,
    keptFeatureBytes: number,
  ) {
    this.channels = stack.channels;
    this.features = stack.channels + (stack.total ? 1 : 0);
    this.pixels = stack.rows * stack.cols;
    this.cols = stack.cols;
    this.layers = stack.layers;
    this.keptLayers = Math.min(this.layers, Math.floor(keptFeatureBytes / (this.features * this.pixels * 4)));
    this.computed = new Uint8Array(this.keptLayers);
    this.layOut(0, 0);
  }

  /**
   * One arena for the job: the layer's counts and total, the features (of the kept layers,
   * then the feature slots), the smoothing scratch, the feature sums, the fraction slots, the
   * model table, the refinement's list of pixels, sums and counts. Laid out again for each
   * model, at the same offsets for the buffers before the fraction slots, which keep their data.
   */
  private layOut(materials: number, tableDoubles: number): void {
    const { pixels, features, channels } = this;
    this.offsets = layOut(this.raw, [
      channels * pixels * 4,
      pixels * 4,
      (this.keptLayers + FEATURE_SLOTS) * features * pixels * 4,
      this.raw.featureScratchBytes(this.stack.cols),
      features * 8,
      ...Array.from({ length: FRACTION_SLOTS }, () => materials * pixels * 4),
      tableDoubles * 8,
      pixels * 4,
      materials * features * 8,
      materials * 8,
    ]);
  }

  private get tableAt(): number {
    return this.offsets[5 + FRACTION_SLOTS]!;
  }

  /** Where layer `k`'s features are when kept, else those of feature slot `slot`. */
  private featuresAt(k: number, slot: number): number {
    return this.offsets[2]! + (k < this.keptLayers ? k : this.keptLayers + slot) * this.features * this.pixels * 4;
  }

  private featureAt(slot: number): number {
    return this.featuresAt(this.slotLayers[slot]!, slot);
  }

  private fractionAt(slot: number): number {
    return this.offsets[5 + slot]!;
  }

  loadLayer(k: number, slot: number, sums?: Float64Array): Float32Array {
    const { raw, pixels, features } = this;
    this.slotLayers[slot] = k;
    const at = this.featuresAt(k, slot);
    if (!(k < this.keptLayers && this.computed[k])) {
      this.computeFeatures(k, at, sums);
      if (k < this.keptLayers) this.computed[k] = 1;
      return f32View(raw, at, features * pixels);
    }
    const values = f32View(raw, at, features * pixels);
    for (let f = 0; sums && f < features; f++) {
      let sum = sums[f]!;
      for (let p = f * pixels; p < (f + 1) * pixels; p++) sum += values[p]!;
      sums[f] = sum;
    }
    return values;
  }

  /** In a layout of its own from the arena's start: the kept layers' features are computed again. */
  unmixSamples = (model: AbundanceModel, values: Float32Array, samples: number): Float32Array => {
    const { raw, features } = this;
    if (model.materials > MAX_KERNEL_MATERIALS) return referenceFractions(model, values, samples);
    const table = unmixModelTable(raw, model, features);
    const [valuesAt, fractionsAt, tableAt] = layOut(raw, [features * samples * 4, model.materials * samples * 4, table.length * 8]) as [number, number, number];
    this.computed.fill(0);
    f32View(raw, valuesAt, features * samples).set(values);
    f64View(raw, tableAt, table.length).set(table);
    raw.unmixSamples(valuesAt, samples, samples, tableAt, model.materials, features, fractionsAt, 0);
    return f32View(raw, fractionsAt, model.materials * samples).slice();
  };

  sampleFeatures(k: number, p: number, out: Float32Array): void {
    sampleFeatures(this.stack.counts, this.stack, this.stack.total, k, p, out);
  }

  private computeFeatures(k: number, at: number, sums?: Float64Array): void {
    const { raw, stack, pixels, channels, features, offsets } = this;
    const [countsAt, totalAt] = offsets as [number, number];
    const scratchAt = offsets[3]!;
    const sumsAt = offsets[4]!;
    f32View(raw, countsAt, channels * pixels).set((stack.counts as Float32Array).subarray(k * channels * pixels, (k + 1) * channels * pixels));
    if (stack.total) f32View(raw, totalAt, pixels).set((stack.total as Float32Array).subarray(k * pixels, (k + 1) * pixels));
    if (sums) f64View(raw, sumsAt, features).set(sums);
    raw.signalFeaturesLayer(countsAt, totalAt, stack.total ? 1 : 0, channels, stack.rows, stack.cols, at, scratchAt, sums ? sumsAt : 0);
    if (sums) sums.set(f64View(raw, sumsAt, features));
  }

  useModel(model: AbundanceModel): void {
    this.model = model;
    this.table = model.materials <= MAX_KERNEL_MATERIALS ? unmixModelTable(this.raw, model, this.features) : undefined;
    this.layOut(model.materials, this.table?.length ?? 0);
    if (this.table) f64View(this.raw, this.tableAt, this.table.length).set(this.table);
  }

  addNeighbourPure(
    above: number, below: number, slot: number, purity: number, sums: Float64Array, counts: Float64Array, rowStride = 1,
  ): void {
    const { raw, pixels, cols, features, offsets } = this;
    const [listAt, sumsAt, countsAt] = offsets.slice(-3) as [number, number, number];
    f64View(raw, sumsAt, sums.length).set(sums);
    f64View(raw, countsAt, counts.length).set(counts);
    raw.accumulateNeighbourPure(
      this.fractionAt(above), this.fractionAt(below), this.featureAt(slot), pixels, cols, rowStride, counts.length, features, purity,
      sumsAt, countsAt, listAt,
    );
    sums.set(f64View(raw, sumsAt, sums.length));
    counts.set(f64View(raw, countsAt, counts.length));
  }

  unmixLayer(slot: number, into: number, rowStride = 1): Float32Array {
    const { raw, model, pixels, cols, features } = this;
    if (!model) throw new Error("unmixLayer before useModel");
    const values = f32View(raw, this.featureAt(slot), features * pixels);
    const fractions = f32View(raw, this.fractionAt(into), model.materials * pixels);
    const { count, step } = sampledRuns(pixels, cols, rowStride);
    if (!this.table) {
      model.solver.lastSupport = 0;
      for (let start = 0; start < pixels; start += step) model.unmix(values, pixels, start, start + count, fractions.subarray(start), pixels);
      return fractions;
    }
    // One sample path across the runs, as the reference takes it (the support carries over).
    let support = 0;
    for (let start = 0; start < pixels; start += step) {
      const at = start * 4;
      support = raw.unmixSamples(this.featureAt(slot) + at, pixels, count, this.tableAt, model.materials, features, this.fractionAt(into) + at, support);
    }
    return fractions;
  }
}
