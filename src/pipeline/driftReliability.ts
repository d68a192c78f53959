// Which layers' drift measurements can be trusted, judged from the counts themselves.
//
// A layer of a few hundred counts has no feature the correlation can find: its peak is a noise
// peak, anywhere in the field, and one such layer throws the corrected stack pixels off. The
// precision a layer can reach is bounded by the Cramér-Rao bound of a shift of Poisson counts,
// 1 / sqrt(sum over pixels of |grad lambda|^2 / lambda), with lambda the plain mean of the layers
// as measured (not the registration's template: its bilinear shifts smooth the counting noise,
// which would then pass for contrast) scaled to the layer's counts. Drift blurs that mean a
// little, which only makes the bound more cautious. Where even that bound is coarse, the correlation peak has locked
// onto noise in tests (errors of 2-3x the bound, and whole fields in the worst seeds), so such a
// layer is not used: its drift is interpolated from trusted neighbours, as for a layer without
// counts. A shift beyond a quarter of the field leaves too little overlap to be measured at all.
// A layer that passes both can still have locked onto noise: stage drift is smooth or jumps and
// stays, so a layer far from both the trusted layers just before it and those just after it
// (a spike, not a step) is not trusted either.

import { median } from "./stats.js";

/** Largest Cramér-Rao bound of a layer's shift, SIMS pixels per axis, at which it is trusted. */
const MAX_SHIFT_BOUND_PX = 0.35;
/** Largest measurable shift, as a fraction of the (binned) field's smaller side. */
const MAX_SHIFT_FRACTION = 0.25;
/** Trusted layers on each side that a layer's measurement is checked against. */
const NEIGHBOURS = 3;
/** A spike is a layer this far plus SPIKE_BOUNDS of its own bound from both sides, SIMS pixels. */
const SPIKE_PX = 1;
const SPIKE_BOUNDS = 6;

/**
 * Layers of `binned` (`[layers, rows, cols]`, counts binned `bin` x `bin`) whose measured
 * `shifts` (`[layers, 2]`, binned pixels) cannot be trusted.
 */
export function unreliableLayers(
  binned: Float64Array, shifts: Float64Array, layers: number, rows: number, cols: number, bin: number,
): number[] {
  const size = rows * cols;
  const mean = new Float64Array(size);
  for (let k = 0; k < layers; k++) for (let i = 0; i < size; i++) mean[i]! += binned[k * size + i]! / layers;
  const information = shiftInformation(mean, rows, cols, layers);
  const meanCounts = mean.reduce((a, b) => a + b, 0);
  const largestShift = MAX_SHIFT_FRACTION * Math.min(rows, cols);
  const bounds = new Float64Array(layers);
  const measurable: number[] = [];
  for (let k = 0; k < layers; k++) {
    let counts = 0;
    for (let i = k * size; i < (k + 1) * size; i++) counts += binned[i]!;
    bounds[k] = bin / Math.sqrt((counts / meanCounts) * Math.min(information.y, information.x));
    const tooFar = Math.abs(shifts[2 * k]!) > largestShift || Math.abs(shifts[2 * k + 1]!) > largestShift;
    if (bounds[k]! <= MAX_SHIFT_BOUND_PX && !tooFar) measurable.push(k);
  }
  const spikes = new Set(measurable.filter((k, j) => {
    const tolerance = (SPIKE_PX + SPIKE_BOUNDS * bounds[k]!) / bin;
    const before = measurable.slice(Math.max(0, j - NEIGHBOURS), j);
    const after = measurable.slice(j + 1, j + 1 + NEIGHBOURS);
    const offBy = (side: number[]) => side.length > 0 && distance(shifts, k, medianShift(shifts, side)) > tolerance;
    return offBy(before) && offBy(after);
  }));
  const trusted = new Set(measurable.filter((k) => !spikes.has(k)));
  return Array.from({ length: layers }, (_, k) => k).filter((k) => !trusted.has(k));
}

/** Per-axis median of the shifts of the given layers. */
function medianShift(shifts: Float64Array, layers: number[]): [number, number] {
  const axisMedian = (axis: number) => median(layers.map((k) => shifts[2 * k + axis]!));
  return [axisMedian(0), axisMedian(1)];
}

function distance(shifts: Float64Array, k: number, [y, x]: [number, number]): number {
  return Math.hypot(shifts[2 * k]! - y, shifts[2 * k + 1]! - x);
}

/**
 * Fisher information about a shift along each axis in a layer of the mean's counts, per binned
 * pixel squared. The mean's own counting noise adds to its squared gradient: a central
 * difference of a mean over `layers` Poisson layers has variance lambda / (2 layers), whose
 * expected share, 1 / (2 layers) a pixel, is taken off.
 */
function shiftInformation(mean: Float64Array, rows: number, cols: number, layers: number): { y: number; x: number } {
  let y = 0;
  let x = 0;
  const noise = 1 / (2 * layers);
  for (let r = 1; r < rows - 1; r++) {
    for (let c = 1; c < cols - 1; c++) {
      const lambda = mean[r * cols + c]!;
      if (!(lambda > 0)) continue;
      const gradY = (mean[(r + 1) * cols + c]! - mean[(r - 1) * cols + c]!) / 2;
      const gradX = (mean[r * cols + c + 1]! - mean[r * cols + c - 1]!) / 2;
      y += gradY ** 2 / lambda - noise;
      x += gradX ** 2 / lambda - noise;
    }
  }
  return { y, x };
}

/**
 * `values` (`[layers, 2]`) with the `replaced` layers (ascending) interpolated linearly from the
 * nearest kept layers on either side, held constant past the ends; all zero when none is kept.
 */
export function interpolateOverLayers(values: Float64Array, replaced: number[], layers: number): Float64Array {
  const out = Float64Array.from(values);
  const skip = new Set(replaced);
  const kept = Array.from({ length: layers }, (_, k) => k).filter((k) => !skip.has(k));
  if (kept.length === 0) return out.fill(0);
  for (const k of replaced) {
    const next = kept.findIndex((j) => j > k);
    const after = next < 0 ? undefined : kept[next];
    const before = next === 0 ? undefined : kept[next < 0 ? kept.length - 1 : next - 1];
    for (let axis = 0; axis < 2; axis++) {
      const from = before ?? after!;
      const to = after ?? before!;
      const t = from === to ? 0 : (k - from) / (to - from);
      out[2 * k + axis] = values[2 * from + axis]! * (1 - t) + values[2 * to + axis]! * t;
    }
  }
  return out;
}
