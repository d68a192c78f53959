import type { VolumeModel } from "../model/types.js";

/**
 * Depth profile of a region from an afmsims volume (FORMATS.md, SCIENCE.md step 7).
 *
 * Axis `depth`: every pixel's column is read relative to its own original surface
 * (depth = surface_before - height), sampled at depths (j + 1/2) dz by linear interpolation
 * between voxel centres, and the region's value at each depth is the mean over its pixels that
 * have data there. Axis `height`: absolute heights of the voxel centres, zTop - i dz, and the
 * mean over the region's pixels with data in voxel i. Rows where no pixel has data are left
 * out at both ends.
 */
export type ProfileAxis = "depth" | "height";

/** Fraction of a voxel within which a sample snaps to the voxel centre. */
const SNAP = 1e-4;

export interface RegionProfile {
  axis: ProfileAxis;
  /** Depth below each pixel's surface, or absolute height, metres, one per row. */
  positions: Float64Array;
  /** `[channels, rows]`: mean value per voxel (the volume's units) over the region's pixels with data. */
  means: Float64Array;
  /** Pixels that contributed to each row. */
  pixelsWithData: Int32Array;
  channels: number;
}

export function regionProfile(volume: VolumeModel, mask: Uint8Array, axis: ProfileAxis = "depth"): RegionProfile {
  const pixels = volume.rows * volume.cols;
  if (mask.length !== pixels) throw new RangeError(`mask has ${mask.length} pixels, the volume ${pixels}`);
  const members: number[] = [];
  for (let p = 0; p < pixels; p++) if (mask[p]) members.push(p);
  return axis === "height" ? heightProfile(volume, members) : depthProfile(volume, members);
}

function heightProfile(volume: VolumeModel, members: number[]): RegionProfile {
  const { nz, channels, data, zTop } = volume;
  const dz = volume.voxelSize[0];
  const pixels = volume.rows * volume.cols;
  const sums = new Float64Array(channels * nz);
  const counts = new Int32Array(nz);
  for (let i = 0; i < nz; i++) {
    for (const p of members) {
      if (Number.isNaN(data[i * pixels + p])) continue;
      counts[i]++;
      for (let c = 0; c < channels; c++) sums[c * nz + i] += data[(c * nz + i) * pixels + p];
    }
  }
  return finish("height", (i) => zTop - i * dz, sums, counts, channels);
}

function depthProfile(volume: VolumeModel, members: number[]): RegionProfile {
  const { nz, channels, data, zTop, surfaceBefore } = volume;
  const dz = volume.voxelSize[0];
  const pixels = volume.rows * volume.cols;
  // Voxel i of pixel p lies at depth surface_p - zTop + i dz; the deepest possible depth sets the rows.
  let deepest = 0;
  for (const p of members) {
    if (Number.isFinite(surfaceBefore[p])) deepest = Math.max(deepest, surfaceBefore[p] - zTop + (nz - 1) * dz);
  }
  const rows = Math.ceil(deepest / dz) + 1;
  const sums = new Float64Array(channels * rows);
  const counts = new Int32Array(rows);
  for (const p of members) {
    const offset = (surfaceBefore[p] - zTop) / dz;
    if (!Number.isFinite(offset)) continue;
    for (let j = 0; j < rows; j++) {
      const index = j + 0.5 - offset;
      // Surfaces are float32: snap within SNAP of a voxel centre so rounding does not turn an
      // exact voxel into an interpolation that reaches a neighbour without data.
      let lower = Math.floor(index);
      let upperWeight = index - lower;
      if (upperWeight > 1 - SNAP) {
        lower++;
        upperWeight = 0;
      } else if (upperWeight < SNAP) {
        upperWeight = 0;
      }
      if (lower < 0 || lower >= nz || (upperWeight > 0 && lower + 1 >= nz)) continue;
      const first = data[lower * pixels + p];
      const second = upperWeight > 0 ? data[(lower + 1) * pixels + p] : 0;
      if (Number.isNaN(first) || Number.isNaN(second)) continue;
      counts[j]++;
      for (let c = 0; c < channels; c++) {
        const a = data[(c * nz + lower) * pixels + p];
        const b = upperWeight > 0 ? data[(c * nz + lower + 1) * pixels + p] : 0;
        sums[c * rows + j] += a * (1 - upperWeight) + b * upperWeight;
      }
    }
  }
  return finish("depth", (j) => (j + 0.5) * dz, sums, counts, channels);
}

/** Means from sums, trimmed to the rows between the first and last with data. */
function finish(
  axis: ProfileAxis,
  position: (row: number) => number,
  sums: Float64Array,
  counts: Int32Array,
  channels: number,
): RegionProfile {
  const all = counts.length;
  let first = 0;
  while (first < all && counts[first] === 0) first++;
  let last = all - 1;
  while (last >= first && counts[last] === 0) last--;
  const rows = Math.max(0, last - first + 1);
  const positions = new Float64Array(rows);
  const means = new Float64Array(channels * rows);
  const pixelsWithData = new Int32Array(rows);
  for (let j = 0; j < rows; j++) {
    positions[j] = position(first + j);
    pixelsWithData[j] = counts[first + j];
    for (let c = 0; c < channels; c++) {
      means[c * rows + j] = counts[first + j] > 0 ? sums[c * all + first + j] / counts[first + j] : NaN;
    }
  }
  return { axis, positions, means, pixelsWithData, channels };
}
