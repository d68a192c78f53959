// The stages of the SIMS stack that split into independent parts (layers, or slices of pixels),
// as tasks a pool runs over a range of those parts: on the calling thread, or on worker threads
// that each run them with their own kernels over arrays in shared memory. Every part writes only
// its own layers or pixels, computed as the whole stage would, so a split changes no value.
import type { FloatArray } from "../../model/types.js";
import type { DeadTimeMethod } from "../deadTime.js";
import { neighbourPureJobLayers, unmixJobLayers, type LayerFractionsJob, type NeighbourPureJob } from "../depth/layerPasses.js";
import { registerToTemplate, type TemplateRegistration } from "../drift.js";
import type { ReconstructionKernels } from "../reconstruct.js";
import { correctDeadTimeInPlace, shiftLayersBackInPlace, type StackShape } from "../reconstruct/layerStack.js";
import { voxelizeBand, type PixelRange, type VoxelGrid, type VoxelizeInput } from "../voxelize.js";

export interface StackTaskArgs {
  /** Parts are layers. */
  deadTime: { counts: FloatArray; shape: StackShape; pulses: number; total?: FloatArray; method: DeadTimeMethod };
  /** Parts are layers: the drift's second pass. */
  registerToTemplate: TemplateRegistration;
  /** Parts are layers. */
  shiftLayersBack: { stack: FloatArray; layers: number; planesPerLayer: number; rows: number; cols: number; drift: Float64Array };
  /** Parts are layers: the material classification's final pass. */
  layerFractions: LayerFractionsJob;
  /** Parts are the middle layers: the material classification's refinement. */
  neighbourPure: NeighbourPureJob;
  /** Parts are pixels of the band, counted from its first; `out` holds the band's `[channels, nz, band pixels]` voxels. */
  voxelizeBand: { input: VoxelizeInput; grid: VoxelGrid; band: PixelRange; out: Float32Array };
}

export type StackTaskName = keyof StackTaskArgs;

type Task<N extends StackTaskName> = (kernelSet: ReconstructionKernels, args: StackTaskArgs[N], from: number, to: number) => void;

export const STACK_TASKS: { [N in StackTaskName]: Task<N> } = {
  deadTime(kernelSet, { counts, shape, pulses, total, method }, from, to) {
    correctDeadTimeInPlace(kernelSet.kernels, counts, shape, pulses, total, method, kernelSet.pooledDeadTime, { from, to });
  },
  registerToTemplate(kernelSet, job, from, to) {
    registerToTemplate(kernelSet.kernels, job, from, to);
  },
  shiftLayersBack(kernelSet, { stack, layers, planesPerLayer, rows, cols, drift }, from, to) {
    shiftLayersBackInPlace(kernelSet.kernels, stack, layers, planesPerLayer, rows, cols, drift, { from, to });
  },
  layerFractions(kernelSet, job, from, to) {
    unmixJobLayers(kernelSet.layerUnmixer, job, from, to);
  },
  neighbourPure(kernelSet, job, from, to) {
    neighbourPureJobLayers(kernelSet.layerUnmixer, job, from, to);
  },
  voxelizeBand(kernelSet, { input, grid, band, out }, from, to) {
    voxelizeBand(input, grid, band, kernelSet.voxelize, out, { from: band.from + from, to: band.from + to });
  },
};

/**
 * The arrays each task writes into. A worker must see these in shared memory: a copy would take
 * its results with it. Arrays it only reads may reach it as copies (small ones, like the drift).
 */
export const WRITTEN_ARGS: { [N in StackTaskName]: readonly (keyof StackTaskArgs[N])[] } = {
  deadTime: ["counts", "total"],
  registerToTemplate: ["shifts"],
  shiftLayersBack: ["stack"],
  layerFractions: ["fractions"],
  neighbourPure: ["sums", "counts", "featureSums"],
  voxelizeBand: ["out"],
};

/**
 * Pixels of a part start at a multiple of this: the voxel kernel takes pixels in pairs and blocks
 * of 64 from the start of its range, so parts aligned to 64 pair and block them as one whole
 * range would.
 */
export const PIXEL_ALIGNMENT = 64;
