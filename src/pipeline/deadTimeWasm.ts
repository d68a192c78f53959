import { f32View, layOut } from "../kernels/arena.js";
import type { RawKernels } from "../kernels/loader.js";
import { POOL_RADIUS } from "./deadTime.js";

/**
 * The pooled dead-time correction of one layer's planes `[planes, rows, cols]`, in place, adding
 * each pixel's change to the layer's total-ion plane when there is one: correctDeadTime
 * ("pooled") of every plane, fused into one kernel pass (assembly/deadtime.ts).
 */
export type PooledDeadTimeLayer = (planes: Float32Array, total: Float32Array | undefined, rows: number, cols: number, pulses: number) => void;

export function pooledDeadTimeWasm(raw: RawKernels): PooledDeadTimeLayer {
  return (planes, total, rows, cols, pulses) => {
    const pixels = rows * cols;
    const [planesAt, totalAt, scratchAt] = layOut(raw, [planes.length * 4, pixels * 4, raw.deadTimePooledScratchBytes(rows, cols)]) as [number, number, number];
    f32View(raw, planesAt, planes.length).set(planes);
    if (total) f32View(raw, totalAt, pixels).set(total);
    raw.deadTimePooledLayer(planesAt, planes.length / pixels, totalAt, total ? 1 : 0, rows, cols, POOL_RADIUS, pulses, scratchAt);
    planes.set(f32View(raw, planesAt, planes.length));
    if (total) total.set(f32View(raw, totalAt, pixels));
  };
}
