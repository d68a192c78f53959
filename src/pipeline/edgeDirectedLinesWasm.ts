// Host side of the edge-directed line kernel (assembly/edgeLines.ts): the map copied into one
// arena, the lines computed there and copied out. The matching parameters come from the
// TypeScript reference (lineMatching), so both put the same lines in.
import { f64View, layOut } from "../kernels/arena.js";
import type { RawKernels } from "../kernels/loader.js";
import { lineMatching } from "./edgeDirectedLines.js";

/** The signature of edgeDirectedLines (see there). */
export type EdgeDirectedLines = (heights: ArrayLike<number>, rows: number, cols: number, factor: number, linePitch: number) => Float64Array;

/** The raw exports the kernel needs, beside those every kernel module has. */
export interface EdgeDirectedLinesKernel {
  edgeDirectedLinesScratchBytes(cols: number, halfWidth: number, maxShift: number): number;
  edgeDirectedLinePair(
    heights: number, r: number, cols: number, factor: number, halfWidth: number, maxShift: number, threshold: number, matchGain: number,
    out: number, scratch: number,
  ): void;
}

export function edgeDirectedLinesWasm(raw: RawKernels): EdgeDirectedLines {
  const kernel = raw as unknown as EdgeDirectedLinesKernel;
  return (heights, rows, cols, factor, linePitch) => {
    const { halfWidth, maxShift, threshold, matchGain } = lineMatching(heights, rows, cols, linePitch);
    const outLength = ((rows - 1) * factor + 1) * cols;
    const [heightsAt, outAt, scratchAt] = layOut(raw, [
      rows * cols * 8, outLength * 8, kernel.edgeDirectedLinesScratchBytes(cols, halfWidth, maxShift),
    ]) as [number, number, number];
    f64View(raw, heightsAt, rows * cols).set(heights);
    for (let r = 0; r < rows - 1; r++) kernel.edgeDirectedLinePair(heightsAt, r, cols, factor, halfWidth, maxShift, threshold, matchGain, outAt, scratchAt);
    const out = f64View(raw, outAt, outLength).slice();
    out.set(f64View(raw, heightsAt + (rows - 1) * cols * 8, cols), (rows - 1) * factor * cols);
    return out;
  };
}
