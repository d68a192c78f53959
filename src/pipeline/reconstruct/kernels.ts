// The kernels a reconstruction runs on: the WebAssembly build (SIMD where the engine has it),
// or the plain-TypeScript references of the same kernels, the baseline the benchmark compares.
import { loadKernels, type KernelBuild } from "../../kernels/index.js";
import { loadRawKernels } from "../../kernels/loader.js";
import { referenceKernels } from "../../kernels/reference/index.js";
import { pooledDeadTimeWasm } from "../deadTimeWasm.js";
import { wasmLayerUnmixer } from "../depth/layerUnmixerWasm.js";
import { edgeDirectedLinesWasm } from "../edgeDirectedLinesWasm.js";
import { levelKernelsWasm } from "../levelKernelsWasm.js";
import type { ReconstructionKernels } from "../reconstruct.js";
import type { VoxelizeKernel } from "../voxelizeWasm.js";

export async function loadReconstructionKernels(build?: KernelBuild): Promise<ReconstructionKernels> {
  const kernels = await loadKernels(build);
  // The voxelisation kernel lives in the same module; its exports are only typed separately.
  const raw = await loadRawKernels(kernels.build);
  const voxelize = raw as unknown as VoxelizeKernel;
  return {
    kernels,
    voxelize,
    pooledDeadTime: pooledDeadTimeWasm(raw),
    layerUnmixer: wasmLayerUnmixer(raw),
    surfaces: { edgeDirectedLines: edgeDirectedLinesWasm(raw), level: levelKernelsWasm(raw) },
  };
}

/**
 * Every kernel replaced by its TypeScript reference: voxelisation by voxelizeReference, the
 * pooled dead time by correctDeadTime, unmixing by referenceLayerUnmixer, levelling's scar
 * search and particle mask by findScars and raisedPixels, the lines between the AFM lines by
 * edgeDirectedLines.
 */
export function referenceReconstructionKernels(): ReconstructionKernels {
  return { kernels: referenceKernels };
}
