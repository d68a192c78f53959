// Host side of the scar kernel (assembly/scars.ts): the residual and particle mask copied into
// one arena, the scars found there and copied out. findScars in level.ts is its reference.
import { layOut } from "../kernels/arena.js";
import type { RawKernels } from "../kernels/loader.js";

/** The signature of findScars (see level.ts). */
export type FindScars = (residual: Float64Array, rows: number, cols: number, raised?: Uint8Array) => Uint8Array;

/** The raw exports the kernel needs, beside those every kernel module has. */
export interface FindScarsKernel {
  findScarsScratchBytes(rows: number, cols: number): number;
  findScars(residual: number, rows: number, cols: number, raised: number, hasRaised: number, scars: number, scratch: number): void;
}

export function findScarsWasm(raw: RawKernels): FindScars {
  const kernel = raw as unknown as FindScarsKernel;
  return (residual, rows, cols, raised) => {
    const count = rows * cols;
    const [residualAt, raisedAt, scarsAt, scratchAt] = layOut(raw, [count * 8, count, count, kernel.findScarsScratchBytes(rows, cols)]) as [
      number, number, number, number,
    ];
    new Float64Array(raw.memory.buffer, residualAt, count).set(residual);
    if (raised) new Uint8Array(raw.memory.buffer, raisedAt, count).set(raised);
    kernel.findScars(residualAt, rows, cols, raisedAt, raised ? 1 : 0, scarsAt, scratchAt);
    return new Uint8Array(raw.memory.buffer, scarsAt, count).slice();
  };
}
