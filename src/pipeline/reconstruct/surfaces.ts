// The AFM side of a reconstruction (SCIENCE.md steps 1 and 2): level both scans, register
// AFM-before to the SIMS field and AFM-after to AFM-before, and bring both surfaces onto the
// SIMS layer-0 grid.
import { AfmsimsError } from "../../errors.js";
import type { KernelApi } from "../../kernels/index.js";
import type { Affine, HeightMap } from "../../model/types.js";
import { apply, chain, invert, scaling } from "../affine.js";
import { edgeDirectedLines } from "../edgeDirectedLines.js";
import type { EdgeDirectedLines } from "../edgeDirectedLinesWasm.js";
import type { LevelKernels } from "../levelKernelsWasm.js";
import { levelHeightMap, type LevelResult } from "../level.js";
import { pairedLineOffsets, RIM } from "../pairedLineOffsets.js";
import { reliefBesideIndependentOffsets } from "../slowAxisRelief.js";
import { registerAfmAfterToBefore, registerAfmToSims, type RegistrationResult } from "../register.js";

export interface Confidence {
  /** NCC of the edge images after refinement, -1 to 1. */
  score: number;
  /** Peak of the global search above all other placements, in standard deviations. */
  significance: number;
  reliable: boolean;
}

export interface SimsField {
  /** Total-ion image of the SIMS field in layer-0 geometry, `[rows, cols]`. */
  values: Float32Array;
  rows: number;
  cols: number;
  pixelSize: readonly [number, number];
}

export interface RegisteredSurfaces {
  /** Levelled AFM-before on the SIMS grid, metres; NaN outside the AFM field. */
  before: Float32Array;
  /** Levelled AFM-after on the SIMS grid (its own height frame), metres; absent without an after scan. */
  after?: Float32Array;
  afmToSims: Affine;
  afmAfterToSims?: Affine;
  afmToSimsConfidence: Confidence;
  afterToBeforeConfidence?: Confidence;
  /** Mean of (before - after) over the after scan's own field, metres: what `mean_depth` refers to. */
  fieldMeanDifference?: number;
}

function confidence(result: RegistrationResult): Confidence {
  return { score: result.score, significance: result.significance, reliable: result.reliable };
}

/** The surface stage's own kernels; each one absent runs its plain-TypeScript reference. */
export interface SurfaceKernels {
  edgeDirectedLines?: EdgeDirectedLines;
  level?: LevelKernels;
}

function levelled(map: HeightMap, surfaceKernels: SurfaceKernels): LevelResult {
  return levelHeightMap(map.heights, map.rows, map.cols, { pixelSize: map.pixelSize, kernels: surfaceKernels.level });
}

/**
 * Levels and registers the AFM scans. Refuses an unreliable registration unless
 * `allowLowConfidence`: a volume built on a wrong match looks plausible and is silently wrong.
 */
export function registerSurfaces(
  kernels: KernelApi,
  afmBefore: HeightMap,
  afmAfter: HeightMap | undefined,
  sims: SimsField,
  allowLowConfidence: boolean,
  surfaceKernels: SurfaceKernels = {},
): RegisteredSurfaces {
  const beforeLevel = levelled(afmBefore, surfaceKernels);
  const before = beforeLevel.heights;
  const beforeImage = { values: before, rows: afmBefore.rows, cols: afmBefore.cols, pixelSize: afmBefore.pixelSize };
  const afterImage = afmAfter && { values: levelled(afmAfter, surfaceKernels).heights, rows: afmAfter.rows, cols: afmAfter.cols, pixelSize: afmAfter.pixelSize };
  // Same modality, so registered first: a reliable after scan then tells AFM-before's lasting
  // edges from its surface films for the AFM-before -> SIMS fit.
  const afterToBefore = afterImage && registerAfmAfterToBefore(kernels, afterImage, beforeImage);
  const laterScan = afterImage && afterToBefore?.reliable ? { after: { image: afterImage, transform: afterToBefore.transform } } : {};
  const toSims = registerAfmToSims(kernels, beforeImage, sims, laterScan);
  refuseUnreliable("AFM-before to SIMS", toSims, allowLowConfidence);
  // Bicubic across the scan lines, which lie further apart than the SIMS pixels: relief between
  // two lines follows their neighbours' curvature instead of a straight line (paper preset: about
  // 0.05 nm RMS closer to the truth than bilinear). Along a line the average over the pixel's
  // footprint still applies.
  const onSims = (heights: ArrayLike<number>, map: HeightMap, mapToSims: Affine) =>
    kernels.resampleAffine(heights, map.rows, map.cols, sims.rows, sims.cols, invert(mapToSims), { method: "bicubic" });
  // Where a particle's rim crosses the lines obliquely, lines put in between that follow it
  // (edgeDirectedLines.ts) place the rim better than any interpolation straight across.
  const factor = Math.max(1, Math.ceil(LINES_PER_SIMS_PIXEL * (afmBefore.pixelSize[0] / sims.pixelSize[0])));
  const finer = (surfaceKernels.edgeDirectedLines ?? edgeDirectedLines)(before, afmBefore.rows, afmBefore.cols, factor, afmBefore.pixelSize[0] / afmBefore.pixelSize[1]);
  const finerToSims = chain(scaling(1, 1 / factor), toSims.transform);
  const beforeOnSims = kernels.resampleAffine(finer, (afmBefore.rows - 1) * factor + 1, afmBefore.cols, sims.rows, sims.cols, invert(finerToSims), { method: "bicubic" });
  const result: RegisteredSurfaces = {
    before: beforeOnSims,
    afmToSims: toSims.transform,
    afmToSimsConfidence: confidence(toSims),
  };
  if (!afmAfter || !afterImage || !afterToBefore) return result;

  refuseUnreliable("AFM-after to AFM-before", afterToBefore, allowLowConfidence);
  const afmAfterToSims = chain(afterToBefore.transform, toSims.transform);
  // The rims are the sample's, where the after scan has them too; it gets the same correction, so
  // that the removed depth (the difference) comes from both scans interpolated alike.
  const rimCorrection = subtract(beforeOnSims, onSims(before, afmBefore, toSims.transform));
  result.after = addFinite(onSims(afterImage.values, afmAfter, afmAfterToSims), rimCorrection);
  result.afmAfterToSims = afmAfterToSims;
  result.afterToBeforeConfidence = confidence(afterToBefore);
  const beforeOnAfter = kernels.resampleAffine(before, afmBefore.rows, afmBefore.cols, afmAfter.rows, afmAfter.cols, afterToBefore.transform);
  result.fieldMeanDifference = meanDifference(beforeOnAfter, afterImage.values);
  const relief = reliefCorrection(beforeLevel, afmBefore, afmAfter, afterToBefore.transform, craterSides(afmBefore, toSims.transform, sims));
  if (relief) {
    // The relief is the sample's: both levelled scans lost it alike, so both get it back and
    // the removed depth (their difference) stays as it was.
    const reliefOnSims = onSims(relief, afmBefore, toSims.transform);
    result.before = addFinite(result.before, reliefOnSims);
    result.after = addFinite(result.after, reliefOnSims);
  }
  return result;
}

