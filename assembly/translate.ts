// Bilinear translation of float32 planes: the drift removal's resampling, which moves every
// plane of a layer by the same sub-pixel shift. A translation gives every pixel the same
// interpolation weights and reads its taps from two consecutive source rows, so the loop loads
// whole vectors and needs no per-pixel coordinates or gathers, unlike resampleAffine.
// The semantics are resampleAffine's (bilinear, no area average): destination (row, col) takes
// the source at (row + dy, col + dx), NaN where that lies outside [-1/2, n - 1/2], taps beyond
// the edge repeat it.

import { BILINEAR, clampIndex, sampleScalar } from "./resample";

// @ts-ignore: decorator
@inline
function at(line: usize, col: i32): f32 {
  return load<f32>(line + (<usize>col << 2));
}

function fraction(v: f64): f32 {
  return <f32>(v - Math.floor(v));
}

/** The first index whose coordinate index + shift is at least -1/2 (clamped to 0..n). */
function firstInside(shift: f64, n: i32): i32 {
  const first = <i32>Math.max(0, Math.ceil(-0.5 - shift));
  return first > n ? n : first;
}

/** One past the last index whose coordinate index + shift is at most n - 1/2 (clamped to 0..n). */
function endInside(shift: f64, n: i32): i32 {
  const end = <i32>Math.min(<f64>n, Math.floor(<f64>n - 0.5 - shift) + 1);
  return end < 0 ? 0 : end;
}

/**
 * Row `row` of a plane at `from` moved into `out`, columns [colStart, colEnd): those inside the
 * source. The edge columns, whose taps are clamped, go through resampleAffine's own sampler.
 */
function translateRow(
  from: usize, rows: i32, cols: i32, row: i32, out: usize, dy: f64, dx: f64, iy: i32, ix: i32, tx: f32, ty: f32, colStart: i32, colEnd: i32,
): void {
  const rowBytes = <usize>cols << 2;
  const top = from + <usize>clampIndex(iy + row, rows) * rowBytes;
  const bottom = from + <usize>clampIndex(iy + row + 1, rows) * rowBytes;
  // Columns whose two taps ix + col and ix + col + 1 both lie inside the row need no clamping.
  const safeStart = max(colStart, -ix);
  const safeEnd = max(safeStart, min(colEnd, cols - 1 - ix));
  const y = <f64>row + dy;
  let col = colStart;
  for (; col < safeStart; col++) store<f32>(out + (<usize>col << 2), sampleScalar(from, rows, cols, <f64>col + dx, y, BILINEAR));
  if (ASC_FEATURE_SIMD) {
    const wx = f32x4.splat(tx);
    const wy = f32x4.splat(ty);
    for (; col + 4 <= safeEnd; col += 4) {
      const offset = <usize>(ix + col) << 2;
      const v00 = v128.load(top + offset);
      const v01 = v128.load(top + offset + 4);
      const v10 = v128.load(bottom + offset);
      const v11 = v128.load(bottom + offset + 4);
      const upper = f32x4.add(v00, f32x4.mul(wx, f32x4.sub(v01, v00)));
      const lower = f32x4.add(v10, f32x4.mul(wx, f32x4.sub(v11, v10)));
      v128.store(out + (<usize>col << 2), f32x4.add(upper, f32x4.mul(wy, f32x4.sub(lower, upper))));
    }
  }
  for (; col < safeEnd; col++) {
    const c = ix + col;
    const upper = at(top, c) + tx * (at(top, c + 1) - at(top, c));
    const lower = at(bottom, c) + tx * (at(bottom, c + 1) - at(bottom, c));
    store<f32>(out + (<usize>col << 2), upper + ty * (lower - upper));
  }
  for (; col < colEnd; col++) store<f32>(out + (<usize>col << 2), sampleScalar(from, rows, cols, <f64>col + dx, y, BILINEAR));
}

/**
 * Moves `planes` float32 planes of rows x cols at `src` by (dy, dx) into `dst` (a separate
 * buffer of the same size): dst(row, col) = src bilinear at (row + dy, col + dx).
 */
export function translatePlanes(src: usize, dst: usize, planes: i32, rows: i32, cols: i32, dy: f64, dx: f64): void {
  // Every pixel's taps sit at the same whole-pixel offset, with the same fractional weights.
  const iy = <i32>Math.floor(dy);
  const ix = <i32>Math.floor(dx);
  const ty = fraction(dy);
  const tx = fraction(dx);
  const rowStart = firstInside(dy, rows);
  const rowEnd = max(rowStart, endInside(dy, rows));
  const colStart = firstInside(dx, cols);
  const colEnd = max(colStart, endInside(dx, cols));
  const rowBytes = <usize>cols << 2;
  for (let p = 0; p < planes; p++) {
    const from = src + <usize>p * <usize>rows * rowBytes;
    const to = dst + <usize>p * <usize>rows * rowBytes;
    for (let row = 0; row < rows; row++) {
      const out = to + <usize>row * rowBytes;
      if (row < rowStart || row >= rowEnd) {
        for (let col = 0; col < cols; col++) store<f32>(out + (<usize>col << 2), NaN);
        continue;
      }
      for (let col = 0; col < colStart; col++) store<f32>(out + (<usize>col << 2), NaN);
      translateRow(from, rows, cols, row, out, dy, dx, iy, ix, tx, ty, colStart, colEnd);
      for (let col = colEnd; col < cols; col++) store<f32>(out + (<usize>col << 2), NaN);
    }
  }
}
