// Topography-corrected voxels (SCIENCE.md step 6). Layer k of a pixel occupies the heights
// [s - depth_{k+1}, s - depth_k] below the original surface s; its counts are shared among the
// z voxels in proportion to overlap, so a column's voxel sum equals the sum of its layers.
// Heights become voxel coordinates u = (zTop + dz/2 - z) / dz, where voxel i spans [i, i+1]:
// that keeps numbers near 1 whatever the units. Accumulation is in f64; the output is f32 with
// NaN outside the sputtered column (above the surface, below the crater bottom).
//
// Memory (row-major, pixels innermost): surface f32[pixels], depth f32[layers+1][pixels],
// counts f32[layers][channels][pixels], out f32[channels][nz][pixels], and a scratch of
// voxelizeScratchBytes(channels, nz). Pixels are processed in blocks of BLOCK so that the
// output is written in contiguous runs rather than one strided voxel at a time.

// A layer thinner than this (in voxels) is given this thickness, so even a zero step lands its
// counts in the voxel that holds it instead of dividing by zero.
const THINNEST: f64 = 1e-6;
// Coordinates within this many voxels of a voxel boundary are put on it: heights are float32,
// and without this a column ending exactly on a boundary would leak 1e-7 of a layer into the
// next voxel and make it look like data.
const SNAP: f64 = 1e-4;
const BLOCK: i32 = 64;

/** Scratch: f64 sums [channels][nz][BLOCK], then the column extents uSurface[BLOCK], uEnd[BLOCK]. */
export function voxelizeScratchBytes(channels: i32, nz: i32): usize {
  return (<usize>(channels * nz + 2) * BLOCK) << 3;
}

export function voxelizeColumns(
  surfacePtr: usize,
  depthPtr: usize,
  countsPtr: usize,
  outPtr: usize,
  scratchPtr: usize,
  pixels: i32,
  layers: i32,
  channels: i32,
  nz: i32,
  zTop: f64,
  dz: f64,
  firstPixel: i32,
  endPixel: i32,
): void {
  const top = zTop + 0.5 * dz;
  const sumsBytes = <usize>(channels * nz * BLOCK) << 3;
  const extentPtr = scratchPtr + sumsBytes;
  for (let start = firstPixel; start < endPixel; start += BLOCK) {
    const count = min(BLOCK, endPixel - start);
    memory.fill(scratchPtr, 0, sumsBytes);
    let b = 0;
    if (ASC_FEATURE_SIMD) {
      for (; b + 1 < count; b += 2) {
        if (!accumulatePair(surfacePtr, depthPtr, countsPtr, scratchPtr, extentPtr, pixels, layers, channels, nz, top, dz, start, b)) {
          accumulateOne(surfacePtr, depthPtr, countsPtr, scratchPtr, extentPtr, pixels, layers, channels, nz, top, dz, start, b);
          accumulateOne(surfacePtr, depthPtr, countsPtr, scratchPtr, extentPtr, pixels, layers, channels, nz, top, dz, start, b + 1);
        }
      }
    }
    for (; b < count; b++) {
      accumulateOne(surfacePtr, depthPtr, countsPtr, scratchPtr, extentPtr, pixels, layers, channels, nz, top, dz, start, b);
    }
    writeBlock(outPtr, scratchPtr, extentPtr, pixels, channels, nz, start, count);
  }
}

@inline function f32At(base: usize, index: i32): f64 {
  return <f64>load<f32>(base + (<usize>index << 2));
}

@inline function f64Slot(base: usize, index: i32): usize {
  return base + (<usize>index << 3);
}

@inline function snap(u: f64): f64 {
  const boundary = Math.round(u);
  return Math.abs(u - boundary) < SNAP ? boundary : u;
}

@inline function snapPair(u: v128): v128 {
  const boundary = f64x2.nearest(u);
  return v128.bitselect(boundary, u, f64x2.lt(f64x2.abs(f64x2.sub(u, boundary)), f64x2.splat(SNAP)));
}

@inline function firstVoxel(u: f64): i32 {
  return max(0, <i32>Math.floor(u));
}

@inline function lastVoxel(u: f64, nz: i32): i32 {
  return min(nz - 1, <i32>Math.ceil(u) - 1);
}

function accumulateOne(
  surfacePtr: usize,
  depthPtr: usize,
  countsPtr: usize,
  sumsPtr: usize,
  extentPtr: usize,
  pixels: i32,
  layers: i32,
  channels: i32,
  nz: i32,
  top: f64,
  dz: f64,
  start: i32,
  b: i32,
): void {
  const p = start + b;
  const topMinusSurface = top - f32At(surfacePtr, p);
  const uSurface = snap(topMinusSurface / dz);
  const uEnd = Math.max(snap((topMinusSurface + f32At(depthPtr, layers * pixels + p)) / dz), uSurface + THINNEST);
  store<f64>(f64Slot(extentPtr, b), uSurface);
  store<f64>(f64Slot(extentPtr, BLOCK + b), uEnd);
  if (isNaN(uEnd)) return;
  const iFirst = firstVoxel(uSurface);
  const iLast = lastVoxel(uEnd, nz);
  for (let k = 0; k < layers; k++) {
    const uTop = snap((topMinusSurface + f32At(depthPtr, k * pixels + p)) / dz);
    const uBottom = Math.max(snap((topMinusSurface + f32At(depthPtr, (k + 1) * pixels + p)) / dz), uTop + THINNEST);
    const inverseThickness = 1.0 / (uBottom - uTop);
    const i1 = min(iLast, lastVoxel(uBottom, nz));
    for (let i = max(iFirst, firstVoxel(uTop)); i <= i1; i++) {
      const overlap = Math.min(uBottom, <f64>(i + 1)) - Math.max(uTop, <f64>i);
      if (overlap <= 0) continue;
      const weight = overlap * inverseThickness;
      for (let c = 0; c < channels; c++) {
        const at = f64Slot(sumsPtr, (c * nz + i) * BLOCK + b);
        store<f64>(at, load<f64>(at) + weight * f32At(countsPtr, (k * channels + c) * pixels + p));
      }
    }
  }
}

