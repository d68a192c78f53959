import { describe, expect, it } from "vitest";
import { AbundanceModel, featureWeightsFromSums } from "../../src/pipeline/depth/abundances.js";
import { loadRawKernels } from "../../src/kernels/loader.js";
import { neighbourPureJobLayers, unmixJobLayers, withStack, type LayerPassRunner } from "../../src/pipeline/depth/layerPasses.js";
import { referenceLayerUnmixer, type LayerUnmixerFactory } from "../../src/pipeline/depth/layerUnmixer.js";
import { wasmLayerUnmixer } from "../../src/pipeline/depth/layerUnmixerWasm.js";
import type { CorrectedStack } from "../../src/pipeline/depth/materialModel.js";
import { unmixMaterials, type MaterialUnmixing } from "../../src/pipeline/depth/unmix.js";
import { LABELS, layeredSample } from "./layeredSample.js";
import { twoThreadPool } from "./twoThreadPool.js";

function bytes(values: Float32Array | Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

function expectSameBits(split: MaterialUnmixing, alone: MaterialUnmixing): void {
  expect(split.materials).toBe(alone.materials);
  expect(bytes(split.signatures).equals(bytes(alone.signatures))).toBe(true);
  expect(bytes(split.fractions).equals(bytes(alone.fractions))).toBe(true);
}

const sample = layeredSample({ rows: 24, cols: 26, layers: 20, seed: 5 });
const stack: CorrectedStack = { ...sample, labels: LABELS };

/** Every part on its own fresh unmixer, last part first: nothing may carry from one to the next. */
function partByPart(factory: LayerUnmixerFactory): LayerPassRunner & { parts: number } {
  const runner = {
    parts: 0,
    fractions: (job: Parameters<LayerPassRunner["fractions"]>[0], count: number) => {
      for (let i = count - 1; i >= 0; i--, runner.parts++) unmixJobLayers(factory, job, i, i + 1);
    },
    neighbourPure: (job: Parameters<LayerPassRunner["neighbourPure"]>[0], count: number) => {
      for (let i = count - 1; i >= 0; i--, runner.parts++) neighbourPureJobLayers(factory, job, i, i + 1);
    },
  };
  return runner;
}

const factories: [string, () => Promise<LayerUnmixerFactory>][] = [
  ["reference", async () => referenceLayerUnmixer],
  ["simd kernel", async () => wasmLayerUnmixer(await loadRawKernels("simd"))],
  ["scalar kernel", async () => wasmLayerUnmixer(await loadRawKernels("scalar"))],
];

describe.each(factories)("the classification's layer passes on the %s unmixer", (_, makeFactory) => {
  it("refine and unmix each layer alone, in any order, to the bits of one unmixer's passes", async () => {
    const factory = await makeFactory();
    const alone = unmixMaterials(factory(stack));
    const runner = partByPart(factory);
    const split = unmixMaterials(factory(stack), undefined, undefined, withStack(runner, stack));
    // Every middle layer's refinement and every layer's fractions as a part of its own.
    expect(runner.parts).toBe(stack.layers - 2 + stack.layers);
    expectSameBits(split, alone);
  });
});

describe("the classification's layer passes on the thread pool", () => {
  const pooled = twoThreadPool();

  it("split the layers with a worker and give the bits of one thread's passes", () => {
    const { kernels, pool } = pooled;
    const factory = kernels.layerUnmixer!;
    const alone = unmixMaterials(factory(stack));
    const before = pool.partsOnWorkers;
    const runner: LayerPassRunner = {
      fractions: (job, layers) => pool.run(kernels, "layerFractions", job, layers),
      neighbourPure: (job, middleLayers) => pool.run(kernels, "neighbourPure", job, middleLayers),
    };
    const split = unmixMaterials(factory(stack), undefined, undefined, withStack(runner, stack));
    expect(pool.partsOnWorkers - before).toBe(2);
    expectSameBits(split, alone);
  });
});

describe("the refinement's count of depth-neighbour-pure samples on every n-th row", () => {
  const tall = layeredSample({ rows: 30, cols: 20, layers: 12, seed: 9 });
  const tallStack: CorrectedStack = { ...tall, labels: LABELS };
  const materials = 4;

  /** Sums and counts of the middle layers, judged on every `rowStride`-th row by `factory`'s unmixer. */
  function neighbourPure(factory: LayerUnmixerFactory, signatures: Float64Array, weights: Float64Array, rowStride: number) {
    const block = materials * 5;
    const job = {
      stack: tallStack, signatures, weights, materials, purity: 0.7, rowStride,
      sums: new Float64Array(tall.layers * block), counts: new Float64Array(tall.layers * materials),
      featureSums: new Float64Array(tall.layers * 5),
    };
    neighbourPureJobLayers(factory, job, 0, tall.layers - 2);
    return job;
  }

  it("counts and sums exactly the samples of those rows that a pass over every row finds pure", async () => {
    const { signatures } = unmixMaterials(referenceLayerUnmixer(tallStack), materials);
    const sums = new Float64Array(5);
    const reference = referenceLayerUnmixer(tallStack);
    for (let k = 0; k < tall.layers; k++) reference.loadLayer(k, 0, sums);
    const weights = featureWeightsFromSums(sums, tall.layers * tall.rows * tall.cols);
    const rowStride = 3;
    const strided = neighbourPure(referenceLayerUnmixer, signatures, weights, rowStride);

    // Every row unmixed, then only the pure samples of rows 0, 3, 6, ... summed here.
    const pixels = tall.rows * tall.cols;
    const expectedSums = new Float64Array(strided.sums.length);
    const expectedCounts = new Float64Array(strided.counts.length);
    const unmixer = referenceLayerUnmixer(tallStack);
    unmixer.useModel(new AbundanceModel(5, signatures, materials, weights));
    const fractions = Array.from({ length: tall.layers }, (_, k) => {
      unmixer.loadLayer(k, 0);
      return unmixer.unmixLayer(0, 0).slice();
    });
    for (let k = 1; k < tall.layers - 1; k++) {
      const values = unmixer.loadLayer(k, 0);
      for (let m = 0; m < materials; m++) {
        for (let p = 0; p < pixels; p++) {
          if (Math.floor(p / tall.cols) % rowStride !== 0) continue;
          if (fractions[k - 1]![m * pixels + p]! < 0.7 || fractions[k + 1]![m * pixels + p]! < 0.7) continue;
          expectedCounts[k * materials + m]++;
          for (let f = 0; f < 5; f++) expectedSums[(k * materials + m) * 5 + f] += values[f * pixels + p]!;
        }
      }
    }
    expect(Array.from(strided.counts)).toEqual(Array.from(expectedCounts));
    expect(strided.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    for (let i = 0; i < expectedSums.length; i++) expect(strided.sums[i]).toBeCloseTo(expectedSums[i]!, 6);

    for (const build of ["simd", "scalar"] as const) {
      const kernel = neighbourPure(wasmLayerUnmixer(await loadRawKernels(build)), signatures, weights, rowStride);
      expect(bytes(kernel.sums).equals(bytes(strided.sums)), build).toBe(true);
      expect(bytes(kernel.counts).equals(bytes(strided.counts)), build).toBe(true);
    }
  });
});
