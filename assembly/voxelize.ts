// Topography-corrected voxels (SCIENCE.md step 6). Layer k of a pixel occupies the heights
// [s - depth_{k+1}, s - depth_k] below the original surface s; its counts are shared among the
// z voxels in proportion to overlap, so a column's voxel sum equals the sum of its layers.
// Heights become voxel coordinates u = (zTop + dz/2 - z) / dz, where voxel i spans [i, i+1]:
// that keeps numbers near 1 whatever the units. Accumulation is in f64; the output is f32 with
// NaN outside the sputtered column (above the surface, below the crater bottom).
//
// Memory (row-major, pixels innermost): surface f32[pixels], depth f32[layers+1][pixels],
// counts f32[layers][channels][pixels], out f32[channels][nz][pixels], scratch f64[channels][nz][2].

// A layer thinner than this (in voxels) is given this thickness, so even a zero step lands its
// counts in the voxel that holds it instead of dividing by zero.
const THINNEST: f64 = 1e-6;

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
  let p = firstPixel;
  if (ASC_FEATURE_SIMD) {
    for (; p + 1 < endPixel; p += 2) {
      if (!voxelizePair(surfacePtr, depthPtr, countsPtr, outPtr, scratchPtr, pixels, layers, channels, nz, top, dz, p)) {
        voxelizeOne(surfacePtr, depthPtr, countsPtr, outPtr, scratchPtr, pixels, layers, channels, nz, top, dz, p);
        voxelizeOne(surfacePtr, depthPtr, countsPtr, outPtr, scratchPtr, pixels, layers, channels, nz, top, dz, p + 1);
      }
    }
  }
  for (; p < endPixel; p++) {
    voxelizeOne(surfacePtr, depthPtr, countsPtr, outPtr, scratchPtr, pixels, layers, channels, nz, top, dz, p);
  }
}

@inline function f32At(base: usize, index: i32): f64 {
  return <f64>load<f32>(base + (<usize>index << 2));
}

@inline function firstVoxel(u: f64): i32 {
  return max(0, <i32>Math.floor(u));
}

@inline function lastVoxel(u: f64, nz: i32): i32 {
  return min(nz - 1, <i32>Math.ceil(u) - 1);
}

function voxelizeOne(
  surfacePtr: usize,
  depthPtr: usize,
  countsPtr: usize,
  outPtr: usize,
  scratchPtr: usize,
  pixels: i32,
  layers: i32,
  channels: i32,
  nz: i32,
  top: f64,
  dz: f64,
  p: i32,
): void {
  const surface = f32At(surfacePtr, p);
  const uSurface = (top - surface) / dz;
  const uEnd = Math.max((top - surface + f32At(depthPtr, layers * pixels + p)) / dz, uSurface + THINNEST);
  const hasData = !isNaN(uEnd);
  const iFirst = hasData ? firstVoxel(uSurface) : 0;
  const iLast = hasData ? lastVoxel(uEnd, nz) : -1;
  for (let c = 0; c < channels; c++) {
    for (let i = iFirst; i <= iLast; i++) store<f64>(scratchPtr + ((<usize>(c * nz + i)) << 4), 0.0);
  }
  for (let k = 0; k < layers && hasData; k++) {
    const uTop = (top - surface + f32At(depthPtr, k * pixels + p)) / dz;
    const uBottom = Math.max((top - surface + f32At(depthPtr, (k + 1) * pixels + p)) / dz, uTop + THINNEST);
    const inverseThickness = 1.0 / (uBottom - uTop);
    const i0 = max(iFirst, firstVoxel(uTop));
    const i1 = min(iLast, lastVoxel(uBottom, nz));
    for (let i = i0; i <= i1; i++) {
      const overlap = Math.min(uBottom, <f64>(i + 1)) - Math.max(uTop, <f64>i);
      if (overlap <= 0) continue;
      const weight = overlap * inverseThickness;
      for (let c = 0; c < channels; c++) {
        const at = scratchPtr + ((<usize>(c * nz + i)) << 4);
        store<f64>(at, load<f64>(at) + weight * f32At(countsPtr, (k * channels + c) * pixels + p));
      }
    }
  }
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < nz; i++) {
      const value = i >= iFirst && i <= iLast ? <f32>load<f64>(scratchPtr + ((<usize>(c * nz + i)) << 4)) : NaN;
      store<f32>(outPtr + ((<usize>((c * nz + i) * pixels + p)) << 2), <f32>value);
    }
  }
}

