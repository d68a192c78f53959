// Registration (SCIENCE.md step 2): AFM-before to the SIMS total-ion image (multimodal), and
// AFM-after to AFM-before (one modality, a surface changed by sputtering). Both compare edge
// images on common isotropic grids: a global search over rotation, scale and translation on a
// coarse grid, then Gauss-Newton refinement on a coarse and on a fine grid. The fine refinement
// also fits how far apart the two images place the same boundaries (refine.ts): an AFM rim
// against an ion-yield boundary, or a rim before sputtering against the step that
// material-dependent sputtering leaves at the boundary.
import type { KernelApi } from "../kernels/index.js";
import type { Affine } from "../model/types.js";
import { affine, chain, invert, translation } from "./affine.js";
import { coarseSearch } from "./coarseSearch.js";
import { type FeatureImage, type GriddedImage, edgeFeatures, gaussianBlur, persistentEdges } from "./features.js";
import { type TransformModel, refine } from "./refine.js";
import { assertUsableImage } from "./validate.js";

export type { GriddedImage } from "./features.js";
export type { TransformModel } from "./refine.js";

export interface RegistrationResult {
  /** The map between the two images' pixels (col, row, 1); which way round, each function says. */
  transform: Affine;
  /** NCC of the edge images after refinement, -1 to 1. */
  score: number;
  /** How far the global-search peak stands above all other placements, in standard deviations. */
  significance: number;
  /** False: "no reliable match"; `transform` is then the best guess and must not be used. */
  reliable: boolean;
}

export interface RegistrationOptions {
  /** Refined transform: a similarity (default) or a full affine. */
  model?: TransformModel;
}

/** A later scan of the fixed field and its registration to it (`transform`: its pixel -> the fixed image's pixel). */
export interface LaterScan {
  image: GriddedImage;
  transform: Affine;
}

export interface AfmToSimsOptions extends RegistrationOptions {
  /**
   * The AFM-after scan registered to AFM-before (registerAfmAfterToBefore): the fine fit then
   * keeps only the AFM-before edges that the after scan shows too. The total-ion image averages
   * the whole profile, so its edges are the boundaries that persist through the depth; a surface
   * film (an SEI spot) is a strong edge in AFM-before with almost no total-ion contrast, and next
   * to a particle's rim it pulls the fit.
   */
  after?: LaterScan;
}

/** How one pair of fields is registered: the search's range and the edge images it compares. */
interface FieldPairing {
  maxRotation: number;
  maxScale: number;
  /** Fraction of the moving field kept (centred): 1 for a field inside the other. */
  keep: number;
  /** The edge images' `edgeQuantile` (features.ts): how much of each image counts as edge. */
  edgeQuantile: number;
  /** Pitch of the fine grid, as a fraction of the moving image's (smaller) pixel pitch. */
  finePitch: number;
  /** Blur of the fine grid, grid pixels. */
  fineBlur: number;
  /**
   * Whether the fine fit weights each moving pixel by how near it lies to the moving image's
   * edges: across modalities only the moving image's boundaries are known to be shared, and
   * fixed edges away from them (scratches, texture, films) carry no information, only pull.
   */
  weightByMovingEdges: boolean;
}

// Pixels a side of the fixed image on the search and the coarse grid, and the blur (grid
// pixels) of each grid. The search grid is coarse enough to try every rotation and scale; the
// coarse grid's wider blur widens Gauss-Newton's reach to the search's step.
const SEARCH_SIZE = 64;
const SEARCH_BLUR = 1;
const SEARCH_STEP = 2;
const SEARCH_MARGIN = 2;
const COARSE_SIZE = 128;
const COARSE_BLUR = 2;
const FINE_SIZE_LIMIT = 512;
// The fine grid's pitch, in moving pixels. Across modalities the edge images are made by
// nonlinear steps (gradient magnitude, compression, the product with the after scan's edges) of
// rims about a SIMS pixel wide: on a grid of SIMS pixels their ridges are undersampled, and where a
// ridge sits between grid pixels shifts with its phase on the grid; half a pixel samples them
// (the beam-blurred SIMS image itself interpolates faithfully). Two AFM scans are compared at
// the moving scan's own pitch, which is already finer than their rims.
const MULTIMODAL_FINE_PITCH = 0.5;
const SAME_MODALITY_FINE_PITCH = 1;
// The fine grid's blur (grid pixels). The SIMS image comes blurred by the beam already, and more
// blur there only widens the rims the edge shift is fitted on (1 grid pixel at half a SIMS pixel's
// pitch: half a SIMS pixel); two AFM scans carry line noise and texture that a little more
// smoothing keeps out of the fit.
const MULTIMODAL_FINE_BLUR = 1;
const SAME_MODALITY_FINE_BLUR = 1;
// Across modalities only the strongest edges are shared (particle rims; the AFM's fine texture has
// no counterpart in ion yield): the top 10% of each image counts as edge. One surface scanned
// twice by the same AFM shares its fainter relief and texture as well, and the top 35% counts.
const MULTIMODAL_EDGE_QUANTILE = 0.9;
const SAME_MODALITY_EDGE_QUANTILE = 0.65;
// How far (grid pixels, Gaussian sigma) a moving edge's weight reaches beyond its own width.
const EDGE_NEIGHBOURHOOD = 1;
// A match is reliable when the refined edge images correlate at least this well.
const MIN_SCORE = 0.35;

