import { voxelizeReference, type VoxelGrid, type VoxelizeInput } from "./voxelizeReference.js";
import { voxelizeWasm, type VoxelizeKernel } from "./voxelizeWasm.js";

export type { VoxelGrid, VoxelizeInput } from "./voxelizeReference.js";

/**
 * Reconstruction step 6: topography-corrected voxels on a regular z grid (FORMATS.md
 * `/volume/data`). The grid spans from the highest original surface down to the deepest
 * crater bottom, so every layer's counts land inside it.
 */
export interface VoxelGridOptions {
  /** Voxel height, metres; default the median layer step of the data. */
  dz?: number;
}

/** At most this many steps enter the median, taken at an even stride, to keep it cheap. */
const MEDIAN_SAMPLE = 200_000;

export function chooseVoxelGrid(
  surface: ArrayLike<number>,
  layerDepth: ArrayLike<number>,
  layers: number,
  options: VoxelGridOptions = {},
): VoxelGrid {
  const pixels = surface.length;
  const dz = options.dz ?? medianLayerStep(layerDepth, layers, pixels);
  if (!(dz > 0) || !Number.isFinite(dz)) throw new RangeError(`the voxel height must be a positive length, got ${dz} m`);
  let highest = -Infinity;
  let lowest = Infinity;
  for (let p = 0; p < pixels; p++) {
    const bottom = surface[p] - layerDepth[layers * pixels + p];
    if (!Number.isFinite(bottom)) continue;
    highest = Math.max(highest, surface[p]);
    lowest = Math.min(lowest, bottom);
  }
  if (highest === -Infinity) throw new RangeError("no pixel has both a surface and a depth");
  const nz = Math.max(1, Math.ceil((highest - lowest) / dz - 1e-9));
  return { zTop: highest - dz / 2, dz, nz };
}

/** Median of the positive layer steps; a depth-less profile (all steps zero) falls back to 1 nm. */
export function medianLayerStep(layerDepth: ArrayLike<number>, layers: number, pixels: number): number {
  const count = layers * pixels;
  const stride = Math.max(1, Math.floor(count / MEDIAN_SAMPLE));
  const steps: number[] = [];
  for (let i = 0; i < count; i += stride) {
    const step = layerDepth[i + pixels] - layerDepth[i];
    if (step > 0) steps.push(step);
  }
  if (steps.length === 0) return 1e-9;
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)];
}

/** `[channels, nz, pixels]` voxels, through the WebAssembly kernel when one is given. */
export function voxelize(input: VoxelizeInput, grid: VoxelGrid, kernel?: VoxelizeKernel): Float32Array {
  return kernel ? voxelizeWasm(kernel, input, grid) : voxelizeReference(input, grid);
}

/**
 * Voxels of a band of rows are held at once, every channel: this many bytes at most, so that
 * the largest profiles' voxels (the 512 x 512 paper preset's are 640 MB) never are.
 */
export const VOXEL_BAND_BYTES = 64 * 1024 ** 2;

/**
 * Rows in a band whose `[channels, nz, rows, cols]` f32 voxels fit VOXEL_BAND_BYTES (at least one
 * row). The bands are the volume file's chunks, and a last band shorter than the others still
 * takes a whole chunk on disk: so a number of rows that divides the rows evenly is preferred, down
 * to half the most that fit, and otherwise the rows are shared out evenly among the bands.
 */
export function voxelBandRows(rows: number, cols: number, channels: number, nz: number, budget = VOXEL_BAND_BYTES): number {
  const most = Math.max(1, Math.min(rows, Math.floor(budget / (4 * channels * nz * cols))));
  for (let bandRows = most; 2 * bandRows >= most; bandRows--) if (rows % bandRows === 0) return bandRows;
  return Math.ceil(rows / Math.ceil(rows / most));
}

/** Pixels [from, to) of a profile. */
export interface PixelRange {
  from: number;
  to: number;
}

/**
 * Voxels `[channels, nz, band pixels]` of the columns of pixels `band` (a band of whole rows, say,
 * so that a large profile's volume is never in memory at once), into `out` when given. Each
 * column's layer-to-voxel overlaps are worked out once and applied to every channel. `part`
 * picks the columns of the band to do (a thread's share: the kernel's path; default the band).
 */
export function voxelizeBand(
  input: VoxelizeInput, grid: VoxelGrid, band: PixelRange, kernel?: VoxelizeKernel, out?: Float32Array, part?: PixelRange,
): Float32Array {
  if (kernel) return voxelizeWasm(kernel, input, grid, undefined, undefined, { band, out, pixels: part });
  if (part && (part.from !== band.from || part.to !== band.to)) throw new RangeError("voxelizeBand: part of a band needs the kernel");
  const voxels = voxelizeReference(bandProfile(input, band), grid);
  if (!out) return voxels;
  out.set(voxels);
  return out;
}

/**
 * The columns of pixels `band` as a profile of their own; `extraChannel` (`[layers, pixels]` of
 * the whole profile) is appended after the channels, so that it is voxelised with them.
 */
export function bandProfile(input: VoxelizeInput, band: PixelRange, extraChannel?: ArrayLike<number>): VoxelizeInput {
  const { layers, channels, pixels } = input;
  const count = band.to - band.from;
  const planes = channels + (extraChannel ? 1 : 0);
  const layerDepth = new Float32Array((layers + 1) * count);
  for (let k = 0; k <= layers; k++) copyPixels(input.layerDepth, k * pixels + band.from, layerDepth, k * count, count);
  const counts = new Float32Array(layers * planes * count);
  for (let k = 0; k < layers; k++) {
    for (let c = 0; c < channels; c++) copyPixels(input.counts, (k * channels + c) * pixels + band.from, counts, (k * planes + c) * count, count);
    if (extraChannel) copyPixels(extraChannel, k * pixels + band.from, counts, (k * planes + channels) * count, count);
  }
  const surface = new Float32Array(count);
  copyPixels(input.surface, band.from, surface, 0, count);
  return { surface, layerDepth, counts, pixels: count, layers, channels: planes };
}

function copyPixels(from: ArrayLike<number>, start: number, to: Float32Array, at: number, count: number): void {
  for (let i = 0; i < count; i++) to[at + i] = from[start + i];
}
