// One Gauss-Newton step's normal equations for the sub-pixel refinement of a registration
// (src/pipeline/refine.ts): the fixed image and its two derivative images sampled bilinearly at
// every moving pixel's mapped position, and J^T J, J^T r summed over the pixels where both
// images have data, without materialising the warped images.
//
// `params` points at float64: the moving-to-fixed map (a, b, c, d, e, f), the centre (cx, cy)
// the geometry is linearised about, gain, offset and edge shift. Parameters, in order: the
// geometry (similarity: scale-rotation p, q and translation; affine: its six entries), the edge
// shift when `hasNormals`, then gain and offset. With `hasWeights`, each moving pixel's terms
// count with its weight (f32, moving grid; pixels of weight 0 are skipped). `out` receives the n x n normal matrix (upper
// triangle and diagonal; the host mirrors it), then the n right-hand sides; `scratch` holds
// refineScratchBytes. The SIMD build interleaves the three fixed images, so that one load per
// interpolation tap fetches all three and one f32x4 interpolation serves them.

export const SIMILARITY: i32 = 0;
export const AFFINE: i32 = 1;

// @ts-ignore: decorator
@inline
function at(image: usize, offset: i32): f32 {
  return load<f32>(image + (<usize>offset << 2));
}

// @ts-ignore: decorator
@inline
function lerp(image: usize, top0: i32, top1: i32, bottom0: i32, bottom1: i32, tx: f32, ty: f32): f32 {
  const top = at(image, top0) + tx * (at(image, top1) - at(image, top0));
  const bottom = at(image, bottom0) + tx * (at(image, bottom1) - at(image, bottom0));
  return top + ty * (bottom - top);
}

/** The same interpolation on all lanes of the interleaved image: (value, d/dcol, d/drow, 0). */
// @ts-ignore: decorator
@inline
function lerpInterleaved(packed: usize, top0: i32, top1: i32, bottom0: i32, bottom1: i32, tx: f32, ty: f32): v128 {
  const v00 = v128.load(packed + (<usize>top0 << 4));
  const v01 = v128.load(packed + (<usize>top1 << 4));
  const v10 = v128.load(packed + (<usize>bottom0 << 4));
  const v11 = v128.load(packed + (<usize>bottom1 << 4));
  const top = f32x4.add(v00, f32x4.mul(f32x4.splat(tx), f32x4.sub(v01, v00)));
  const bottom = f32x4.add(v10, f32x4.mul(f32x4.splat(tx), f32x4.sub(v11, v10)));
  return f32x4.add(top, f32x4.mul(f32x4.splat(ty), f32x4.sub(bottom, top)));
}

