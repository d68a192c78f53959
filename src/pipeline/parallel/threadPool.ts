// The stage pool on worker threads (Node only): each worker holds its own WebAssembly kernels and
// takes one part of every task; the calling thread takes the first part itself, then blocks until
// the workers' parts are done. Blocking (Atomics.wait) keeps the pipeline's stages synchronous,
// as they are on the browser's sequential path.
import os from "node:os";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { AfmsimsError } from "../../errors.js";
import { simdSupported, type KernelBuild } from "../../kernels/index.js";
import { isShared } from "../../parallel/sharedArrays.js";
import type { ReconstructionKernels } from "../reconstruct.js";
import { partRange, sequentialPool, type StagePool } from "./stagePool.js";
import { STACK_TASKS, WRITTEN_ARGS, type StackTaskArgs, type StackTaskName } from "./stackTasks.js";
import type { PartRequest, PartResult, ThreadSetup } from "./threadMessages.js";

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
 * The worker's module. Run from the TypeScript sources (the tests), the worker compiles them
 * through tsx, a development dependency that the built package never reaches.
 */
function newWorker(setup: ThreadSetup): Worker {
  const options = { workerData: setup, transferList: [setup.port] };
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./stackThread.js", import.meta.url), options);
  const entry = JSON.stringify(new URL("./stackThread.ts", import.meta.url).href);
  return new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${entry}); })`, { ...options, eval: true });
}

async function startThread(build: KernelBuild, finished: SharedArrayBuffer): Promise<Thread> {
  const channel = new MessageChannel();
  const worker = newWorker({ build, finished, port: channel.port2 });
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`a worker thread stopped while starting (exit code ${code})`)));
  });
  worker.removeAllListeners();
  // Neither keeps the process alive: a caller that never closes the pool still exits.
  worker.unref();
  channel.port1.unref();
  return { worker, port: channel.port1 };
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
 * at once), their kernels of `build` (default: SIMD where the engine has it, as loadKernels).
 */
export async function createThreadPool(threads = os.availableParallelism(), build?: KernelBuild): Promise<ThreadPool> {
  const kernelBuild = build ?? (simdSupported() ? "simd" : "scalar");
  const finishedBuffer = new SharedArrayBuffer(4);
  const finished = new Int32Array(finishedBuffer);
  let partsOnWorkers = 0;
  let workers = await Promise.all(Array.from({ length: Math.max(0, threads - 1) }, () => startThread(kernelBuild, finishedBuffer)));

  function run<N extends StackTaskName>(kernelSet: ReconstructionKernels, name: N, args: StackTaskArgs[N], count: number, alignment = 1): void {
    // Arrays that are not shared would reach a worker as copies: their results would be lost.
    if (workers.length === 0 || !writesShared(name, args)) {
      sequentialPool.run(kernelSet, name, args, count);
      return;
    }
    const parts = workers.length + 1;
    Atomics.store(finished, 0, 0);
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
    // The workers write into the caller's arrays: wait for all of them, even after an error.
    for (let done = Atomics.load(finished, 0); done < workers.length; done = Atomics.load(finished, 0)) {
      Atomics.wait(finished, 0, done);
    }
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
      const ending = workers;
      workers = [];
      await Promise.all(ending.map(({ worker, port }) => {
        port.close();
        return worker.terminate();
      }));
    },
  };
}
