import { expect, it } from "vitest";
import { sharedFloat32Array } from "../../src/parallel/sharedArrays.js";
import { sequentialPool } from "../../src/pipeline/parallel/stagePool.js";
import { createThreadPool } from "../../src/pipeline/parallel/threadPool.js";
import { loadReconstructionKernels } from "../../src/pipeline/reconstruct/kernels.js";

const HEAP_MIB = 32;

it("wakes the blocked caller with an error when a worker runs out of memory without answering, then runs on alone", async () => {
  const kernels = await loadReconstructionKernels();
  const pool = await createThreadPool(2, undefined, HEAP_MIB);
  const [layers, rows, cols] = [4, 16, 16];
  const drift = Float64Array.from({ length: 2 * layers }, (_, i) => (i % 2 ? 0.5 : -0.25) * i);
  const stack = sharedFloat32Array(layers * rows * cols);
  stack.forEach((_, i) => (stack[i] = (i % 37) + 1));
  const job = { stack, layers, planesPerLayer: 1, rows, cols, drift };
  // Two million small objects (about 60 MB): the worker's heap cannot take the request in, so
  // V8 ends the worker before it reads the request, and it never answers. Without the watch
  // thread the caller would wait for its answer forever.
  const tooLarge = { ...job, padding: Array.from({ length: 2_000_000 }, (_, i) => ({ i })) };
  const started = performance.now();
  expect(() => pool.run(kernels, "shiftLayersBack", tooLarge, layers)).toThrow(/a worker thread stopped without finishing its part of "shiftLayersBack"/);
  expect(performance.now() - started).toBeLessThan(30_000);
  // The pool goes on with the calling thread alone, as the sequential pool does.
  const expected = { ...job, stack: stack.slice() };
  sequentialPool.run(kernels, "shiftLayersBack", expected, layers);
  const before = pool.partsOnWorkers;
  pool.run(kernels, "shiftLayersBack", job, layers);
  expect(pool.threads).toBe(1);
  expect(pool.partsOnWorkers).toBe(before);
  expect(Array.from(stack)).toEqual(Array.from(expected.stack));
  await pool.close();
});