const AFM_TO_SIMS: FieldPairing = {
  maxRotation: (10 * Math.PI) / 180,
  maxScale: 0.08,
  keep: 1,
  edgeQuantile: MULTIMODAL_EDGE_QUANTILE,
  finePitch: MULTIMODAL_FINE_PITCH,
  fineBlur: MULTIMODAL_FINE_BLUR,
  weightByMovingEdges: true,
};
const AFTER_TO_BEFORE: FieldPairing = {
  maxRotation: (2 * Math.PI) / 180,
  maxScale: 0.02,
  keep: 0.9,
  edgeQuantile: SAME_MODALITY_EDGE_QUANTILE,
  finePitch: SAME_MODALITY_FINE_PITCH,
  fineBlur: SAME_MODALITY_FINE_BLUR,
  weightByMovingEdges: false,
};

/**
 * Registers the AFM-before height map to the SIMS total-ion image. `transform` maps AFM pixel
 * `(col, row, 1)` to SIMS pixel (FORMATS.md `/registration/afm_to_sims`). The SIMS field is
 * searched anywhere inside the AFM field, rotated by up to 10 degrees, scaled by up to 8%.
 */
export function registerAfmToSims(
  kernels: KernelApi, afm: GriddedImage, sims: GriddedImage, options: AfmToSimsOptions = {},
): RegistrationResult {
  assertUsableImage(afm.values, afm.rows, afm.cols, "AFM height map");
  assertUsableImage(sims.values, sims.rows, sims.cols, "SIMS total-ion image");
  const result = registerFields(kernels, afm, sims, AFM_TO_SIMS, options, options.after);
  return { ...result, transform: invert(result.transform) };
}

/**
 * Registers the AFM-after height map to AFM-before: `transform` maps after pixel `(col, row, 1)`
 * to before pixel. The two fields overlap nearly whole, offset by the stage's repositioning: the
 * central 90% of the after field is sought inside the before field, so the offset may reach 5%
 * of the field on each axis.
 */
export function registerAfmAfterToBefore(
  kernels: KernelApi, after: GriddedImage, before: GriddedImage, options: RegistrationOptions = {},
): RegistrationResult {
  assertUsableImage(after.values, after.rows, after.cols, "AFM-after height map");
  assertUsableImage(before.values, before.rows, before.cols, "AFM-before height map");
  return registerFields(kernels, before, after, AFTER_TO_BEFORE, options);
}

/**
 * Finds moving inside fixed; `transform` maps moving pixel to fixed pixel. With `fixedLater`, the
 * fine fit uses only the fixed edges that the later scan of the fixed field shows too.
 */
