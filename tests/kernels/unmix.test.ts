import { describe, expect, it } from "vitest";
import { loadRawKernels } from "../../src/kernels/loader.js";
import { AbundanceModel } from "../../src/pipeline/depth/abundances.js";
import { referenceLayerUnmixer } from "../../src/pipeline/depth/layerUnmixer.js";
import { MAX_KERNEL_MATERIALS, wasmLayerUnmixer } from "../../src/pipeline/depth/layerUnmixerWasm.js";
import type { CorrectedStack } from "../../src/pipeline/depth/materialModel.js";
import { unmixMaterials } from "../../src/pipeline/depth/unmix.js";
import { LABELS, layeredSample } from "../pipeline/layeredSample.js";
import { relativeDifference, uniform } from "./random.js";

/**
 * A layered SEI profile on an odd-sized grid (no dimension a multiple of the SIMD width), with
 * a border strip without data in the later layers, as drift removal leaves it.
 */
function driftedStack(): CorrectedStack {
  const sample = layeredSample({ rows: 23, cols: 27, layers: 30, seed: 3 });
  const { rows, cols, layers, channels } = sample;
  const pixels = rows * cols;
  for (let k = layers / 2; k < layers; k++) {
    for (let r = 0; r < rows; r++) {
      for (let c = cols - 2; c < cols; c++) {
        sample.total[k * pixels + r * cols + c] = NaN;
        for (let ch = 0; ch < channels; ch++) sample.counts[(k * channels + ch) * pixels + r * cols + c] = NaN;
      }
    }
  }
  return { ...sample, labels: LABELS };
}

