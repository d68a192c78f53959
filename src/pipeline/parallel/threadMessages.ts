// What the thread pool, its worker threads and its watch thread say to each other.
import type { MessagePort } from "node:worker_threads";
import type { KernelBuild } from "../../kernels/index.js";
import type { StackTaskArgs, StackTaskName } from "./stackTasks.js";

/**
 * Slots of the pool's counters (an Int32Array over a SharedArrayBuffer). The caller waits on
 * PARTS_FINISHED: the parts the workers have finished, plus the workers that stopped, which
 * finish no part.
 */
export const PARTS_FINISHED = 0;
export const WORKERS_STOPPED = 1;
export const COUNTER_SLOTS = 2;

/** Given to each worker when it starts. */
export interface ThreadSetup {
  build: KernelBuild;
  /** The pool's counters; the worker adds to PARTS_FINISHED. */
  counters: SharedArrayBuffer;
  /** Parts come in and results go out here; the caller reads results synchronously from its end. */
  port: MessagePort;
  /** Held and never used: its far end, in the watch thread, closes when this worker ends. */
  lifeline: MessagePort;
}

/** Given to the watch thread: the far ends of the workers' lifelines. */
export interface WatchSetup {
  counters: SharedArrayBuffer;
  lifelines: MessagePort[];
}

export interface PartRequest<N extends StackTaskName = StackTaskName> {
  name: N;
  args: StackTaskArgs[N];
  from: number;
  to: number;
}

/** A worker's answer to a part: done, or the error it threw (by class name, for the caller to rethrow). */
export type PartResult = { ok: true } | { ok: false; errorName: string; message: string };
