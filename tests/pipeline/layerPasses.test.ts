import { describe, expect, it } from "vitest";
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
