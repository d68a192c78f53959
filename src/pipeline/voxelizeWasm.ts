import type { VoxelGrid, VoxelizeInput } from "./voxelizeReference.js";

/**
 * Host side of the voxelisation kernel: lays the inputs out in the kernel's linear memory from
 * its arena base, runs it in slices of pixels (so a caller can report progress between them)
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

export function voxelizeWasm(
  kernel: VoxelizeKernel,
  input: VoxelizeInput,
  grid: VoxelGrid,
  onSlice?: (donePixels: number) => void,
  sliceSize = 16384,
): Float32Array {
  const { pixels, layers, channels } = input;
  const { nz, zTop, dz } = grid;
  const surfacePtr = align16(kernel.arenaBase() >>> 0);
  const depthPtr = surfacePtr + align16(pixels * 4);
  const countsPtr = depthPtr + align16((layers + 1) * pixels * 4);
  const outPtr = countsPtr + align16(layers * channels * pixels * 4);
  const scratchPtr = outPtr + align16(channels * nz * pixels * 4);
  const end = scratchPtr + (kernel.voxelizeScratchBytes(channels, nz) >>> 0);
  if (end > 4 * 1024 ** 3 || !kernel.ensureMemory(end)) {
    throw new RangeError(`voxelisation needs ${(end / 1024 ** 2).toFixed(0)} MiB of kernel memory, more than it can have`);
  }
  // Views are made after growing memory: growth detaches every earlier view.
  const buffer = kernel.memory.buffer;
  new Float32Array(buffer, surfacePtr, pixels).set(input.surface);
  new Float32Array(buffer, depthPtr, (layers + 1) * pixels).set(input.layerDepth);
  new Float32Array(buffer, countsPtr, layers * channels * pixels).set(input.counts);
  for (let first = 0; first < pixels; first += sliceSize) {
    const last = Math.min(first + sliceSize, pixels);
    kernel.voxelizeColumns(surfacePtr, depthPtr, countsPtr, outPtr, scratchPtr, pixels, layers, channels, nz, zTop, dz, first, last);
    onSlice?.(last);
  }
  return new Float32Array(kernel.memory.buffer, outPtr, channels * nz * pixels).slice();
}
