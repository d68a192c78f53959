// Sub-pixel refinement of where a moving feature image lies in a fixed one: Gauss-Newton on
// sum (g F(A m) + h - M(m))^2 over the moving pixels, for a similarity or a full affine A and
// a gain g and offset h (so this maximises the normalised cross-correlation).
import type { KernelApi, RefineImages, TransformModel } from "../kernels/index.js";
import type { Affine } from "../model/types.js";
import { affine, chain, translation } from "./affine.js";
import type { FeatureImage } from "./features.js";

export type { TransformModel } from "../kernels/index.js";

export interface RefineOptions {
  /**
   * Also fit one shift of the fixed image's edges along the moving image's edge normals, to first
   * order: where two images place a boundary apart (an AFM rim rounded by polishing or broadened
   * by the tip, against the SIMS composition boundary or the step sputtering leaves), so that
   * arcs cut by the field's border do not pull the scale.
   */
  edgeShift?: boolean;
  /** Weight of each moving pixel's residual (moving grid); all 1 when absent. */
  weights?: Float32Array;
}

export interface Refinement {
  movingToFixed: Affine;
  /** NCC between the moving image and the fixed image warped onto it. */
  score: number;
}

const MAX_ITERATIONS = 20;
/** Stop once no pixel of the moving image moves more than this (moving pixels). */
const CONVERGED = 2e-3;
/** The most one step may move a pixel of the moving image (moving pixels). */
const MAX_STEP = 1;

function derivatives(image: FeatureImage): [Float32Array, Float32Array] {
  const { values, rows, cols } = image;
  const dx = new Float32Array(values.length);
  const dy = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const c0 = Math.max(0, c - 1);
      const c1 = Math.min(cols - 1, c + 1);
      const r0 = Math.max(0, r - 1);
      const r1 = Math.min(rows - 1, r + 1);
      dx[i] = (values[r * cols + c1]! - values[r * cols + c0]!) / (c1 - c0 || 1);
      dy[i] = (values[r1 * cols + c]! - values[r0 * cols + c]!) / (r1 - r0 || 1);
    }
  }
  return [dx, dy];
}

function solve(a: Float64Array, b: Float64Array, n: number): Float64Array | undefined {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]!) > Math.abs(m[pivot * n + col]!)) pivot = r;
    if (Math.abs(m[pivot * n + col]!) < 1e-300) return undefined;
    for (let c = 0; c < n; c++) [m[col * n + c], m[pivot * n + c]] = [m[pivot * n + c]!, m[col * n + c]!];
    [x[col], x[pivot]] = [x[pivot]!, x[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r * n + col]! / m[col * n + col]!;
      if (f === 0) continue;
      for (let c = col; c < n; c++) m[r * n + c]! -= f * m[col * n + c]!;
      x[r]! -= f * x[col]!;
    }
  }
  return x.map((v, i) => v / m[i * n + i]!);
}

