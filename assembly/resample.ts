// Resampling of a float32 image through an affine map, bilinear or bicubic (Keys, a = -1/2).
//
// `affine` points at six float64 (a, b, c, d, e, f): destination pixel (col, row) samples the
// source at x = a col + b row + c, y = d col + e row + f (pixel centres at integers).
// Each destination pixel averages subCols x subRows samples spread evenly over its footprint;
// with samples at most one source pixel apart this is an area average, so a finer source does
// not alias. A pixel whose footprint leaves the source ([-1/2, n - 1/2] on each axis) is NaN;
// inside, interpolation taps beyond the border repeat the edge pixel.

export const BILINEAR: i32 = 0;
export const BICUBIC: i32 = 1;

// @ts-ignore: decorator
@inline
export function clampIndex(i: i32, n: i32): i32 {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

// @ts-ignore: decorator
@inline
function pixel(src: usize, cols: i32, row: i32, col: i32): f32 {
  return load<f32>(src + ((<usize>row * <usize>cols + <usize>col) << 2));
}

function cubicWeight(t: f32, tap: i32): f32 {
  if (tap == 0) return ((-0.5 * t + 1.0) * t - 0.5) * t;
  if (tap == 1) return (1.5 * t - 2.5) * t * t + 1.0;
  if (tap == 2) return ((-1.5 * t + 2.0) * t + 0.5) * t;
  return (0.5 * t - 0.5) * t * t;
}

/** One interpolated sample at source point (x, y), assumed inside the source extent. */
export function sampleScalar(src: usize, rows: i32, cols: i32, x: f64, y: f64, method: i32): f32 {
  const fx = Math.floor(x);
  const fy = Math.floor(y);
  const ix = <i32>fx;
  const iy = <i32>fy;
  const tx = <f32>(x - fx);
  const ty = <f32>(y - fy);
  if (method == BILINEAR) {
    const c0 = clampIndex(ix, cols);
    const c1 = clampIndex(ix + 1, cols);
    const r0 = clampIndex(iy, rows);
    const r1 = clampIndex(iy + 1, rows);
    const top = pixel(src, cols, r0, c0) + tx * (pixel(src, cols, r0, c1) - pixel(src, cols, r0, c0));
    const bottom = pixel(src, cols, r1, c0) + tx * (pixel(src, cols, r1, c1) - pixel(src, cols, r1, c0));
    return top + ty * (bottom - top);
  }
  let value: f32 = 0;
  for (let j = 0; j < 4; j++) {
    const r = clampIndex(iy - 1 + j, rows);
    let line: f32 = 0;
    for (let i = 0; i < 4; i++) line += cubicWeight(tx, i) * pixel(src, cols, r, clampIndex(ix - 1 + i, cols));
    value += cubicWeight(ty, j) * line;
  }
  return value;
}

// @ts-ignore: decorator
@inline
function inside(v: f64, n: i32): bool {
  return v >= -0.5 && v <= <f64>n - 0.5;
}

function resamplePixelScalar(
  src: usize, rows: i32, cols: i32, affine: usize, col: i32, row: i32,
  method: i32, subCols: i32, subRows: i32,
): f32 {
  const a = load<f64>(affine), b = load<f64>(affine, 8), c = load<f64>(affine, 16);
  const d = load<f64>(affine, 24), e = load<f64>(affine, 32), f = load<f64>(affine, 40);
  let sum: f32 = 0;
  for (let t = 0; t < subRows; t++) {
    const v = <f64>row + (<f64>t + 0.5) / <f64>subRows - 0.5;
    for (let s = 0; s < subCols; s++) {
      const u = <f64>col + (<f64>s + 0.5) / <f64>subCols - 0.5;
      const x = a * u + b * v + c;
      const y = d * u + e * v + f;
      if (!inside(x, cols) || !inside(y, rows)) return NaN;
      sum += sampleScalar(src, rows, cols, x, y, method);
    }
  }
  return sum / <f32>(subCols * subRows);
}

// @ts-ignore: decorator
@inline
function gather(src: usize, offsets: v128): v128 {
  let out = f32x4.splat(load<f32>(src + (<usize>i32x4.extract_lane(offsets, 0) << 2)));
  out = f32x4.replace_lane(out, 1, load<f32>(src + (<usize>i32x4.extract_lane(offsets, 1) << 2)));
  out = f32x4.replace_lane(out, 2, load<f32>(src + (<usize>i32x4.extract_lane(offsets, 2) << 2)));
  out = f32x4.replace_lane(out, 3, load<f32>(src + (<usize>i32x4.extract_lane(offsets, 3) << 2)));
  return out;
}

/**
 * Lanes 0 and 1 (`upper` false) or 2 and 3 (true) of `offsets`: the pixel there and the one
 * just right of it, both in one 64-bit load per lane: (p0, p0 + 1, p1, p1 + 1).
 */
// @ts-ignore: decorator
@inline
function loadPairs(src: usize, offsets: v128, upper: bool): v128 {
  const first = upper ? i32x4.extract_lane(offsets, 2) : i32x4.extract_lane(offsets, 0);
  const second = upper ? i32x4.extract_lane(offsets, 3) : i32x4.extract_lane(offsets, 1);
  return v128.load64_lane(src + (<usize>second << 2), v128.load64_zero(src + (<usize>first << 2)), 1);
}

// @ts-ignore: decorator
@inline
function clampVector(i: v128, n: i32): v128 {
  return i32x4.min_s(i32x4.max_s(i, i32x4.splat(0)), i32x4.splat(n - 1));
}

// @ts-ignore: decorator
@inline
function cubicWeightVector(t: v128, tap: i32): v128 {
  const t2 = f32x4.mul(t, t);
  const t3 = f32x4.mul(t2, t);
  if (tap == 0) return f32x4.sub(f32x4.sub(t2, f32x4.mul(f32x4.splat(0.5), t3)), f32x4.mul(f32x4.splat(0.5), t));
  if (tap == 1) return f32x4.add(f32x4.sub(f32x4.mul(f32x4.splat(1.5), t3), f32x4.mul(f32x4.splat(2.5), t2)), f32x4.splat(1.0));
  if (tap == 2) return f32x4.add(f32x4.sub(f32x4.mul(f32x4.splat(2.0), t2), f32x4.mul(f32x4.splat(1.5), t3)), f32x4.mul(f32x4.splat(0.5), t));
  return f32x4.mul(f32x4.splat(0.5), f32x4.sub(t3, t2));
}

/**
 * Four horizontally adjacent destination pixels at once. Lane coordinates are kept relative
 * to the integer part of lane 0's source point, so float32 lanes stay exact to ~1e-6 px even
 * on large sources. `interior`: every sample and all its interpolation taps lie inside the
 * source (see blockIsInterior), so the edge tests and index clamps can go; inlined with a
 * constant, each caller gets its own specialised loop.
 */
// @ts-ignore: decorator
@inline
function resampleBlockVector(
  src: usize, rows: i32, cols: i32, affine: usize, col: i32, row: i32,
  method: i32, subCols: i32, subRows: i32, interior: bool,
): v128 {
  const a = load<f64>(affine), b = load<f64>(affine, 8), c = load<f64>(affine, 16);
  const d = load<f64>(affine, 24), e = load<f64>(affine, 32), f = load<f64>(affine, 40);
  const lanes = f32x4(0, 1, 2, 3);
  const stepX = f32x4.mul(lanes, f32x4.splat(<f32>a));
  const stepY = f32x4.mul(lanes, f32x4.splat(<f32>d));
  let sum = f32x4.splat(0);
  let outside = i32x4.splat(0);
  for (let t = 0; t < subRows; t++) {
    const v = <f64>row + (<f64>t + 0.5) / <f64>subRows - 0.5;
    for (let s = 0; s < subCols; s++) {
      const u = <f64>col + (<f64>s + 0.5) / <f64>subCols - 0.5;
      const x0 = a * u + b * v + c;
      const y0 = d * u + e * v + f;
      const baseX = Math.floor(x0);
      const baseY = Math.floor(y0);
      const x = f32x4.add(f32x4.splat(<f32>(x0 - baseX)), stepX);
      const y = f32x4.add(f32x4.splat(<f32>(y0 - baseY)), stepY);
      if (!interior) {
        outside = v128.or(outside, f32x4.lt(x, f32x4.splat(<f32>(-0.5 - baseX))));
        outside = v128.or(outside, f32x4.gt(x, f32x4.splat(<f32>(<f64>cols - 0.5 - baseX))));
        outside = v128.or(outside, f32x4.lt(y, f32x4.splat(<f32>(-0.5 - baseY))));
        outside = v128.or(outside, f32x4.gt(y, f32x4.splat(<f32>(<f64>rows - 0.5 - baseY))));
      }
      const floorX = f32x4.floor(x);
      const floorY = f32x4.floor(y);
      const tx = f32x4.sub(x, floorX);
      const ty = f32x4.sub(y, floorY);
      const ix = i32x4.add(i32x4.trunc_sat_f32x4_s(floorX), i32x4.splat(<i32>baseX));
      const iy = i32x4.add(i32x4.trunc_sat_f32x4_s(floorY), i32x4.splat(<i32>baseY));
      const colsV = i32x4.splat(cols);
      if (method == BILINEAR && interior) {
        // Each lane's two neighbours along a source row are adjacent in memory: one 64-bit load
        // per lane and row instead of two scalar gathers.
        const top0 = i32x4.add(i32x4.mul(iy, colsV), ix);
        const bottom0 = i32x4.add(top0, colsV);
        const topLow = loadPairs(src, top0, false);
        const topHigh = loadPairs(src, top0, true);
        const bottomLow = loadPairs(src, bottom0, false);
        const bottomHigh = loadPairs(src, bottom0, true);
        const v00 = v128.shuffle<f32>(topLow, topHigh, 0, 2, 4, 6);
        const v01 = v128.shuffle<f32>(topLow, topHigh, 1, 3, 5, 7);
        const v10 = v128.shuffle<f32>(bottomLow, bottomHigh, 0, 2, 4, 6);
        const v11 = v128.shuffle<f32>(bottomLow, bottomHigh, 1, 3, 5, 7);
        const top = f32x4.add(v00, f32x4.mul(tx, f32x4.sub(v01, v00)));
        const bottom = f32x4.add(v10, f32x4.mul(tx, f32x4.sub(v11, v10)));
        sum = f32x4.add(sum, f32x4.add(top, f32x4.mul(ty, f32x4.sub(bottom, top))));
      } else if (method == BILINEAR) {
        const c0 = interior ? ix : clampVector(ix, cols);
        const c1 = interior ? i32x4.add(ix, i32x4.splat(1)) : clampVector(i32x4.add(ix, i32x4.splat(1)), cols);
        const r0 = i32x4.mul(interior ? iy : clampVector(iy, rows), colsV);
        const r1 = i32x4.mul(interior ? i32x4.add(iy, i32x4.splat(1)) : clampVector(i32x4.add(iy, i32x4.splat(1)), rows), colsV);
        const v00 = gather(src, i32x4.add(r0, c0));
        const v01 = gather(src, i32x4.add(r0, c1));
        const v10 = gather(src, i32x4.add(r1, c0));
        const v11 = gather(src, i32x4.add(r1, c1));
        const top = f32x4.add(v00, f32x4.mul(tx, f32x4.sub(v01, v00)));
        const bottom = f32x4.add(v10, f32x4.mul(tx, f32x4.sub(v11, v10)));
        sum = f32x4.add(sum, f32x4.add(top, f32x4.mul(ty, f32x4.sub(bottom, top))));
      } else {
        const cx0 = interior ? i32x4.sub(ix, i32x4.splat(1)) : clampVector(i32x4.sub(ix, i32x4.splat(1)), cols);
        const cx1 = interior ? ix : clampVector(ix, cols);
        const cx2 = interior ? i32x4.add(ix, i32x4.splat(1)) : clampVector(i32x4.add(ix, i32x4.splat(1)), cols);
        const cx3 = interior ? i32x4.add(ix, i32x4.splat(2)) : clampVector(i32x4.add(ix, i32x4.splat(2)), cols);
        const wx0 = cubicWeightVector(tx, 0), wx1 = cubicWeightVector(tx, 1);
        const wx2 = cubicWeightVector(tx, 2), wx3 = cubicWeightVector(tx, 3);
        let value = f32x4.splat(0);
        for (let j = 0; j < 4; j++) {
          const tapRow = i32x4.add(iy, i32x4.splat(j - 1));
          const r = i32x4.mul(interior ? tapRow : clampVector(tapRow, rows), colsV);
          let line = f32x4.mul(wx0, gather(src, i32x4.add(r, cx0)));
          line = f32x4.add(line, f32x4.mul(wx1, gather(src, i32x4.add(r, cx1))));
          line = f32x4.add(line, f32x4.mul(wx2, gather(src, i32x4.add(r, cx2))));
          line = f32x4.add(line, f32x4.mul(wx3, gather(src, i32x4.add(r, cx3))));
          value = f32x4.add(value, f32x4.mul(cubicWeightVector(ty, j), line));
        }
        sum = f32x4.add(sum, value);
      }
    }
  }
  const mean = f32x4.mul(sum, f32x4.splat(<f32>1.0 / <f32>(subCols * subRows)));
  return interior ? mean : v128.bitselect(f32x4.splat(NaN), mean, outside);
}

/**
 * Whether all samples of the four pixels from (col, row) on, with every tap of a 4 x 4 bicubic
 * stencil, fall inside the source. The map is affine, so the extremes lie at the corners of the
 * rectangle the sample positions span; the margin of one pixel, plus float32 rounding, covers
 * bilinear too.
 */
function blockIsInterior(
  rows: i32, cols: i32, affine: usize, col: i32, row: i32, subCols: i32, subRows: i32,
): bool {
  const a = load<f64>(affine), b = load<f64>(affine, 8), c = load<f64>(affine, 16);
  const d = load<f64>(affine, 24), e = load<f64>(affine, 32), f = load<f64>(affine, 40);
  const u0 = <f64>col + 0.5 / <f64>subCols - 0.5;
  const u1 = <f64>col + 3.0 + (<f64>subCols - 0.5) / <f64>subCols - 0.5;
  const v0 = <f64>row + 0.5 / <f64>subRows - 0.5;
  const v1 = <f64>row + (<f64>subRows - 0.5) / <f64>subRows - 0.5;
  const xLow = Math.min(a * u0, a * u1) + Math.min(b * v0, b * v1) + c;
  const xHigh = Math.max(a * u0, a * u1) + Math.max(b * v0, b * v1) + c;
  const yLow = Math.min(d * u0, d * u1) + Math.min(e * v0, e * v1) + f;
  const yHigh = Math.max(d * u0, d * u1) + Math.max(e * v0, e * v1) + f;
  const margin = 1.01;
  return xLow >= margin && xHigh <= <f64>cols - 2.0 - margin && yLow >= margin && yHigh <= <f64>rows - 2.0 - margin;
}

/** Fills the float32 image at `dst` (dstRows x dstCols) from the float32 image at `src`. */
export function resampleAffine(
  src: usize, srcRows: i32, srcCols: i32, dst: usize, dstRows: i32, dstCols: i32,
  affine: usize, method: i32, subCols: i32, subRows: i32,
): void {
  for (let row = 0; row < dstRows; row++) {
    const line = dst + ((<usize>row * <usize>dstCols) << 2);
    let col = 0;
    if (ASC_FEATURE_SIMD) {
      for (; col + 4 <= dstCols; col += 4) {
        const block = blockIsInterior(srcRows, srcCols, affine, col, row, subCols, subRows)
          ? resampleBlockVector(src, srcRows, srcCols, affine, col, row, method, subCols, subRows, true)
          : resampleBlockVector(src, srcRows, srcCols, affine, col, row, method, subCols, subRows, false);
        v128.store(line + (<usize>col << 2), block);
      }
    }
    for (; col < dstCols; col++) {
      store<f32>(line + (<usize>col << 2),
        resamplePixelScalar(src, srcRows, srcCols, affine, col, row, method, subCols, subRows));
    }
  }
}
