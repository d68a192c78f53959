// Lays one job's buffers out in kernel memory from arenaBase() upward.
import { AfmsimsError } from "../errors.js";
import type { RawKernels } from "./loader.js";

const ALIGN = 16;

/**
 * Reserves `byteSizes` consecutive 16-byte-aligned buffers and returns their offsets. Memory
 * may grow, which detaches every earlier view: build typed-array views only after this.
 */
export function layOut(raw: RawKernels, byteSizes: readonly number[]): number[] {
  let next = raw.arenaBase();
  const offsets = byteSizes.map((bytes) => {
    const at = next;
    next = Math.ceil((at + bytes) / ALIGN) * ALIGN;
    return at;
  });
  if (next > 4 * 2 ** 30 || !raw.ensureMemory(next)) {
    throw new AfmsimsError(`not enough memory for the kernels' buffers (${Math.ceil(next / 2 ** 20)} MiB)`);
  }
  return offsets;
}

export function f32View(raw: RawKernels, offset: number, length: number): Float32Array {
  return new Float32Array(raw.memory.buffer, offset, length);
}

export function f64View(raw: RawKernels, offset: number, length: number): Float64Array {
  return new Float64Array(raw.memory.buffer, offset, length);
}
