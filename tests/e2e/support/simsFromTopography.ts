/**
 * A simulated SIMS depth profile of a real AFM scan's field: a square SIMS field placed inside
 * the AFM field by a known rotation and offset, whose total-ion contrast follows the topography
 * (so registration has something real to find), with a two-ion depth profile and Poisson counts.
 */
import { apply, chain, invert, rotationScale, scaling, translation } from "../../../src/pipeline/affine.js";
import type { Affine, PixelSize } from "../../../src/model/types.js";
import { Random } from "../../../src/sim/random.js";

export interface TopographyMap {
  heights: Float64Array;
  rows: number;
  cols: number;
  pixelSize: PixelSize;
}

export interface SimsField {
  /** Pixels a side. */
  size: number;
  /** Pixel pitch, metres. */
  pixel: number;
  /** Rotation of the SIMS axes against the AFM axes, radians. */
  rotation: number;
  /** SIMS field centre minus AFM field centre, `[x, y]` metres. */
  offset: readonly [number, number];
}

/** SIMS pixel (col, row, 1) to AFM pixel. */
function simsToAfm(afm: TopographyMap, field: SimsField): Affine {
  const simsCentre = (field.size - 1) / 2;
  return chain(
    translation(-simsCentre, -simsCentre),
    rotationScale(field.rotation, field.pixel),
    translation(field.offset[0], field.offset[1]),
    scaling(1 / afm.pixelSize[1], 1 / afm.pixelSize[0]),
    translation((afm.cols - 1) / 2, (afm.rows - 1) / 2),
  );
}

/** The true `/registration/afm_to_sims`: AFM pixel (col, row, 1) to SIMS pixel. */
export function trueAfmToSims(afm: TopographyMap, field: SimsField): Affine {
  return invert(simsToAfm(afm, field));
}

function bilinear(map: TopographyMap, x: number, y: number): number {
  const c = Math.min(Math.max(x, 0), map.cols - 1.000001);
  const r = Math.min(Math.max(y, 0), map.rows - 1.000001);
  const c0 = Math.floor(c);
  const r0 = Math.floor(r);
  const fc = c - c0;
  const fr = r - r0;
  const at = (row: number, col: number) => map.heights[row * map.cols + col];
  return (at(r0, c0) * (1 - fc) + at(r0, c0 + 1) * fc) * (1 - fr) + (at(r0 + 1, c0) * (1 - fc) + at(r0 + 1, c0 + 1) * fc) * fr;
}

/** Heights under each SIMS pixel centre, scaled to zero median and unit interquartile range, clipped to ±3. */
export function topographyUnderSims(afm: TopographyMap, field: SimsField): Float64Array {
  const toAfm = simsToAfm(afm, field);
  const corners = [[0, 0], [field.size - 1, 0], [0, field.size - 1], [field.size - 1, field.size - 1]];
  for (const [c, r] of corners) {
    const [x, y] = apply(toAfm, c, r);
    if (!(x >= 0 && y >= 0 && x <= afm.cols - 1 && y <= afm.rows - 1)) throw new Error(`SIMS corner (${c}, ${r}) falls outside the AFM field`);
  }
  const heights = new Float64Array(field.size * field.size);
  for (let r = 0; r < field.size; r++) {
    for (let c = 0; c < field.size; c++) heights[r * field.size + c] = bilinear(afm, ...apply(toAfm, c, r));
  }
  const sorted = Float64Array.from(heights).sort();
  const quantile = (q: number) => sorted[Math.floor(q * (sorted.length - 1))];
  const median = quantile(0.5);
  const spread = quantile(0.75) - quantile(0.25) || 1;
  return heights.map((h) => Math.min(3, Math.max(-3, (h - median) / spread)));
}

export interface DepthProfileSpec {
  layers: number;
  /** Mean counts per pixel of each ion in layer `l`. */
  meanCounts: ((layer: number) => number)[];
  /** Relative change of the counts per unit of the scaled topography. */
  contrast: number;
  seed: number;
}

/** Counts `[layer][ion][row * size + col]`, Poisson around mean x (1 + contrast x topography). */
export function simulatedCounts(topography: Float64Array, spec: DepthProfileSpec): number[][][] {
  const random = new Random(spec.seed, "sims-from-topography");
  return Array.from({ length: spec.layers }, (_, layer) =>
    spec.meanCounts.map((mean) => Array.from(topography, (t) => random.poisson(Math.max(0, mean(layer) * (1 + spec.contrast * t))))),
  );
}
