// The stage pool on worker threads (Node only): each worker holds its own WebAssembly kernels and
// takes one part of every task; the calling thread takes the first part itself, then blocks until
// the workers' parts are done. Blocking (Atomics.wait) keeps the pipeline's stages synchronous,
// as they are on the browser's sequential path. A watch thread (stoppedThreadWatch.ts) wakes the
// caller when a worker stops without answering.
import os from "node:os";
import { MessageChannel, receiveMessageOnPort, type MessagePort, type ResourceLimits, type Worker } from "node:worker_threads";
import { AfmsimsError } from "../../errors.js";
import { simdSupported, type KernelBuild } from "../../kernels/index.js";
import { isShared } from "../../parallel/sharedArrays.js";
import { nodeModuleWorker } from "../../parallel/nodeModuleWorker.js";
import type { ReconstructionKernels } from "../reconstruct.js";
import { partRange, sequentialPool, type StagePool } from "./stagePool.js";
import { STACK_TASKS, WRITTEN_ARGS, type StackTaskArgs, type StackTaskName } from "./stackTasks.js";
import { COUNTER_SLOTS, PARTS_FINISHED, WORKERS_STOPPED, type PartRequest, type PartResult, type ThreadSetup, type WatchSetup } from "./threadMessages.js";

export interface ThreadPool extends StagePool {
  /** Parts the worker threads have run so far (the rest ran on the calling thread). */
  readonly partsOnWorkers: number;
  /** Ends the worker threads; the pool runs everything on the calling thread afterwards. */
  close(): Promise<void>;
}

interface Thread {
  worker: Worker;
  port: MessagePort;
}

/**
 * Old-generation heap of each worker, MiB. A worker's heap holds its requests and kernels'
 * bookkeeping (under 10 MiB on the 512 x 512 paper preset; the arrays are shared, the kernels'
 * memory is their own): a worker that needs more has gone wrong, and stops rather than grows.
 */
export const WORKER_HEAP_MIB = 128;

/** A thread running `module`, a file of this folder named without its extension. */
function newThread(module: string, workerData: unknown, transferList: MessagePort[], resourceLimits?: ResourceLimits): Worker {
  return nodeModuleWorker(import.meta.url, module, { workerData, transferList, resourceLimits });
}

/** Resolves once `thread` says it is ready; neither it nor `port` then keeps the process alive. */
async function started(thread: Worker, port?: MessagePort): Promise<Worker> {
  await new Promise<void>((resolve, reject) => {
    thread.once("message", () => resolve());
    thread.once("error", reject);
    thread.once("exit", (code) => reject(new Error(`a worker thread stopped while starting (exit code ${code})`)));
  });
  thread.removeAllListeners();
  // A worker's own error (such as running out of memory) reaches the caller through the watch
  // thread, as a stop; unheard here, it would end the process as an uncaught exception.
  thread.on("error", () => {});
  // A caller that never closes the pool still exits.
  thread.unref();
  port?.unref();
  return thread;
}

async function startThread(build: KernelBuild, counters: SharedArrayBuffer, heapMib: number): Promise<Thread & { lifeline: MessagePort }> {
  const channel = new MessageChannel();
  const lifeline = new MessageChannel();
  const setup: ThreadSetup = { build, counters, port: channel.port2, lifeline: lifeline.port2 };
  const worker = newThread("stackThread", setup, [channel.port2, lifeline.port2], { maxOldGenerationSizeMb: heapMib });
  return { worker: await started(worker, channel.port1), port: channel.port1, lifeline: lifeline.port1 };
}

/** Whether every array the task writes (and that is given) is shared, so the workers write where the caller reads. */
function writesShared<N extends StackTaskName>(name: N, args: StackTaskArgs[N]): boolean {
  return WRITTEN_ARGS[name].every((key) => {
    const value = args[key];
    return value === undefined || (ArrayBuffer.isView(value) && isShared(value));
  });
}

function rethrow(result: PartResult): void {
  if (result.ok) return;
  if (result.errorName === "AfmsimsError") throw new AfmsimsError(result.message);
  if (result.errorName === "RangeError") throw new RangeError(result.message);
  throw new Error(`worker thread: ${result.errorName}: ${result.message}`);
}