// @ts-ignore: decorator
@inline
function clampIndex(i: i32, n: i32): i32 {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/**
 * sum_i u[i] v[i] over `count` doubles. Both run along one line of moving pixels, so the sum
 * stays in registers (two f64x2 partial sums in the SIMD build) instead of a read-modify-write of
 * the normal matrix per pixel.
 */
function dot(u: usize, v: usize, count: i32): f64 {
  let i = 0;
  let sum: f64 = 0;
  if (ASC_FEATURE_SIMD) {
    let even = f64x2.splat(0);
    let odd = f64x2.splat(0);
    for (; i + 4 <= count; i += 4) {
      const at = <usize>i << 3;
      even = f64x2.add(even, f64x2.mul(v128.load(u + at), v128.load(v + at)));
      odd = f64x2.add(odd, f64x2.mul(v128.load(u + at + 16), v128.load(v + at + 16)));
    }
    const both = f64x2.add(even, odd);
    sum = f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
  }
  for (; i < count; i++) sum += load<f64>(u + (<usize>i << 3)) * load<f64>(v + (<usize>i << 3));
  return sum;
}

/** Bytes of `scratch` for a fixed image of `fixedPixels` pixels, a moving line of `movingCols`, `parameters` unknowns. */
export function refineScratchBytes(fixedPixels: i32, movingCols: i32, parameters: i32): i32 {
  const columns = ((parameters + 1) * movingCols) << 3;
  return ASC_FEATURE_SIMD ? (fixedPixels << 4) + columns : columns;
}

export function refineNormalEquations(
  fixed: usize, fixedDx: usize, fixedDy: usize, fixedRows: i32, fixedCols: i32,
  moving: usize, normalX: usize, normalY: usize, hasNormals: i32, weights: usize, hasWeights: i32,
  movingRows: i32, movingCols: i32, model: i32, params: usize, out: usize, scratch: usize,
): void {
  const a = load<f64>(params), b = load<f64>(params, 8), c = load<f64>(params, 16);
  const d = load<f64>(params, 24), e = load<f64>(params, 32), f = load<f64>(params, 40);
  const cx = load<f64>(params, 48), cy = load<f64>(params, 56);
  const gain = load<f64>(params, 64), offset = load<f64>(params, 72), shift = load<f64>(params, 80);
  const geometry = model == SIMILARITY ? 4 : 6;
  const shiftAt = geometry;
  const photometric = hasNormals ? geometry + 1 : geometry;
  const n = photometric + 2;
  const fixedPixels = fixedRows * fixedCols;
  const packed = scratch;
  // Per line of moving pixels, the Jacobian's columns and the residuals (column n) of the
  // pixels used, one after another.
  const columns = ASC_FEATURE_SIMD ? scratch + (<usize>fixedPixels << 4) : scratch;
  const rhs = out + (<usize>(n * n) << 3);
  memory.fill(out, 0, <usize>(n * n + n) << 3);
  if (ASC_FEATURE_SIMD) {
    for (let i = 0; i < fixedPixels; i++) {
      const offset4 = <usize>i << 2;
      let v = f32x4.splat(load<f32>(fixed + offset4));
      v = f32x4.replace_lane(v, 1, load<f32>(fixedDx + offset4));
      v = f32x4.replace_lane(v, 2, load<f32>(fixedDy + offset4));
      v128.store(packed + (<usize>i << 4), f32x4.replace_lane(v, 3, 0));
    }
  }
  const xHigh = <f64>fixedCols - 0.5;
  const yHigh = <f64>fixedRows - 0.5;
  const columnBytes = <usize>movingCols << 3;
  for (let row = 0; row < movingRows; row++) {
    const y = <f64>row - cy;
    let used = 0;
    for (let col = 0; col < movingCols; col++) {
      const i = row * movingCols + col;
      const target = <f64>load<f32>(moving + (<usize>i << 2));
      const weight = hasWeights ? <f64>load<f32>(weights + (<usize>i << 2)) : 1.0;
      if (!(weight > 0)) continue;
      const sx = a * <f64>col + b * <f64>row + c;
      const sy = d * <f64>col + e * <f64>row + f;
      if (!(sx >= -0.5 && sx <= xHigh && sy >= -0.5 && sy <= yHigh) || isNaN(target)) continue;
      const fx = Math.floor(sx);
      const fy = Math.floor(sy);
      const tx = <f32>(sx - fx);
      const ty = <f32>(sy - fy);
      const c0 = clampIndex(<i32>fx, fixedCols);
      const c1 = clampIndex(<i32>fx + 1, fixedCols);
      const r0 = clampIndex(<i32>fy, fixedRows) * fixedCols;
      const r1 = clampIndex(<i32>fy + 1, fixedRows) * fixedCols;
      let value: f64, wx: f64, wy: f64;
      if (ASC_FEATURE_SIMD) {
        const sampled = lerpInterleaved(packed, r0 + c0, r0 + c1, r1 + c0, r1 + c1, tx, ty);
        value = <f64>f32x4.extract_lane(sampled, 0);
        wx = <f64>f32x4.extract_lane(sampled, 1);
        wy = <f64>f32x4.extract_lane(sampled, 2);
      } else {
        value = <f64>lerp(fixed, r0 + c0, r0 + c1, r1 + c0, r1 + c1, tx, ty);
        wx = <f64>lerp(fixedDx, r0 + c0, r0 + c1, r1 + c0, r1 + c1, tx, ty);
        wy = <f64>lerp(fixedDy, r0 + c0, r0 + c1, r1 + c0, r1 + c1, tx, ty);
      }
      if (isNaN(value)) continue;
      const x = <f64>col - cx;
      const gx = gain * wx;
      const gy = gain * wy;
      const at = columns + (<usize>used << 3);
      let slope: f64 = 0;
      if (hasNormals) {
        // The fixed image's slope along the moving pixel's normal, carried into the fixed grid.
        const nx = <f64>load<f32>(normalX + (<usize>i << 2));
        const ny = <f64>load<f32>(normalY + (<usize>i << 2));
        slope = wx * (a * nx + b * ny) + wy * (d * nx + e * ny);
        store<f64>(at + <usize>shiftAt * columnBytes, gain * slope);
      }
      const modelled = value + shift * slope;
      if (model == SIMILARITY) {
        // x' = p x - q y + c, y' = q x + p y + f with p = a = e, q = d = -b.
        store<f64>(at, gx * x + gy * y);
        store<f64>(at + columnBytes, -gx * y + gy * x);
        store<f64>(at + 2 * columnBytes, gx);
        store<f64>(at + 3 * columnBytes, gy);
      } else {
        store<f64>(at, gx * x);
        store<f64>(at + columnBytes, gx * y);
        store<f64>(at + 2 * columnBytes, gx);
        store<f64>(at + 3 * columnBytes, gy * x);
        store<f64>(at + 4 * columnBytes, gy * y);
        store<f64>(at + 5 * columnBytes, gy);
      }
      store<f64>(at + <usize>photometric * columnBytes, modelled);
      store<f64>(at + <usize>(photometric + 1) * columnBytes, 1.0);
      store<f64>(at + <usize>n * columnBytes, target - (gain * modelled + offset));
      if (hasWeights) {
        // Scaling the pixel's Jacobian row and residual by sqrt(w) weights both sums by w.
        const root = Math.sqrt(weight);
        for (let p = 0; p <= n; p++) store<f64>(at + <usize>p * columnBytes, root * load<f64>(at + <usize>p * columnBytes));
      }
      used++;
    }
    const residuals = columns + <usize>n * columnBytes;
    for (let p = 0; p < n; p++) {
      const column = columns + <usize>p * columnBytes;
      const rhsAt = rhs + (<usize>p << 3);
      store<f64>(rhsAt, load<f64>(rhsAt) + dot(column, residuals, used));
      for (let q = p; q < n; q++) {
        const cell = out + (<usize>(p * n + q) << 3);
        store<f64>(cell, load<f64>(cell) + dot(column, columns + <usize>q * columnBytes, used));
      }
    }
  }
}
