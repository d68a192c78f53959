// The pool a test file's parts run on: the WebAssembly kernels and a thread pool of two (the
// calling thread and one worker), made before the tests of the enclosing block and closed after.
import { afterAll, beforeAll } from "vitest";
import { createThreadPool, type ThreadPool } from "../../src/pipeline/parallel/threadPool.js";
import type { ReconstructionKernels } from "../../src/pipeline/reconstruct.js";
import { loadReconstructionKernels } from "../../src/pipeline/reconstruct/kernels.js";

export interface PooledKernels {
  kernels: ReconstructionKernels;
  pool: ThreadPool;
}

/** Read its fields inside the tests: they are set once the block's beforeAll has run. */
export function twoThreadPool(): PooledKernels {
  const pooled = {} as PooledKernels;
  beforeAll(async () => {
    pooled.kernels = await loadReconstructionKernels();
    pooled.pool = await createThreadPool(2);
  });
  afterAll(() => pooled.pool.close());
  return pooled;
}