/**
 * The relief across the lines of AFM-before that levelling took for line offsets and the
 * one-scan estimate did not give back, as a correction on the before grid (constant along each
 * line), judged with the after scan's independent line offsets; undefined where the scans share
 * too few lines.
 */
function reliefCorrection(
  beforeLevel: LevelResult, afmBefore: HeightMap, afmAfter: HeightMap, afterToBefore: Affine, sides: Uint8Array,
): Float64Array | undefined {
  const offsetDifference = pairedLineOffsets(afmBefore, afmAfter, afterToBefore, sides);
  if (!offsetDifference) return undefined;
  const relief = reliefBesideIndependentOffsets(beforeLevel.lineOffsets, offsetDifference, beforeLevel.isotropicReliefPower);
  const { rows, cols } = afmBefore;
  const correction = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) correction.fill(relief[r]! - beforeLevel.reliefGivenBack[r]!, r * cols, (r + 1) * cols);
  return correction;
}

// Lines put between the AFM lines: at least this many per SIMS pixel across them.
const LINES_PER_SIMS_PIXEL = 2;

// The sputter crater's rim is no sharper than the beam and may lag the raster: pixels this close
// to the SIMS field's edge belong to neither side.
const CRATER_RIM_WIDTH = 1e-6;

/** Per AFM-before pixel: inside the SIMS field (the crater), outside it, or on its rim (RIM). */
function craterSides(afmBefore: HeightMap, afmToSims: Affine, sims: SimsField): Uint8Array {
  const rimRows = CRATER_RIM_WIDTH / sims.pixelSize[0];
  const rimCols = CRATER_RIM_WIDTH / sims.pixelSize[1];
  const sides = new Uint8Array(afmBefore.rows * afmBefore.cols);
  for (let r = 0; r < afmBefore.rows; r++) {
    for (let c = 0; c < afmBefore.cols; c++) {
      const [x, y] = apply(afmToSims, c, r);
      // Distance inside the field's edge, in pixels of either axis (negative: outside).
      const inside = Math.min((x + 0.5) / rimCols, (sims.cols - 0.5 - x) / rimCols, (y + 0.5) / rimRows, (sims.rows - 0.5 - y) / rimRows);
      sides[r * afmBefore.cols + c] = Math.abs(inside) < 0.5 ? RIM : inside > 0 ? 1 : 0;
    }
  }
  return sides;
}

function refuseUnreliable(what: string, result: RegistrationResult, allowLowConfidence: boolean): void {
  if (result.reliable || allowLowConfidence) return;
  throw new AfmsimsError(
    `registration ${what} found no reliable match (edge correlation ${result.score.toFixed(2)}, ` +
      `search peak ${result.significance.toFixed(1)} sd above the rest); check that the fields overlap, ` +
      "or pass --allow-low-confidence to write the best guess anyway",
  );
}

function subtract(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((v, i) => v - b[i]!);
}

/** `surface` plus `correction` where the correction is finite (NaN where the surface is). */
function addFinite(surface: Float32Array, correction: Float32Array): Float32Array {
  return surface.map((v, i) => (Number.isFinite(correction[i]) ? v + correction[i]! : v));
}

function meanDifference(a: ArrayLike<number>, b: ArrayLike<number>): number | undefined {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (Number.isFinite(d)) {
      sum += d;
      n++;
    }
  }
  return n > 0 ? sum / n : undefined;
}