// assembly/unmix.ts repeats the reference's f64 arithmetic (+, *, / only) in the reference's order,
// so both builds must agree with it bit for bit: a tolerance would let a reordering slip through.
describe.each(["simd", "scalar"] as const)("%s unmixing kernel", (build) => {
  const stack = driftedStack();

  it("computes every layer's smoothed features and their sums as the reference does", async () => {
    const kernel = wasmLayerUnmixer(await loadRawKernels(build))(stack);
    const reference = referenceLayerUnmixer(stack);
    const kernelSums = new Float64Array(reference.features);
    const referenceSums = new Float64Array(reference.features);
    for (let k = 0; k < stack.layers; k++) {
      const expected = reference.loadLayer(k, k % 2, referenceSums);
      expect(relativeDifference(kernel.loadLayer(k, k % 2, kernelSums), expected), `layer ${k}`).toBe(0);
    }
    expect(relativeDifference(kernelSums, referenceSums)).toBe(0);
  });

  it("classifies to the reference's signatures and fractions, through growth, refinement and the final pass", async () => {
    // Four classes, as many as the profile has materials: more supports for the solver to visit.
    const kernel = unmixMaterials(wasmLayerUnmixer(await loadRawKernels(build))(stack), 4);
    const reference = unmixMaterials(referenceLayerUnmixer(stack), 4);
    expect([kernel.materials, reference.materials]).toEqual([4, 4]);
    expect(relativeDifference(kernel.signatures, reference.signatures)).toBe(0);
    expect(relativeDifference(kernel.fractions, reference.fractions)).toBe(0);
  });

  it("unmixes samples that are not a layer (the training subset) as the reference does, and keeps its layers right after", async () => {
    const features = 5;
    // More bytes than the layer buffers before the kept features: the training layout covers them.
    const samples = 1001;
    const next = uniform(11);
    const values = Float32Array.from({ length: features * samples }, (_, i) => (i < 4 * samples ? 3 * next() : 40 + 40 * next()));
    const signatures = Float64Array.of(4, 0.2, 0.3, 0.1, 80, 0.1, 0.05, 0.1, 1.5, 45, 0.5, 2, 3, 0.2, 60);
    const weights = Float64Array.of(1 / 0.8, 1 / 0.3, 1 / 0.5, 1 / 1.2, 1 / 60);
    const model = new AbundanceModel(features, signatures, 3, weights);
    const kernel = wasmLayerUnmixer(await loadRawKernels(build), Infinity)(stack);
    const reference = referenceLayerUnmixer(stack);
    kernel.loadLayer(0, 0);
    expect(relativeDifference(kernel.unmixSamples(model, values, samples), reference.unmixSamples(model, values, samples))).toBe(0);
    // The training buffers overwrote the kept features of layer 0: they must be smoothed again.
    expect(relativeDifference(kernel.loadLayer(0, 1), reference.loadLayer(0, 1))).toBe(0);
  });

  it.each([
    ["no layer's", 0],
    ["some layers'", 7],
    ["every layer's", stack.layers],
  ])("classifies alike whether it keeps %s features or smooths them again on every visit", async (_, kept) => {
    const layerBytes = 5 * stack.rows * stack.cols * 4;
    const kernel = unmixMaterials(wasmLayerUnmixer(await loadRawKernels(build), kept * layerBytes)(stack), 4);
    const reference = unmixMaterials(referenceLayerUnmixer(stack), 4);
    expect(relativeDifference(kernel.signatures, reference.signatures)).toBe(0);
    expect(relativeDifference(kernel.fractions, reference.fractions)).toBe(0);
  });

  it("returns a kept layer's features, and their sums, on a later visit", async () => {
    const kernel = wasmLayerUnmixer(await loadRawKernels(build), Infinity)(stack);
    const reference = referenceLayerUnmixer(stack);
    for (let k = 0; k < stack.layers; k++) kernel.loadLayer(k, 0);
    const kernelSums = new Float64Array(reference.features);
    const referenceSums = new Float64Array(reference.features);
    for (const k of [stack.layers - 1, 0, stack.layers / 2]) {
      expect(relativeDifference(kernel.loadLayer(k, 1, kernelSums), reference.loadLayer(k, 1, referenceSums)), `layer ${k}`).toBe(0);
    }
    expect(relativeDifference(kernelSums, referenceSums)).toBe(0);
  });

  it("falls back to the reference solver for more materials than the kernel's support table holds", async () => {
    const features = 5;
    const materials = MAX_KERNEL_MATERIALS + 1;
    const next = uniform(5);
    const signatures = Float64Array.from({ length: materials * features }, (_, i) => (i % features === 4 ? 40 + 40 * next() : 5 * next()));
    const weights = Float64Array.of(1 / 0.8, 1 / 0.3, 1 / 0.5, 1 / 1.2, 1 / 60);
    const model = () => new AbundanceModel(features, signatures, materials, weights);
    const kernel = wasmLayerUnmixer(await loadRawKernels(build))(stack);
    const reference = referenceLayerUnmixer(stack);
    kernel.useModel(model());
    reference.useModel(model());
    for (const k of [0, stack.layers - 1]) {
      kernel.loadLayer(k, 0);
      reference.loadLayer(k, 0);
      expect(relativeDifference(kernel.unmixLayer(0, 2), reference.unmixLayer(0, 2)), `layer ${k}`).toBe(0);
    }
  });

  it("takes the reference's path where support blocks are singular (two identical signatures)", async () => {
    const features = 5;
    // Material 2 repeats material 0: every support holding both is singular.
    const signatures = Float64Array.of(4, 0.2, 0.3, 0.1, 80, 0.1, 0.05, 0.1, 1.5, 45, 4, 0.2, 0.3, 0.1, 80, 10, 2, 3.6, 0.5, 70);
    const weights = Float64Array.of(1 / 0.8, 1 / 0.3, 1 / 0.5, 1 / 1.2, 1 / 60);
    const model = () => new AbundanceModel(features, signatures, 4, weights);
    const kernel = wasmLayerUnmixer(await loadRawKernels(build))(stack);
    const reference = referenceLayerUnmixer(stack);
    kernel.useModel(model());
    reference.useModel(model());
    for (let k = 0; k < stack.layers; k++) {
      kernel.loadLayer(k, 0);
      reference.loadLayer(k, 0);
      expect(relativeDifference(kernel.unmixLayer(0, 1), reference.unmixLayer(0, 1)), `layer ${k}`).toBe(0);
    }
  });
});
