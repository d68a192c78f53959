import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRawKernels } from "../../src/kernels/loader.js";
import { unmixJobLayers, type LayerFractionsJob } from "../../src/pipeline/depth/layerFractions.js";
import { referenceLayerUnmixer, type LayerUnmixerFactory } from "../../src/pipeline/depth/layerUnmixer.js";
import { wasmLayerUnmixer } from "../../src/pipeline/depth/layerUnmixerWasm.js";
import type { CorrectedStack } from "../../src/pipeline/depth/materialModel.js";
import { unmixMaterials } from "../../src/pipeline/depth/unmix.js";
import { createThreadPool, type ThreadPool } from "../../src/pipeline/parallel/threadPool.js";
import type { ReconstructionKernels } from "../../src/pipeline/reconstruct.js";
import { loadReconstructionKernels } from "../../src/pipeline/reconstruct/kernels.js";
import { LABELS, layeredSample } from "./layeredSample.js";

function bytes(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

const sample = layeredSample({ rows: 24, cols: 26, layers: 20, seed: 5 });
const stack: CorrectedStack = { ...sample, labels: LABELS };

/**
 * The classification as one thread runs it (the unmixer's own final pass, kept features and
 * all), and the final pass's job, captured from a second classification that hands it out.
 */
function classifyBothWays(factory: LayerUnmixerFactory): { alone: Float32Array; job: LayerFractionsJob } {
  const alone = unmixMaterials(factory(stack)).fractions;
  let job: LayerFractionsJob | undefined;
  unmixMaterials(factory(stack), undefined, undefined, (handedOut) => {
    job = { ...handedOut, stack };
  });
  return { alone, job: job! };
}

const factories: [string, () => Promise<LayerUnmixerFactory>][] = [
  ["reference", async () => referenceLayerUnmixer],
  ["simd kernel", async () => wasmLayerUnmixer(await loadRawKernels("simd"))],
  ["scalar kernel", async () => wasmLayerUnmixer(await loadRawKernels("scalar"))],
];

describe.each(factories)("the final classification pass on the %s unmixer", (_, makeFactory) => {
  it("unmixes each layer alone, in any order, to the bits of the one-thread pass", async () => {
    const factory = await makeFactory();
    const { alone, job } = classifyBothWays(factory);
    // Still empty: the final pass is the job's alone.
    expect(job.fractions.every((f) => f === 0)).toBe(true);
    for (let k = stack.layers - 1; k >= 0; k--) unmixJobLayers(factory, job, k, k + 1);
    expect(bytes(job.fractions).equals(bytes(alone))).toBe(true);
  });
});

describe("the final classification pass on the thread pool", () => {
  let kernels: ReconstructionKernels;
  let pool: ThreadPool;
  beforeAll(async () => {
    kernels = await loadReconstructionKernels();
    pool = await createThreadPool(2);
  });
  afterAll(() => pool.close());

  it("splits the layers with a worker and gives the bits of the one-thread pass", () => {
    const { alone, job } = classifyBothWays(kernels.layerUnmixer!);
    const before = pool.partsOnWorkers;
    pool.run(kernels, "layerFractions", job, stack.layers);
    expect(pool.partsOnWorkers - before).toBe(1);
    expect(bytes(job.fractions).equals(bytes(alone))).toBe(true);
  });

  it("keeps a worker's layers when the fractions are not shared, by running them all on the caller", () => {
    const { alone, job } = classifyBothWays(kernels.layerUnmixer!);
    const unshared = { ...job, fractions: new Float32Array(job.fractions.length) };
    const before = pool.partsOnWorkers;
    pool.run(kernels, "layerFractions", unshared, stack.layers);
    expect(pool.partsOnWorkers).toBe(before);
    expect(bytes(unshared.fractions).equals(bytes(alone))).toBe(true);
  });
});

it("hands out fractions in shared memory, for other threads to write", () => {
  let fractions: Float32Array | undefined;
  unmixMaterials(referenceLayerUnmixer(stack), 2, undefined, (job) => {
    fractions = job.fractions;
  });
  expect(fractions!.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(fractions!.length).toBe(2 * stack.layers * stack.rows * stack.cols);
});
