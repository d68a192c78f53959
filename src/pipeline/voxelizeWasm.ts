import type { VoxelGrid, VoxelizeInput } from "./voxelizeReference.js";

/**
 * Host side of the voxelisation kernel: lays a slice of pixels' inputs out in the kernel's
 * linear memory from its arena base, runs it (so a caller can report progress between slices)
 * and copies the voxels out. Takes the raw exports of an instantiated afmsims kernel module.
 */
export interface VoxelizeKernel {
  memory: WebAssembly.Memory;
  arenaBase(): number;
  ensureMemory(bytes: number): number | boolean;
  voxelizeScratchBytes(channels: number, nz: number): number;
  voxelizeColumns(
    surfacePtr: number,
    depthPtr: number,
    countsPtr: number,
    outPtr: number,
    scratchPtr: number,
    pixels: number,
    layers: number,
    channels: number,
    nz: number,
    zTop: number,
    dz: number,
    firstPixel: number,
    endPixel: number,
  ): void;
}

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

export interface ColumnSelection {
  /** Voxelise only pixels [from, to) (a thread's part of the band); default the whole band. */
  pixels?: { from: number; to: number };
  /**
   * Receives the voxels `[channels, nz, band pixels]` instead of a new array: the pixels of
   * `band` (default all), so a caller can voxelise a band of rows at a time. Voxels of pixels of
   * the band outside `pixels` are left as they are.
   */
  out?: Float32Array;
  band?: { from: number; to: number };
}

/**
 * Runs the kernel on `sliceSize` pixels at a time, each slice's columns copied into the arena,
 * so that kernel memory (which never shrinks) stays a slice's worth instead of the profile's.
 * The kernel treats every column on its own, so the slices do not change a voxel.
 */
export function voxelizeWasm(
  kernel: VoxelizeKernel,
  input: VoxelizeInput,
  grid: VoxelGrid,
  onSlice?: (donePixels: number) => void,
  sliceSize = 4096,
  selection: ColumnSelection = {},
): Float32Array {
  const { pixels, layers, channels } = input;
  const { nz, zTop, dz } = grid;
  const band = selection.band ?? { from: 0, to: pixels };
  const { from: firstPixel, to: endPixel } = selection.pixels ?? band;
  if (!(band.from <= firstPixel && endPixel <= band.to)) throw new RangeError(`voxelisation: pixels [${firstPixel}, ${endPixel}) lie outside the band [${band.from}, ${band.to})`);
  const bandPixels = band.to - band.from;
  const slice = Math.max(1, Math.min(sliceSize, endPixel - firstPixel));
  const surfacePtr = align16(kernel.arenaBase() >>> 0);
  const depthPtr = surfacePtr + align16(slice * 4);
  const countsPtr = depthPtr + align16((layers + 1) * slice * 4);
  const outPtr = countsPtr + align16(layers * channels * slice * 4);
  const scratchPtr = outPtr + align16(channels * nz * slice * 4);
  const end = scratchPtr + (kernel.voxelizeScratchBytes(channels, nz) >>> 0);
  if (end > 4 * 1024 ** 3 || !kernel.ensureMemory(end)) {
    throw new RangeError(`voxelisation needs ${(end / 1024 ** 2).toFixed(0)} MiB of kernel memory, more than it can have`);
  }
  const out = selection.out ?? new Float32Array(channels * nz * bandPixels);
  if (out.length !== channels * nz * bandPixels) throw new RangeError(`voxelisation: the output holds ${out.length} voxels, not ${channels * nz * bandPixels}`);
  // One view made after growing memory (growth detaches every earlier view), indexed in floats.
  const memory = new Float32Array(kernel.memory.buffer);
  for (let first = firstPixel; first < endPixel; first += slice) {
    const count = Math.min(slice, endPixel - first);
    memory.set(part(input.surface, first, count), surfacePtr / 4);
    for (let k = 0; k <= layers; k++) memory.set(part(input.layerDepth, k * pixels + first, count), depthPtr / 4 + k * count);
    for (let k = 0; k < layers; k++) {
      for (let c = 0; c < channels; c++) {
        memory.set(part(input.counts, (k * channels + c) * pixels + first, count), countsPtr / 4 + (k * channels + c) * count);
      }
    }
    kernel.voxelizeColumns(surfacePtr, depthPtr, countsPtr, outPtr, scratchPtr, count, layers, channels, nz, zTop, dz, 0, count);
    for (let plane = 0; plane < channels * nz; plane++) {
      out.set(memory.subarray(outPtr / 4 + plane * count, outPtr / 4 + (plane + 1) * count), plane * bandPixels + first - band.from);
    }
    onSlice?.(first + count);
  }
  return out;
}

/** `count` values of `values` from `start`, without a copy where it is a typed array. */
function part(values: ArrayLike<number>, start: number, count: number): ArrayLike<number> {
  return ArrayBuffer.isView(values)
    ? (values as Float32Array).subarray(start, start + count)
    : Array.prototype.slice.call(values, start, start + count);
}
