// One Gauss-Newton step's normal equations for the sub-pixel refinement of a registration
// (src/pipeline/refine.ts): the fixed image and its two derivative images sampled bilinearly at
// every moving pixel's mapped position, and J^T J, J^T r summed over the pixels where both
// images have data, without materialising the warped images.
//
// `params` points at float64: the moving-to-fixed map (a, b, c, d, e, f), the centre (cx, cy)
// the geometry is linearised about, gain, offset and edge shift. Parameters, in order: the
// geometry (similarity: scale-rotation p, q and translation; affine: its six entries), the edge
// shift when `hasNormals`, then gain and offset. `out` receives the n x n normal matrix (upper
// triangle and diagonal; the host mirrors it), then the n right-hand sides, then n doubles of
// scratch.

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

// @ts-ignore: decorator
@inline
function clampIndex(i: i32, n: i32): i32 {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/** Doubles `out` must hold for `parameters` unknowns. */
export function refineOutDoubles(parameters: i32): i32 {
  return parameters * parameters + 2 * parameters;
}

export function refineNormalEquations(
  fixed: usize, fixedDx: usize, fixedDy: usize, fixedRows: i32, fixedCols: i32,
  moving: usize, normalX: usize, normalY: usize, hasNormals: i32, movingRows: i32, movingCols: i32,
  model: i32, params: usize, out: usize,
): void {
  const a = load<f64>(params), b = load<f64>(params, 8), c = load<f64>(params, 16);
  const d = load<f64>(params, 24), e = load<f64>(params, 32), f = load<f64>(params, 40);
  const cx = load<f64>(params, 48), cy = load<f64>(params, 56);
  const gain = load<f64>(params, 64), offset = load<f64>(params, 72), shift = load<f64>(params, 80);
  const geometry = model == SIMILARITY ? 4 : 6;
  const shiftAt = geometry;
  const photometric = hasNormals ? geometry + 1 : geometry;
  const n = photometric + 2;
  const rhs = out + (<usize>(n * n) << 3);
  const jacobian = rhs + (<usize>n << 3);
  memory.fill(out, 0, <usize>(n * n + n) << 3);
  const xHigh = <f64>fixedCols - 0.5;
  const yHigh = <f64>fixedRows - 0.5;
  for (let row = 0; row < movingRows; row++) {
    const y = <f64>row - cy;
    for (let col = 0; col < movingCols; col++) {
      const i = row * movingCols + col;
      const target = <f64>load<f32>(moving + (<usize>i << 2));
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
      const value = <f64>lerp(fixed, r0 + c0, r0 + c1, r1 + c0, r1 + c1, tx, ty);
      if (isNaN(value)) continue;
      const wx = <f64>lerp(fixedDx, r0 + c0, r0 + c1, r1 + c0, r1 + c1, tx, ty);
      const wy = <f64>lerp(fixedDy, r0 + c0, r0 + c1, r1 + c0, r1 + c1, tx, ty);
      const x = <f64>col - cx;
      const gx = gain * wx;
      const gy = gain * wy;
      let slope: f64 = 0;
      if (hasNormals) {
        // The fixed image's slope along the moving pixel's normal, carried into the fixed grid.
        const nx = <f64>load<f32>(normalX + (<usize>i << 2));
        const ny = <f64>load<f32>(normalY + (<usize>i << 2));
        slope = wx * (a * nx + b * ny) + wy * (d * nx + e * ny);
        store<f64>(jacobian + (<usize>shiftAt << 3), gain * slope);
      }
      const modelled = value + shift * slope;
      if (model == SIMILARITY) {
        store<f64>(jacobian, gx * x + gy * y);
        store<f64>(jacobian, -gx * y + gy * x, 8);
        store<f64>(jacobian, gx, 16);
        store<f64>(jacobian, gy, 24);
      } else {
        store<f64>(jacobian, gx * x);
        store<f64>(jacobian, gx * y, 8);
        store<f64>(jacobian, gx, 16);
        store<f64>(jacobian, gy * x, 24);
        store<f64>(jacobian, gy * y, 32);
        store<f64>(jacobian, gy, 40);
      }
      store<f64>(jacobian + (<usize>photometric << 3), modelled);
      store<f64>(jacobian + (<usize>(photometric + 1) << 3), 1.0);
      const residual = target - (gain * modelled + offset);
      for (let p = 0; p < n; p++) {
        const jp = load<f64>(jacobian + (<usize>p << 3));
        const rhsAt = rhs + (<usize>p << 3);
        store<f64>(rhsAt, load<f64>(rhsAt) + jp * residual);
        const rowAt = out + (<usize>(p * n) << 3);
        for (let q = p; q < n; q++) {
          const cell = rowAt + (<usize>q << 3);
          store<f64>(cell, load<f64>(cell) + jp * load<f64>(jacobian + (<usize>q << 3)));
        }
      }
    }
  }
}
