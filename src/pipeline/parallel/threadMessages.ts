// What the thread pool and its worker threads say to each other.
import type { MessagePort } from "node:worker_threads";
import type { KernelBuild } from "../../kernels/index.js";
import type { StackTaskArgs, StackTaskName } from "./stackTasks.js";

/** Given to each worker when it starts. */
export interface ThreadSetup {
  build: KernelBuild;
  /** Int32Array over a SharedArrayBuffer: slot 0 counts the parts the workers have finished. */
  finished: SharedArrayBuffer;
  /** Parts come in and results go out here; the caller reads results synchronously from its end. */
  port: MessagePort;
}

export interface PartRequest<N extends StackTaskName = StackTaskName> {
  name: N;
  args: StackTaskArgs[N];
  from: number;
  to: number;
}

/** A worker's answer to a part: done, or the error it threw (by class name, for the caller to rethrow). */
export type PartResult = { ok: true } | { ok: false; errorName: string; message: string };