/** Two adjacent pixels, one per f64x2 lane; false (nothing added) when either has no depth. */
function accumulatePair(
  surfacePtr: usize,
  depthPtr: usize,
  countsPtr: usize,
  sumsPtr: usize,
  extentPtr: usize,
  pixels: i32,
  layers: i32,
  channels: i32,
  nz: i32,
  top: f64,
  dz: f64,
  start: i32,
  b: i32,
): bool {
  const p = start + b;
  const topMinusSurface = f64x2.sub(f64x2.splat(top), loadPair(surfacePtr, p));
  const dzV = f64x2.splat(dz);
  const thinnest = f64x2.splat(THINNEST);
  const uSurface = snapPair(f64x2.div(topMinusSurface, dzV));
  const uEnd = f64x2.max(snapPair(f64x2.div(f64x2.add(topMinusSurface, loadPair(depthPtr, layers * pixels + p)), dzV)), f64x2.add(uSurface, thinnest));
  const end0 = f64x2.extract_lane(uEnd, 0);
  const end1 = f64x2.extract_lane(uEnd, 1);
  if (isNaN(end0) || isNaN(end1)) return false;
  v128.store(f64Slot(extentPtr, b), uSurface);
  v128.store(f64Slot(extentPtr, BLOCK + b), uEnd);
  const iLow = firstVoxel(Math.min(f64x2.extract_lane(uSurface, 0), f64x2.extract_lane(uSurface, 1)));
  const iHigh = lastVoxel(Math.max(end0, end1), nz);
  const zero = f64x2.splat(0);
  let uTop = snapPair(f64x2.div(f64x2.add(topMinusSurface, loadPair(depthPtr, p)), dzV));
  for (let k = 0; k < layers; k++) {
    const uNext = snapPair(f64x2.div(f64x2.add(topMinusSurface, loadPair(depthPtr, (k + 1) * pixels + p)), dzV));
    const uBottom = f64x2.max(uNext, f64x2.add(uTop, thinnest));
    const inverseThickness = f64x2.div(f64x2.splat(1), f64x2.sub(uBottom, uTop));
    const i0 = max(iLow, firstVoxel(Math.min(f64x2.extract_lane(uTop, 0), f64x2.extract_lane(uTop, 1))));
    const i1 = min(iHigh, lastVoxel(Math.max(f64x2.extract_lane(uBottom, 0), f64x2.extract_lane(uBottom, 1)), nz));
    for (let i = i0; i <= i1; i++) {
      const low = f64x2.max(uTop, f64x2.splat(<f64>i));
      const high = f64x2.min(uBottom, f64x2.splat(<f64>(i + 1)));
      const weight = f64x2.mul(f64x2.max(f64x2.sub(high, low), zero), inverseThickness);
      for (let c = 0; c < channels; c++) {
        const at = f64Slot(sumsPtr, (c * nz + i) * BLOCK + b);
        v128.store(at, f64x2.add(v128.load(at), f64x2.mul(weight, loadPair(countsPtr, (k * channels + c) * pixels + p))));
      }
    }
    // The next layer starts at depth_{k+1} itself, as in the one-pixel path.
    uTop = uNext;
  }
  return true;
}

/** Copies a block's sums to the output, NaN for voxels outside each pixel's column. */
function writeBlock(
  outPtr: usize,
  sumsPtr: usize,
  extentPtr: usize,
  pixels: i32,
  channels: i32,
  nz: i32,
  start: i32,
  count: i32,
): void {
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < nz; i++) {
      const row = (c * nz + i) * BLOCK;
      const outRow = outPtr + (<usize>((c * nz + i) * pixels + start) << 2);
      let b = 0;
      if (ASC_FEATURE_SIMD) {
        const voxelTop = f64x2.splat(<f64>i);
        const voxelBottom = f64x2.splat(<f64>(i + 1));
        const noData = f64x2.splat(NaN);
        for (; b + 1 < count; b += 2) {
          const inColumn = v128.and(
            f64x2.gt(voxelBottom, v128.load(f64Slot(extentPtr, b))),
            f64x2.lt(voxelTop, v128.load(f64Slot(extentPtr, BLOCK + b))),
          );
          const value = v128.bitselect(v128.load(f64Slot(sumsPtr, row + b)), noData, inColumn);
          v128.store64_lane(outRow + (<usize>b << 2), f32x4.demote_f64x2_zero(value), 0);
        }
      }
      for (; b < count; b++) {
        const inColumn = <f64>(i + 1) > load<f64>(f64Slot(extentPtr, b)) && <f64>i < load<f64>(f64Slot(extentPtr, BLOCK + b));
        store<f32>(outRow + (<usize>b << 2), inColumn ? <f32>load<f64>(f64Slot(sumsPtr, row + b)) : NaN);
      }
    }
  }
}

@inline function loadPair(base: usize, index: i32): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(base + (<usize>index << 2)));
}
