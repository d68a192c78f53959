// Runs a stack task over all of its parts: on the calling thread alone (the browser, tests, a
// single core), or split over worker threads (threadPool.ts, Node only).
import type { ReconstructionKernels } from "../reconstruct.js";
import { STACK_TASKS, type StackTaskArgs, type StackTaskName } from "./stackTasks.js";

export interface StagePool {
  /** Threads that take a part of each task, the calling one included. */
  readonly threads: number;
  /**
   * Runs task `name` over parts [0, count) and returns when all are done. Parts after the first
   * start at multiples of `alignment`. `kernelSet` runs the calling thread's part.
   */
  run<N extends StackTaskName>(kernelSet: ReconstructionKernels, name: N, args: StackTaskArgs[N], count: number, alignment?: number): void;
}

export const sequentialPool: StagePool = {
  threads: 1,
  run(kernelSet, name, args, count) {
    STACK_TASKS[name](kernelSet, args, 0, count);
  },
};

/** [from, to) of part `index` of `parts` over [0, count), boundaries at multiples of `alignment`. */
export function partRange(index: number, parts: number, count: number, alignment = 1): { from: number; to: number } {
  const boundary = (i: number) => (i >= parts ? count : Math.min(count, Math.round((i * count) / parts / alignment) * alignment));
  return { from: boundary(index), to: boundary(index + 1) };
}