/**
 * A pool of `threads` threads, the calling one included (default: as many as the machine runs
 * at once), their kernels of `build` (default: SIMD where the engine has it, as loadKernels),
 * each worker's heap held to `workerHeapMib`.
 */
export async function createThreadPool(threads = os.availableParallelism(), build?: KernelBuild, workerHeapMib = WORKER_HEAP_MIB): Promise<ThreadPool> {
  const kernelBuild = build ?? (simdSupported() ? "simd" : "scalar");
  const countersBuffer = new SharedArrayBuffer(COUNTER_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const counters = new Int32Array(countersBuffer);
  let partsOnWorkers = 0;
  const starting = await Promise.all(Array.from({ length: Math.max(0, threads - 1) }, () => startThread(kernelBuild, countersBuffer, workerHeapMib)));
  let workers: Thread[] = starting;
  const lifelines = starting.map(({ lifeline }) => lifeline);
  const watchSetup: WatchSetup = { counters: countersBuffer, lifelines };
  let watch = workers.length > 0 ? await started(newThread("stoppedThreadWatch", watchSetup, lifelines)) : undefined;

  /** Ends every thread; the pool runs everything on the calling thread afterwards. */
  async function endThreads(): Promise<void> {
    const [ending, watching] = [workers, watch];
    workers = [];
    watch = undefined;
    // The watch thread ends first: the workers' ending is no stop to report.
    await watching?.terminate();
    await Promise.all(ending.map(({ worker, port }) => {
      port.close();
      return worker.terminate();
    }));
  }

  function run<N extends StackTaskName>(kernelSet: ReconstructionKernels, name: N, args: StackTaskArgs[N], count: number, alignment = 1): void {
    // Arrays that are not shared would reach a worker as copies: their results would be lost.
    if (workers.length === 0 || !writesShared(name, args)) {
      sequentialPool.run(kernelSet, name, args, count);
      return;
    }
    if (Atomics.load(counters, WORKERS_STOPPED) > 0) throw stopped(name, endThreads);
    const parts = workers.length + 1;
    Atomics.store(counters, PARTS_FINISHED, 0);
    workers.forEach(({ port }, i) => {
      const request: PartRequest<N> = { name, args, ...partRange(i + 1, parts, count, alignment) };
      port.postMessage(request);
    });
    partsOnWorkers += workers.length;
    let ownError: unknown;
    try {
      const { from, to } = partRange(0, parts, count, alignment);
      STACK_TASKS[name](kernelSet, args, from, to);
    } catch (err) {
      ownError = err;
    }
    // The workers write into the caller's arrays: wait for all of them, even after an error,
    // but not for a worker that stopped, which never answers.
    for (
      let done = Atomics.load(counters, PARTS_FINISHED);
      done < workers.length && Atomics.load(counters, WORKERS_STOPPED) === 0;
      done = Atomics.load(counters, PARTS_FINISHED)
    ) {
      Atomics.wait(counters, PARTS_FINISHED, done);
    }
    if (Atomics.load(counters, WORKERS_STOPPED) > 0) throw stopped(name, endThreads);
    const results = workers.map(({ port }) => receiveMessageOnPort(port)?.message as PartResult | undefined);
    if (ownError !== undefined) throw ownError;
    for (const result of results) {
      if (!result) throw new Error("a worker thread finished a part without a result");
      rethrow(result);
    }
  }

  return {
    get threads() {
      return workers.length + 1;
    },
    get partsOnWorkers() {
      return partsOnWorkers;
    },
    run,
    async close() {
      await endThreads();
    },
  };
}

/**
 * The error for a worker that stopped without answering: the pool ends its other threads and
 * goes on with the calling thread alone.
 */
function stopped(task: StackTaskName, endThreads: () => Promise<void>): AfmsimsError {
  void endThreads().catch(() => {});
  return new AfmsimsError(`a worker thread stopped without finishing its part of "${task}" (out of memory?); --threads 1 runs without worker threads`);
}