/** Two adjacent pixels, one per f64x2 lane; false (nothing written) when either has no data. */
function voxelizePair(
  surfacePtr: usize,
  depthPtr: usize,
  countsPtr: usize,
  outPtr: usize,
  scratchPtr: usize,
  pixels: i32,
  layers: i32,
  channels: i32,
  nz: i32,
  top: f64,
  dz: f64,
  p: i32,
): bool {
  const topMinusSurface = f64x2.sub(f64x2.splat(top), loadPair(surfacePtr, p));
  const dzV = f64x2.splat(dz);
  const thinnest = f64x2.splat(THINNEST);
  const uSurface = f64x2.div(topMinusSurface, dzV);
  const uEnd = f64x2.max(f64x2.div(f64x2.add(topMinusSurface, loadPair(depthPtr, layers * pixels + p)), dzV), f64x2.add(uSurface, thinnest));
  const end0 = f64x2.extract_lane(uEnd, 0);
  const end1 = f64x2.extract_lane(uEnd, 1);
  if (isNaN(end0) || isNaN(end1)) return false;
  const iLow = firstVoxel(Math.min(f64x2.extract_lane(uSurface, 0), f64x2.extract_lane(uSurface, 1)));
  const iHigh = lastVoxel(Math.max(end0, end1), nz);
  const zero = f64x2.splat(0);
  for (let c = 0; c < channels; c++) {
    for (let i = iLow; i <= iHigh; i++) v128.store(scratchPtr + ((<usize>(c * nz + i)) << 4), zero);
  }
  let uTop = f64x2.div(f64x2.add(topMinusSurface, loadPair(depthPtr, p)), dzV);
  for (let k = 0; k < layers; k++) {
    const uBottom = f64x2.max(f64x2.div(f64x2.add(topMinusSurface, loadPair(depthPtr, (k + 1) * pixels + p)), dzV), f64x2.add(uTop, thinnest));
    const inverseThickness = f64x2.div(f64x2.splat(1), f64x2.sub(uBottom, uTop));
    const i0 = max(iLow, firstVoxel(Math.min(f64x2.extract_lane(uTop, 0), f64x2.extract_lane(uTop, 1))));
    const i1 = min(iHigh, lastVoxel(Math.max(f64x2.extract_lane(uBottom, 0), f64x2.extract_lane(uBottom, 1)), nz));
    for (let i = i0; i <= i1; i++) {
      const low = f64x2.max(uTop, f64x2.splat(<f64>i));
      const high = f64x2.min(uBottom, f64x2.splat(<f64>(i + 1)));
      const weight = f64x2.mul(f64x2.max(f64x2.sub(high, low), zero), inverseThickness);
      for (let c = 0; c < channels; c++) {
        const at = scratchPtr + ((<usize>(c * nz + i)) << 4);
        v128.store(at, f64x2.add(v128.load(at), f64x2.mul(weight, loadPair(countsPtr, (k * channels + c) * pixels + p))));
      }
    }
    // The next layer starts where this one ends, as in the scalar path's depth_{k+1}.
    uTop = f64x2.div(f64x2.add(topMinusSurface, loadPair(depthPtr, (k + 1) * pixels + p)), dzV);
  }
  const noData = f64x2.splat(NaN);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < nz; i++) {
      const inColumn = v128.and(f64x2.gt(f64x2.splat(<f64>(i + 1)), uSurface), f64x2.lt(f64x2.splat(<f64>i), uEnd));
      const sum = i >= iLow && i <= iHigh ? v128.load(scratchPtr + ((<usize>(c * nz + i)) << 4)) : zero;
      const value = f32x4.demote_f64x2_zero(v128.bitselect(sum, noData, inColumn));
      v128.store64_lane(outPtr + ((<usize>((c * nz + i) * pixels + p)) << 2), value, 0);
    }
  }
  return true;
}

@inline function loadPair(base: usize, index: i32): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(base + (<usize>index << 2)));
}
