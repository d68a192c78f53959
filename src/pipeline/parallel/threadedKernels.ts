// The kernels of a reconstruction in Node, with its per-layer and per-pixel stages on a pool of
// worker threads (the browser's reconstruction runs them on its own thread).
import os from "node:os";
import type { ReconstructionKernels } from "../reconstruct.js";
import { loadReconstructionKernels } from "../reconstruct/kernels.js";
import { exposedGarbageCollector } from "./garbageCollector.js";
import { createThreadPool, type ThreadPool } from "./threadPool.js";

/**
 * The WebAssembly kernels, a pool of `threads` threads (default: all the machine runs at once)
 * and this thread's garbage collector.
 */
export async function loadThreadedReconstructionKernels(threads = os.availableParallelism()): Promise<ReconstructionKernels & { pool: ThreadPool }> {
  const kernelSet = await loadReconstructionKernels();
  const build = kernelSet.kernels.build === "reference" ? undefined : kernelSet.kernels.build;
  return { ...kernelSet, pool: await createThreadPool(threads, build), collectGarbage: exposedGarbageCollector() };
}
