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
 * `[nz, pixels]` voxels of one channel of `input`, into `out` when given. Each pixel's column is
 * voxelised on its own: `range` [from, to) picks the pixels to do (the kernel's path, into `out`;
 * default all).
 */
export function voxelizeChannel(
  input: VoxelizeInput, channel: number, grid: VoxelGrid, kernel?: VoxelizeKernel, out?: Float32Array, range?: { from: number; to: number },
): Float32Array {
  if (kernel) return voxelizeWasm(kernel, input, grid, undefined, undefined, { channel, out, pixels: range });
  if (range && (range.from !== 0 || range.to !== input.pixels)) throw new RangeError("voxelizeChannel: a range of pixels needs the kernel");
  const { layers, channels, pixels } = input;
  const voxels = voxelizeReference({ ...input, counts: channelStack(input.counts, layers, channels, channel, pixels), channels: 1 }, grid);
  if (!out) return voxels;
  out.set(voxels);
  return out;
}

/** One channel's counts `[layers, pixels]` out of `[layers, channels, pixels]`. */
function channelStack(counts: ArrayLike<number>, layers: number, channels: number, channel: number, pixels: number): Float32Array {
  const out = new Float32Array(layers * pixels);
  for (let k = 0; k < layers; k++) {
    const from = (k * channels + channel) * pixels;
    for (let p = 0; p < pixels; p++) out[k * pixels + p] = counts[from + p];
  }
  return out;
}
