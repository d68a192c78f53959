// The SIMS stack's own corrections, done in place on `[layers, channels, rows, cols]` so that a
// 512 x 512 x 100-layer profile is never held twice: dead time (SCIENCE.md step 4) and moving
// every layer back to layer-0 geometry (step 3).
import type { KernelApi } from "../../kernels/index.js";
import { correctDeadTime, type DeadTimeMethod } from "../deadTime.js";
import type { PooledDeadTimeLayer } from "../deadTimeWasm.js";
import { interpolateOverLayers } from "../driftReliability.js";
import type { FloatArray } from "../../model/types.js";
import { sharedFloat32Array } from "../../parallel/sharedArrays.js";

export interface StackShape {
  layers: number;
  channels: number;
  rows: number;
  cols: number;
}

/** Layers [from, to) of a stack: a part of the work, which a thread does on its own. */
export interface LayerRange {
  from: number;
  to: number;
}

/**
 * Poisson dead-time correction of every channel, plane by plane, in place (the pooled
 * estimator a layer at a time on `pooledLayer` when given). The channels'
 * corrections are added to `total` as well: the total-ion image is the channels plus many other
 * masses, each far from one ion per pulse, so only the named channels' share is saturated.
 * Each layer is corrected on its own: `range` picks the layers to do (default all).
 */
export function correctDeadTimeInPlace(
  kernels: KernelApi, counts: FloatArray, shape: StackShape, pulses: number, total?: FloatArray, method: DeadTimeMethod = "pooled",
  pooledLayer?: PooledDeadTimeLayer, range: LayerRange = { from: 0, to: shape.layers },
): void {
  const pixels = shape.rows * shape.cols;
  const layerSize = shape.channels * pixels;
  if (method === "pooled" && pooledLayer && counts instanceof Float32Array && (!total || total instanceof Float32Array)) {
    for (let k = range.from; k < range.to; k++) {
      pooledLayer(counts.subarray(k * layerSize, (k + 1) * layerSize), total?.subarray(k * pixels, (k + 1) * pixels), shape.rows, shape.cols, pulses);
    }
    return;
  }
  for (let k = range.from; k < range.to; k++) {
    for (let c = 0; c < shape.channels; c++) {
      const plane = counts.subarray((k * shape.channels + c) * pixels, (k * shape.channels + c + 1) * pixels);
      const corrected = correctDeadTime(kernels, plane, shape.rows, shape.cols, pulses, method);
      if (total) {
        const base = k * pixels;
        for (let p = 0; p < pixels; p++) total[base + p]! += corrected[p]! - plane[p]!;
      }
      plane.set(corrected);
    }
  }
}

/** Total-ion counts `[layers, rows, cols]`: the file's own (not copied), or the sum of the channels. */
export function totalIonStack(counts: FloatArray, shape: StackShape, fileTotal?: FloatArray): FloatArray {
  if (fileTotal) return fileTotal;
  const pixels = shape.rows * shape.cols;
  const total = sharedFloat32Array(shape.layers * pixels);
  for (let k = 0; k < shape.layers; k++) {
    const layer = total.subarray(k * pixels, (k + 1) * pixels);
    for (let c = 0; c < shape.channels; c++) {
      const base = (k * shape.channels + c) * pixels;
      for (let p = 0; p < pixels; p++) layer[p]! += counts[base + p]!;
    }
  }
  return total;
}

/**
 * Moves each plane of `[layers, planesPerLayer, rows, cols]` back to layer-0 geometry by bilinear
 * interpolation, in place: pixel (row, col) of layer k takes layer k's value at
 * (row + dy_k, col + dx_k). Pixels whose source lies outside the layer become NaN (no data),
 * never wrapped or extrapolated. `range` picks the layers to move (default all).
 */
export function shiftLayersBackInPlace(
  kernels: KernelApi, stack: FloatArray, layers: number, planesPerLayer: number, rows: number, cols: number, drift: Float64Array,
  range: LayerRange = { from: 0, to: layers },
): void {
  const layerSize = planesPerLayer * rows * cols;
  for (let k = Math.max(1, range.from); k < range.to; k++) {
    const dy = drift[2 * k]!;
    const dx = drift[2 * k + 1]!;
    if (dy === 0 && dx === 0) continue;
    kernels.translatePlanes(stack.subarray(k * layerSize, (k + 1) * layerSize), rows, cols, dy, dx);
  }
}

/**
 * Mean over the layers of a `[layers, rows, cols]` stack, each pixel over the layers that have
 * data there: a sum would darken the border that drift leaves without data in some layers, an
 * edge that registration would lock onto.
 */
export function meanOverLayers(stack: ArrayLike<number>, layers: number, pixels: number): Float32Array {
  const sum = new Float64Array(pixels);
  const seen = new Uint32Array(pixels);
  for (let k = 0; k < layers; k++) {
    for (let p = 0; p < pixels; p++) {
      const v = stack[k * pixels + p]!;
      if (Number.isNaN(v)) continue;
      sum[p]! += v;
      seen[p]!++;
    }
  }
  return Float32Array.from(sum, (v, p) => (seen[p]! > 0 ? v / seen[p]! : NaN));
}

/** Whether a layer of `[layers, rows, cols]` has any contrast to track (not all zero, NaN or one value). */
function hasContrast(stack: ArrayLike<number>, k: number, pixels: number): boolean {
  let first = NaN;
  for (let p = k * pixels; p < (k + 1) * pixels; p++) {
    const v = stack[p]!;
    if (!Number.isFinite(v)) continue;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) return true;
  }
  return false;
}

/**
 * Drift of every layer from the layers that can be tracked: a layer without contrast (a
 * dropped scan, all zero counts) takes the drift interpolated linearly from its tracked
 * neighbours (held constant past the ends). Returns the layers that were interpolated.
 */
export function driftOverTrackableLayers(
  total: FloatArray, layers: number, rows: number, cols: number,
  estimate: (stack: FloatArray, layers: number) => Float64Array,
): { drift: Float64Array; untracked: number[] } {
  const pixels = rows * cols;
  const tracked: number[] = [];
  const untracked: number[] = [];
  for (let k = 0; k < layers; k++) (hasContrast(total, k, pixels) ? tracked : untracked).push(k);
  const drift = new Float64Array(2 * layers);
  if (tracked.length < 2) return { drift, untracked };
  let trackedDrift: Float64Array;
  if (untracked.length === 0) {
    trackedDrift = estimate(total, layers);
  } else {
    const compact = new Float32Array(tracked.length * pixels);
    tracked.forEach((k, j) => compact.set(total.subarray(k * pixels, (k + 1) * pixels), j * pixels));
    trackedDrift = estimate(compact, tracked.length);
  }
  // Drift is relative to layer 0; when layer 0 itself is untracked, the first tracked layer stands in.
  tracked.forEach((k, j) => drift.set(trackedDrift.subarray(2 * j, 2 * j + 2), 2 * k));
  return { drift: interpolateOverLayers(drift, untracked, layers), untracked };
}