function registerFields(
  kernels: KernelApi, fixed: GriddedImage, moving: GriddedImage, pairing: FieldPairing, options: RegistrationOptions,
  fixedLater?: LaterScan,
): RegistrationResult {
  const fieldSize = Math.max(fixed.rows * fixed.pixelSize[0], fixed.cols * fixed.pixelSize[1]);
  const searchPitch = fieldSize / SEARCH_SIZE;
  const fixedSearch = edgeFeatures(kernels, fixed, searchPitch, SEARCH_BLUR, pairing.edgeQuantile);
  // Less a margin: on the search grid's large pixels, a field that fits inside the other with
  // less than a pixel to spare would otherwise be rounded out of it.
  const movingSearch = cropped(edgeFeatures(kernels, moving, searchPitch, SEARCH_BLUR, pairing.edgeQuantile), pairing.keep, SEARCH_MARGIN);
  const radius = Math.hypot(movingSearch.rows, movingSearch.cols) / 2;
  // Steps that move the moving image's corners by about two search pixels, so that no
  // candidate is off by more than one: the blurred edges still overlap there.
  const rotations = steps(pairing.maxRotation, SEARCH_STEP / radius);
  const scales = steps(pairing.maxScale, SEARCH_STEP / radius).map((s) => 1 + s);
  const found = coarseSearch(kernels, fixedSearch, movingSearch, rotations, scales);
  if (!found) return { transform: affine(1, 0, 0, 0, 1, 0), score: 0, significance: 0, reliable: false };
  const model = options.model ?? "similarity";
  const coarsePitch = fieldSize / COARSE_SIZE;
  const fixedCoarse = edgeFeatures(kernels, fixed, coarsePitch, COARSE_BLUR, pairing.edgeQuantile);
  const movingCoarse = cropped(edgeFeatures(kernels, moving, coarsePitch, COARSE_BLUR, pairing.edgeQuantile), pairing.keep);
  const coarseStart = between(movingCoarse, movingSearch, found.movingToFixed, fixedSearch, fixedCoarse);
  const coarseRefined = refine(kernels, fixedCoarse, movingCoarse, coarseStart, "similarity");
  const finePitch = Math.max(pairing.finePitch * Math.min(moving.pixelSize[0], moving.pixelSize[1]), fieldSize / FINE_SIZE_LIMIT);
  const fixedEdges = edgeFeatures(kernels, fixed, finePitch, pairing.fineBlur, pairing.edgeQuantile);
  const fixedFine = fixedLater
    ? persistentEdges(kernels, fixedEdges, edgeFeatures(kernels, fixedLater.image, finePitch, pairing.fineBlur, pairing.edgeQuantile), fixedLater.transform)
    : fixedEdges;
  const movingFine = cropped(edgeFeatures(kernels, moving, finePitch, pairing.fineBlur, pairing.edgeQuantile), pairing.keep);
  const start = between(movingFine, movingCoarse, coarseRefined.movingToFixed, fixedCoarse, fixedFine);
  const weights = pairing.weightByMovingEdges ? nearEdges(movingFine) : undefined;
  const fine = refine(kernels, fixedFine, movingFine, start, model, { edgeShift: true, weights });
  const transform = chain(invert(movingFine.toSource), fine.movingToFixed, fixedFine.toSource);
  return {
    transform,
    score: fine.score,
    significance: found.significance,
    reliable: fine.score >= MIN_SCORE,
  };
}

/** An edge image blurred by EDGE_NEIGHBOURHOOD grid pixels, scaled to 1 at its largest: near its edges, about 1; far from them, 0. */
function nearEdges(image: FeatureImage): Float32Array {
  const near = gaussianBlur(image.values, image.rows, image.cols, EDGE_NEIGHBOURHOOD, EDGE_NEIGHBOURHOOD);
  let largest = 0;
  for (const v of near) largest = Math.max(largest, v);
  return largest > 0 ? near.map((v) => v / largest) : near.fill(1);
}

/** Symmetric steps of about `step` covering [-limit, limit], always including 0. */
function steps(limit: number, step: number): number[] {
  const count = Math.max(1, Math.ceil(limit / step));
  return Array.from({ length: 2 * count + 1 }, (_, i) => ((i - count) * limit) / count);
}

/**
 * A moving-to-fixed map found between one pair of grids, carried to another pair: through each
 * grid's map to its source image's pixels.
 */
function between(
  movingTo: FeatureImage, movingFrom: FeatureImage, movingToFixed: Affine, fixedFrom: FeatureImage, fixedTo: FeatureImage,
): Affine {
  return chain(movingTo.toSource, invert(movingFrom.toSource), movingToFixed, fixedFrom.toSource, invert(fixedTo.toSource));
}

/** The central `keep` fraction of a feature image (both axes), less `margin` pixels a side. */
function cropped(image: FeatureImage, keep: number, margin = 0): FeatureImage {
  if (keep >= 1 && margin === 0) return image;
  const rows = Math.max(8, Math.round(image.rows * keep) - 2 * margin);
  const cols = Math.max(8, Math.round(image.cols * keep) - 2 * margin);
  const top = Math.floor((image.rows - rows) / 2);
  const left = Math.floor((image.cols - cols) / 2);
  const crop = (plane: Float32Array) => {
    const out = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) out.set(plane.subarray((r + top) * image.cols + left, (r + top) * image.cols + left + cols), r * cols);
    return out;
  };
  const normals = image.normals && ([crop(image.normals[0]), crop(image.normals[1])] as [Float32Array, Float32Array]);
  return { ...image, values: crop(image.values), normals, rows, cols, toSource: chain(translation(left, top), image.toSource) };
}
