/**
 * Plain-TypeScript reference of the voxelisation kernel (assembly/voxelize.ts), the readable
 * statement of what the kernel computes and the oracle its tests compare against.
 *
 * Layer k of pixel p occupies the heights [s - depth_{k+1}, s - depth_k] below the original
 * surface s; its counts go to the voxels it overlaps, in proportion to the overlap, so each
 * column's voxel sum equals the sum of its layers (accumulated in f64). Voxel i is centred at
 * zTop - i * dz. Voxels outside [s - d, s] are NaN (no data); so is every voxel of a pixel
 * whose depth is NaN. A zero-thickness layer puts its counts in the voxel that holds it.
 */
export interface VoxelizeInput {
  /** Original surface per pixel, metres. */
  surface: ArrayLike<number>;
  /** `[layers + 1, pixels]`, metres below the surface (row 0 zeros, last row the crater bottom). */
  layerDepth: ArrayLike<number>;
  /** `[layers, channels, pixels]` counts. */
  counts: ArrayLike<number>;
  pixels: number;
  layers: number;
  channels: number;
}

export interface VoxelGrid {
  /** Height of the centre of voxel 0, metres. */
  zTop: number;
  /** Voxel height, metres. */
  dz: number;
  nz: number;
}

/** A layer thinner than this many voxels is given this thickness (see the kernel). */
const THINNEST = 1e-6;
/** Coordinates this close to a voxel boundary are put on it (see the kernel). */
const SNAP = 1e-4;

function snap(u: number): number {
  const boundary = Math.round(u);
  return Math.abs(u - boundary) < SNAP ? boundary : u;
}

/** Returns `[channels, nz, pixels]` float32. */
export function voxelizeReference(input: VoxelizeInput, grid: VoxelGrid): Float32Array {
  const { surface, layerDepth, counts, pixels, layers, channels } = input;
  const { zTop, dz, nz } = grid;
  const top = zTop + dz / 2;
  const out = new Float32Array(channels * nz * pixels).fill(NaN);
  const sums = new Float64Array(channels * nz);
  const voxel = (depth: number, p: number) => snap((top - surface[p] + depth) / dz);
  for (let p = 0; p < pixels; p++) {
    const uSurface = snap((top - surface[p]) / dz);
    const uEnd = Math.max(voxel(layerDepth[layers * pixels + p], p), uSurface + THINNEST);
    if (Number.isNaN(uEnd)) continue;
    const iFirst = Math.max(0, Math.floor(uSurface));
    const iLast = Math.min(nz - 1, Math.ceil(uEnd) - 1);
    sums.fill(0);
    for (let k = 0; k < layers; k++) {
      const uTop = voxel(layerDepth[k * pixels + p], p);
      const uBottom = Math.max(voxel(layerDepth[(k + 1) * pixels + p], p), uTop + THINNEST);
      for (let i = Math.max(iFirst, Math.floor(uTop)); i <= Math.min(iLast, Math.ceil(uBottom) - 1); i++) {
        const overlap = Math.min(uBottom, i + 1) - Math.max(uTop, i);
        if (overlap <= 0) continue;
        const share = overlap / (uBottom - uTop);
        for (let c = 0; c < channels; c++) sums[c * nz + i] += share * counts[(k * channels + c) * pixels + p];
      }
    }
    for (let c = 0; c < channels; c++) {
      for (let i = iFirst; i <= iLast; i++) out[(c * nz + i) * pixels + p] = sums[c * nz + i];
    }
  }
  return out;
}
