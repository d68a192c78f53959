import { setTimeout as sleep } from "node:timers/promises";
import { expect, it } from "vitest";
import { sharedFloat32Array } from "../../src/parallel/sharedArrays.js";
import { exposedGarbageCollector } from "../../src/pipeline/parallel/garbageCollector.js";
import { twoThreadPool } from "./twoThreadPool.js";

const collectGarbage = exposedGarbageCollector();
const MiB = 2 ** 20;

const pooled = twoThreadPool();

/** Shifts a shared stack of `mebibytes` on the pool, so that the worker takes a part of it, and lets it go. */
function shiftOnPool(mebibytes: number): void {
  const { kernels, pool } = pooled;
  const [layers, rows] = [2, 64];
  const cols = (mebibytes * MiB) / 4 / layers / rows;
  const stack = sharedFloat32Array(layers * rows * cols).fill(1);
  const before = pool.partsOnWorkers;
  pool.run(kernels, "shiftLayersBack", { stack, layers, planesPerLayer: 1, rows, cols, drift: new Float64Array(2 * layers) }, layers);
  expect(pool.partsOnWorkers - before).toBe(1);
}

it("frees a shared array once the caller lets go of it, though a worker thread ran a part over it", async () => {
  collectGarbage();
  const idle = process.memoryUsage().arrayBuffers;
  shiftOnPool(128);
  // Within 8 MiB: the runtime's own small buffers come and go meanwhile (some kilobytes).
  expect(process.memoryUsage().arrayBuffers - idle).toBeGreaterThan(120 * MiB);
  // The worker collects right after it answers (soon, on a loaded machine); the caller's own
  // collection then frees the array. Without the worker's collection it stays until the pool closes.
  let held = Infinity;
  for (const deadline = Date.now() + 5000; held >= 16 * MiB && Date.now() < deadline; await sleep(20)) {
    collectGarbage();
    held = process.memoryUsage().arrayBuffers - idle;
  }
  expect(held).toBeLessThan(16 * MiB);
});
