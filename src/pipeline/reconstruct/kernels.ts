// The kernels a reconstruction runs on: the WebAssembly build (SIMD where the engine has it),
// or the plain-TypeScript references of the same kernels, the baseline the benchmark compares.
import { Kernels, loadKernels, type KernelBuild, type ResampleOptions } from "../../kernels/index.js";
import { loadRawKernels } from "../../kernels/loader.js";
import { footprintSamples } from "../../kernels/resampleSampling.js";
import { deadTimeCorrectReference } from "../../kernels/reference/deadtime.js";
import { fft2dReference } from "../../kernels/reference/fft.js";
import { resampleAffineReference } from "../../kernels/reference/resample.js";
import type { Affine } from "../../model/types.js";
import type { ReconstructionKernels } from "../reconstruct.js";
import type { VoxelizeKernel } from "../voxelizeWasm.js";

export async function loadReconstructionKernels(build?: KernelBuild): Promise<ReconstructionKernels> {
  const kernels = await loadKernels(build);
  // The voxelisation kernel lives in the same module; its exports are only typed separately.
  const voxelize = (await loadRawKernels(kernels.build)) as unknown as VoxelizeKernel;
  return { kernels, voxelize };
}

/** Every kernel replaced by its TypeScript reference; voxelisation by voxelizeReference. */
class ReferenceKernels extends Kernels {
  override deadTimeCorrect(counts: ArrayLike<number>, pulses: number): Float32Array {
    return deadTimeCorrectReference(counts, pulses);
  }

  override resampleAffine(
    src: ArrayLike<number>, srcRows: number, srcCols: number, dstRows: number, dstCols: number,
    dstToSrc: Affine, options: ResampleOptions = {},
  ): Float32Array {
    const { subCols, subRows } = options.areaAverage === false ? { subCols: 1, subRows: 1 } : footprintSamples(dstToSrc);
    return resampleAffineReference(src, srcRows, srcCols, dstRows, dstCols, dstToSrc, options.method ?? "bilinear", subCols, subRows);
  }

  override fft2d(complex: Float64Array, rows: number, cols: number, inverse = false): Float64Array {
    return fft2dReference(complex, rows, cols, inverse);
  }

  override fft2dReal(image: ArrayLike<number>, rows: number, cols: number): Float64Array {
    const complex = new Float64Array(2 * rows * cols);
    for (let i = 0; i < rows * cols; i++) complex[2 * i] = image[i]!;
    return fft2dReference(complex, rows, cols);
  }
}

export async function loadReferenceKernels(): Promise<ReconstructionKernels> {
  return { kernels: new ReferenceKernels("scalar", await loadRawKernels("scalar")) };
}
