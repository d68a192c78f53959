// The material classification's per-layer stages on the WebAssembly kernels (assembly/unmix.ts):
// the same LayerUnmixer as the TypeScript reference in layerUnmixer.ts.
import { f32View, f64View, layOut } from "../../kernels/arena.js";
import type { RawKernels } from "../../kernels/loader.js";
import type { AbundanceModel } from "./abundances.js";
import { FEATURE_SLOTS, FRACTION_SLOTS, referenceLayerUnmixer, type LayerUnmixer, type LayerUnmixerFactory } from "./layerUnmixer.js";
import type { CorrectedStack } from "./materialModel.js";

/**
 * Support bit masks index the kernel's table of inverses, 2^materials of them; the kernel's
 * static buffers hold this many materials (MAX_MATERIALS in assembly/unmix.ts, kept equal).
 */
export const MAX_KERNEL_MATERIALS = 8;

/** Runs on `raw` where the stack is float32 (as read from a file); otherwise on the reference. */
export function wasmLayerUnmixer(raw: RawKernels): LayerUnmixerFactory {
  return (stack) => {
    const float32 = stack.counts instanceof Float32Array && (stack.total === undefined || stack.total instanceof Float32Array);
    return float32 ? new WasmLayerUnmixer(raw, stack) : referenceLayerUnmixer(stack);
  };
}

/**
 * The kernel's model table (see assembly/unmix.ts): the weighted signatures transposed, the
 * penalty, the penalised Gram matrix, every support's map transposed, and every support's size
 * (-1: singular), all from the model's own solver so that the kernel solves with the
 * reference's numbers. Rows are padded to an even number of materials for the SIMD build.
 */
function unmixModelTable(raw: RawKernels, model: AbundanceModel, features: number): Float64Array {
  const { materials, solver } = model;
  const padded = (materials + 1) & ~1;
  const supports = 1 << materials;
  const table = new Float64Array(raw.unmixModelDoubles(materials, features));
  for (let m = 0; m < materials; m++) {
    for (let f = 0; f < features; f++) table[f * padded + m] = model.weighted[m * features + f]!;
  }
  table[features * padded] = model.penalty;
  table.set(solver.gram, features * padded + 1);
  const maps = features * padded + 1 + materials * materials;
  const sizes = maps + supports * materials * padded;
  for (let support = 0; support < supports; support++) {
    const block = solver.block(support);
    table[sizes + support] = block ? block.members.length : -1;
    if (!block) continue;
    const base = maps + support * materials * padded;
    for (let m = 0; m < materials; m++) {
      for (let c = 0; c < materials; c++) table[base + c * padded + m] = block.map[m * materials + c]!;
    }
  }
  return table;
}

class WasmLayerUnmixer implements LayerUnmixer {
  readonly features: number;
  readonly pixels: number;
  readonly layers: number;
  private readonly channels: number;
  private offsets: number[] = [];
  private model?: AbundanceModel;
  private table?: Float64Array;
  private lastSupport = 0;

  constructor(
    private readonly raw: RawKernels,
    private readonly stack: CorrectedStack,
  ) {
    this.channels = stack.channels;
    this.features = stack.channels + (stack.total ? 1 : 0);
    this.pixels = stack.rows * stack.cols;
    this.layers = stack.layers;
    this.layOut(0, 0);
  }

  /**
   * One arena for the job: the layer's counts and total, the feature slots, the smoothing
   * scratch, the feature sums, the fraction slots, the model table, the refinement's sums and
   * counts. Laid out again for each model, at the same offsets for the buffers before the
   * fraction slots, which keep their data.
   */
  private layOut(materials: number, tableDoubles: number): void {
    const { pixels, features, channels } = this;
    this.offsets = layOut(this.raw, [
      channels * pixels * 4,
      pixels * 4,
      ...Array.from({ length: FEATURE_SLOTS }, () => features * pixels * 4),
      this.raw.featureScratchBytes(pixels),
      features * 8,
      ...Array.from({ length: FRACTION_SLOTS }, () => materials * pixels * 4),
      tableDoubles * 8,
      materials * features * 8,
      materials * 8,
    ]);
  }

  private get tableAt(): number {
    return this.offsets[4 + FEATURE_SLOTS + FRACTION_SLOTS]!;
  }

  private featureAt(slot: number): number {
    return this.offsets[2 + slot]!;
  }

  private fractionAt(slot: number): number {
    return this.offsets[4 + FEATURE_SLOTS + slot]!;
  }

  loadLayer(k: number, slot: number, sums?: Float64Array): Float32Array {
    const { raw, stack, pixels, channels, features, offsets } = this;
    const [countsAt, totalAt] = offsets as [number, number];
    const scratchAt = offsets[2 + FEATURE_SLOTS]!;
    const sumsAt = offsets[3 + FEATURE_SLOTS]!;
    f32View(raw, countsAt, channels * pixels).set((stack.counts as Float32Array).subarray(k * channels * pixels, (k + 1) * channels * pixels));
    if (stack.total) f32View(raw, totalAt, pixels).set((stack.total as Float32Array).subarray(k * pixels, (k + 1) * pixels));
    if (sums) f64View(raw, sumsAt, features).set(sums);
    raw.signalFeaturesLayer(countsAt, totalAt, stack.total ? 1 : 0, channels, stack.rows, stack.cols, this.featureAt(slot), scratchAt, sums ? sumsAt : 0);
    if (sums) sums.set(f64View(raw, sumsAt, features));
    return f32View(raw, this.featureAt(slot), features * pixels);
  }

  useModel(model: AbundanceModel): void {
    this.model = model;
    this.lastSupport = 0;
    this.table = model.materials <= MAX_KERNEL_MATERIALS ? unmixModelTable(this.raw, model, this.features) : undefined;
    this.layOut(model.materials, this.table?.length ?? 0);
    if (this.table) f64View(this.raw, this.tableAt, this.table.length).set(this.table);
  }

  addNeighbourPure(above: number, below: number, slot: number, purity: number, sums: Float64Array, counts: Float64Array): void {
    const { raw, pixels, features, offsets } = this;
    const [sumsAt, countsAt] = offsets.slice(-2) as [number, number];
    f64View(raw, sumsAt, sums.length).set(sums);
    f64View(raw, countsAt, counts.length).set(counts);
    raw.accumulateNeighbourPure(this.fractionAt(above), this.fractionAt(below), this.featureAt(slot), pixels, counts.length, features, purity, sumsAt, countsAt);
    sums.set(f64View(raw, sumsAt, sums.length));
    counts.set(f64View(raw, countsAt, counts.length));
  }

  unmixLayer(slot: number, into: number): Float32Array {
    const { raw, model, pixels, features } = this;
    if (!model) throw new Error("unmixLayer before useModel");
    const values = f32View(raw, this.featureAt(slot), features * pixels);
    const fractions = f32View(raw, this.fractionAt(into), model.materials * pixels);
    if (!this.table) {
      model.unmix(values, pixels, 0, pixels, fractions, pixels);
      return fractions;
    }
    this.lastSupport = raw.unmixSamples(
      this.featureAt(slot), pixels, pixels, this.tableAt, model.materials, features,
      this.fractionAt(into), this.lastSupport,
    );
    return fractions;
  }
}
