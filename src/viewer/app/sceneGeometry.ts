/**
 * Where the data sits in the 3D scene. World units are micrometres; x runs along columns, y
 * against rows (row 0 at the back, so the map reads as an image seen from above), z is height,
 * scaled by the z exaggeration, with the top of the voxel grid at z = 0.
 * "Local" coordinates are the unit cube of the volume box: (col, rows-up, height-up) in [0, 1].
 */
import type { ClipBox, Vec3 } from "./viewState.js";

export const WORLD_UNITS_PER_METRE = 1e6;

export interface VolumeExtent {
  rows: number;
  cols: number;
  nz: number;
  /** `[dz, dy, dx]`, metres. */
  voxelSize: readonly [number, number, number];
  /** Height of the centre of voxel layer 0, metres. */
  zTop: number;
}

export interface WorldBox {
  min: Vec3;
  size: Vec3;
}

/** The volume's bounding box in world units. */
export function worldBox(extent: VolumeExtent, zExaggeration: number): WorldBox {
  const [dz, dy, dx] = extent.voxelSize;
  const width = extent.cols * dx * WORLD_UNITS_PER_METRE;
  const depth = extent.rows * dy * WORLD_UNITS_PER_METRE;
  const height = extent.nz * dz * WORLD_UNITS_PER_METRE * zExaggeration;
  return { min: [-width / 2, -depth / 2, -height], size: [width, depth, height] };
}

/** World z of a height in metres (same frame as the volume's zTop). */
export function worldZ(extent: VolumeExtent, height: number, zExaggeration: number): number {
  const boxTop = extent.zTop + extent.voxelSize[0] / 2;
  return (height - boxTop) * WORLD_UNITS_PER_METRE * zExaggeration;
}

/** World x, y of the centre of SIMS pixel (row, col). */
export function worldXY(extent: VolumeExtent, row: number, col: number): [number, number] {
  const [, dy, dx] = extent.voxelSize;
  return [
    (-extent.cols / 2 + col + 0.5) * dx * WORLD_UNITS_PER_METRE,
    (extent.rows / 2 - row - 0.5) * dy * WORLD_UNITS_PER_METRE,
  ];
}

/**
 * A z exaggeration that makes the depth about a third of the lateral size, rounded to 1, 2 or 5
 * times a power of ten, so that a 200 nm deep profile of a 50 um field is not a flat sheet.
 */
export function defaultZExaggeration(extent: VolumeExtent): number {
  const [dz, dy, dx] = extent.voxelSize;
  const lateral = Math.max(extent.cols * dx, extent.rows * dy);
  const wanted = (0.35 * lateral) / (extent.nz * dz);
  if (!(wanted > 1)) return 1;
  const magnitude = Math.pow(10, Math.floor(Math.log10(wanted)));
  const multiple = [5, 2, 1].find((m) => m * magnitude <= wanted) ?? 1;
  return multiple * magnitude;
}

/** The clip box (index fractions, layer 0 on top) as a box in local coordinates. */
export function clipToLocal(clip: ClipBox): { min: Vec3; max: Vec3 } {
  return {
    min: [clip.min[0], 1 - clip.max[1], 1 - clip.max[2]],
    max: [clip.max[0], 1 - clip.min[1], 1 - clip.min[2]],
  };
}

/** A slice position (index fraction along axis 0 = col, 1 = row, 2 = layer) in local coordinates. */
export function sliceToLocal(axis: 0 | 1 | 2, fraction: number): number {
  return axis === 0 ? fraction : 1 - fraction;
}
