// The kernels of a reconstruction in Node, with its per-layer and per-pixel stages on a pool of
// worker threads (the browser's reconstruction runs them on its own thread).
import os from "node:os";
import type { ReconstructionKernels } from "../reconstruct.js";
import { loadReconstructionKernels } from "../reconstruct/kernels.js";
import { exposedGarbageCollector } from "./garbageCollector.js";
import { createThreadPool, type ThreadPool } from "./threadPool.js";

/**
 * Most threads a reconstruction takes unless told. Each worker adds its own heap and kernel
 * memory at the peak (about 45 MiB, 0.09x the input, on the 512 x 512 paper preset), and the
 * stages left on the calling thread (registration, the depth model's first pass) leave little
 * to gain past a few threads.
 */
export const DEFAULT_THREADS_CAP = 3;

/** The thread count of a reconstruction unless told: every core, up to DEFAULT_THREADS_CAP. */
export function defaultThreadCount(): number {
  return Math.min(os.availableParallelism(), DEFAULT_THREADS_CAP);
}

/**
 * The WebAssembly kernels, a pool of `threads` threads (the calling one included) and this
 * thread's garbage collector.
 */
export async function loadThreadedReconstructionKernels(threads = defaultThreadCount()): Promise<ReconstructionKernels & { pool: ThreadPool }> {
  const kernelSet = await loadReconstructionKernels();
  const build = kernelSet.kernels.build === "reference" ? undefined : kernelSet.kernels.build;
  return { ...kernelSet, pool: await createThreadPool(threads, build), collectGarbage: exposedGarbageCollector() };
}