/** Refines `start` (moving pixel -> fixed pixel) by Gauss-Newton. */
export function refine(
  kernels: KernelApi, fixed: FeatureImage, moving: FeatureImage, start: Affine, model: TransformModel,
  options: RefineOptions = {},
): Refinement {
  const normals = options.edgeShift ? moving.normals : undefined;
  const [fixedDx, fixedDy] = derivatives(fixed);
  // Coordinates centred on the moving image keep the normal equations well conditioned.
  const cx = (moving.cols - 1) / 2;
  const cy = (moving.rows - 1) / 2;
  const centred = chain(translation(cx, cy), start);
  let [a, b, c, d, e, f] = [centred[0]!, centred[1]!, centred[2]!, centred[3]!, centred[4]!, centred[5]!];
  let gain = 1;
  let offset = 0;
  const geometry = model === "similarity" ? 4 : 6;
  // Parameters: the geometry, the edge shift when fitted, then gain and offset.
  const shiftAt = geometry;
  const photometric = normals ? geometry + 1 : geometry;
  let shift = 0;
  const warp = (image: Float32Array, m: Affine) => kernels.resampleAffine(image, fixed.rows, fixed.cols, moving.rows, moving.cols, m, { areaAverage: false });
  const images: RefineImages = {
    fixed: fixed.values, fixedDx, fixedDy, fixedRows: fixed.rows, fixedCols: fixed.cols,
    moving: moving.values, normals, weights: options.weights, movingRows: moving.rows, movingCols: moving.cols,
  };
  let first = true;
  const startScore = ncc(warp(fixed.values, start), moving.values);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const m = chain(translation(-cx, -cy), affine(a, b, c, d, e, f));
    if (first) {
      [gain, offset] = photometricFit(warp(fixed.values, m), moving.values);
      first = false;
    }
    const { normal, rhs, parameters: n } = kernels.refineNormalEquations(images, { model, movingToFixed: m, centre: [cx, cy], gain, offset, shift });
    const solved = solve(normal, rhs, n);
    if (!solved) break;
    const reach = Math.max(cx, cy);
    const movement = (model === "similarity"
      ? (Math.abs(solved[0]!) + Math.abs(solved[1]!)) * reach + Math.abs(solved[2]!) + Math.abs(solved[3]!)
      : (Math.abs(solved[0]!) + Math.abs(solved[1]!) + Math.abs(solved[3]!) + Math.abs(solved[4]!)) * reach + Math.abs(solved[2]!) + Math.abs(solved[5]!)
    ) + (normals ? Math.abs(solved[shiftAt]!) : 0);
    // Far from the optimum the linearisation can ask for wild steps: cap how far a pixel moves.
    const step = movement > MAX_STEP ? solved.map((v) => (v * MAX_STEP) / movement) : solved;
    if (model === "similarity") {
      a += step[0]!;
      e += step[0]!;
      d += step[1]!;
      b -= step[1]!;
      c += step[2]!;
      f += step[3]!;
    } else {
      a += step[0]!;
      b += step[1]!;
      c += step[2]!;
      d += step[3]!;
      e += step[4]!;
      f += step[5]!;
    }
    if (normals) shift += step[shiftAt]!;
    gain += step[photometric]!;
    offset += step[photometric + 1]!;
    if (movement < CONVERGED) break;
  }
  const movingToFixed = chain(translation(-cx, -cy), affine(a, b, c, d, e, f));
  const warped = warp(fixed.values, movingToFixed);
  const score = ncc(warped, moving.values);
  // Judged by the model fitted: the edge shift included.
  const fitted = normals ? ncc(shiftedEdges(warped, warp(fixedDx, movingToFixed), warp(fixedDy, movingToFixed), normals, movingToFixed, shift), moving.values) : score;
  // Never return worse than the start: a refinement that wandered off keeps the search's answer.
  return fitted >= startScore ? { movingToFixed, score } : { movingToFixed: start, score: startScore };
}

/**
 * The fixed image's slope along a moving pixel's normal (nx, ny), carried into the fixed grid by
 * the linear part (a b; d e) of the current map; (wx, wy): the fixed image's warped gradient.
 */
function slopeAlong(wx: number, wy: number, nx: number, ny: number, a: number, b: number, d: number, e: number): number {
  return wx * (a * nx + b * ny) + wy * (d * nx + e * ny);
}

/** The warped fixed image with its edges moved, to first order, by `shift` along the normals. */
function shiftedEdges(
  warped: Float32Array, wx: Float32Array, wy: Float32Array, normals: [Float32Array, Float32Array], m: Affine, shift: number,
): Float32Array {
  return warped.map((v, i) => v + shift * slopeAlong(wx[i]!, wy[i]!, normals[0][i]!, normals[1][i]!, m[0]!, m[1]!, m[3]!, m[4]!));
}

/** Least-squares gain and offset taking `warped` to `target` over pixels both have. */
function photometricFit(warped: Float32Array, target: Float32Array): [number, number] {
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < warped.length; i++) {
    const x = warped[i]!;
    const y = target[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const variance = sxx - (sx * sx) / n;
  if (!(variance > 0)) return [1, 0];
  const gain = (sxy - (sx * sy) / n) / variance;
  return [gain, (sy - gain * sx) / n];
}

/** Normalised cross-correlation over pixels where both images have data. */
function ncc(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    n++;
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  return va > 0 && vb > 0 ? (sab - (sa * sb) / n) / Math.sqrt(va * vb) : 0;
}
