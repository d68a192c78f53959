// How far a reconstruction of a simulated measurement is from the simulator's truth: the
// figures the reconstruction tests assert and `npm run accuracy:reconstruct` sweeps.
import { apply, invert } from "../../src/pipeline/affine.js";
import { emissionDepth } from "../../src/pipeline/depth/informationDepth.js";
import { reconstruct, type ReconstructOptions, type ReconstructionReport } from "../../src/pipeline/reconstruct.js";
import type { ReconstructionKernels } from "../../src/pipeline/reconstruct.js";
import type { VolumeModel } from "../../src/model/types.js";
import { resolveParams, simulate, type SimulateOptions, type SimulationResult } from "../../src/sim/index.js";
import { halfwayInterfaceDepth, medianAbsoluteError } from "./interfaceDepth.js";

export interface Accuracy {
  /** Largest distance of a SIMS-field corner mapped through truth^-1 then ours, SIMS pixels. */
  afmToSimsPx: number;
  afmAfterToSimsPx: number;
  /** Largest |drift - truth| over the layers, SIMS pixels. */
  driftPx: number;
  /** RMS of (surface - truth) after removing the best-fit plane, metres. */
  surfaceRms: number;
  /** Median |interface depth - truth| over the spot core, metres. */
  interfaceError: number;
  /** Largest relative difference between a column's voxel sum and its layers' corrected counts. */
  conservation: number;
}

export interface ReconstructedSimulation {
  simulation: SimulationResult;
  volume: VolumeModel;
  report: ReconstructionReport;
  /** The dead-time-corrected, layer-0-aligned counts the volume was built from. */
  correctedCounts: Float32Array;
  accuracy: Accuracy;
}

export function simulateAndReconstruct(
  simulateOptions: SimulateOptions, options: ReconstructOptions, kernels: ReconstructionKernels,
): ReconstructedSimulation {
  const simulation = simulate(resolveParams(simulateOptions));
  const original = simulation.input.sims.counts;
  // reconstruct consumes its input's counts in place; the simulation's own stay untouched.
  const input = { source: "simulated.h5", ...simulation.input, sims: { ...simulation.input.sims, counts: original.slice(), total: simulation.input.sims.total?.slice() } };
  const { volume, report } = reconstruct(input, options, kernels);
  const correctedCounts = input.sims.counts as Float32Array;
  return { simulation, volume, report, correctedCounts, accuracy: measure(simulation, volume, correctedCounts) };
}

function measure(simulation: SimulationResult, volume: VolumeModel, counts: Float32Array): Accuracy {
  const { rows, cols } = volume;
  const truth = simulation.transforms;
  return {
    afmToSimsPx: cornerError(volume.afmToSims, truth.afmToSims, rows, cols),
    afmAfterToSimsPx: volume.afmAfterToSims ? cornerError(volume.afmAfterToSims, truth.afmAfterToSims, rows, cols) : NaN,
    driftPx: maxAbsDifference(volume.drift, simulation.drift),
    surfaceRms: planeFreeRms(volume.surfaceBefore, simulation.layers.surfaceBefore, rows, cols),
    interfaceError: interfaceError(simulation, volume, counts),
    conservation: conservationError(volume, counts),
  };
}

function cornerError(ours: Float64Array, truth: Float64Array, rows: number, cols: number): number {
  const back = invert(truth);
  let worst = 0;
  for (const [x, y] of [[0, 0], [cols - 1, 0], [0, rows - 1], [cols - 1, rows - 1]] as const) {
    const [u, v] = apply(back, x, y);
    const [x2, y2] = apply(ours, u, v);
    worst = Math.max(worst, Math.hypot(x2 - x, y2 - y));
  }
  return worst;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** RMS of a - b over the pixels where both are finite, after a least-squares plane is removed. */
export function planeFreeRms(a: ArrayLike<number>, b: ArrayLike<number>, rows: number, cols: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  const ds: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const d = a[r * cols + c]! - b[r * cols + c]!;
      if (!Number.isFinite(d)) continue;
      xs.push(c / cols - 0.5);
      ys.push(r / rows - 0.5);
      ds.push(d);
    }
  }
  // Normal equations of d = p0 + p1 x + p2 y.
  const m = new Float64Array(9);
  const v = new Float64Array(3);
  for (let i = 0; i < ds.length; i++) {
    const basis = [1, xs[i]!, ys[i]!];
    for (let j = 0; j < 3; j++) {
      v[j]! += basis[j]! * ds[i]!;
      for (let k = 0; k < 3; k++) m[3 * j + k]! += basis[j]! * basis[k]!;
    }
  }
  const p = solve3(m, v);
  let squares = 0;
  for (let i = 0; i < ds.length; i++) squares += (ds[i]! - p[0]! - p[1]! * xs[i]! - p[2]! * ys[i]!) ** 2;
  return Math.sqrt(squares / ds.length);
}

function solve3(m: Float64Array, v: Float64Array): number[] {
  const det = (a: ArrayLike<number>) =>
    a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) - a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) + a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
  const d = det(m);
  return [0, 1, 2].map((col) => {
    const replaced = Float64Array.from(m);
    for (let row = 0; row < 3; row++) replaced[3 * row + col] = v[row]!;
    return det(replaced) / d;
  });
}

/** Median error of the inner-SEI/HC interface depth over the spot core (spot mask fully set). */
export function interfaceError(simulation: SimulationResult, volume: VolumeModel, counts: Float32Array): number {
  const { layers, rows, cols } = volume;
  const channels = volume.channels;
  const pixels = rows * cols;
  const na2f = volume.labels.indexOf("Na2F+");
  // The counts sit in the volume at their emission depth (see informationDepth.ts), so that is
  // where the profile of a pixel shows Na2F+ falling.
  const response = volume.attributes ?? {};
  const placement = emissionDepth(volume.layerDepth, layers, pixels, Number(response.information_depth ?? 0), Number(response.mixing_depth ?? 0));
  const ours = halfwayInterfaceDepth(counts, placement, { layers, channels, rows, cols }, na2f);
  const truth = simulation.layers;
  const truthDepth = new Float64Array(pixels);
  const core = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) {
    truthDepth[p] = truth.surfaceBefore[p]! - truth.interfaceInnerHc[p]!;
    core[p] = truth.spotMask[p] === 1 && Number.isFinite(truthDepth[p]) ? 1 : 0;
  }
  return medianAbsoluteError(ours, truthDepth, core);
}

/** Worst relative mismatch of a column's voxel sum against its layers' counts, over columns with data. */
export function conservationError(volume: VolumeModel, counts: Float32Array): number {
  const { channels, nz, layers, rows, cols, data } = volume;
  const pixels = rows * cols;
  let worst = 0;
  for (let c = 0; c < channels; c++) {
    for (let p = 0; p < pixels; p++) {
      let layerSum = 0;
      for (let k = 0; k < layers; k++) layerSum += counts[(k * channels + c) * pixels + p]!;
      if (!Number.isFinite(layerSum) || !Number.isFinite(volume.layerDepth[layers * pixels + p]!)) continue;
      let voxelSum = 0;
      for (let z = 0; z < nz; z++) {
        const v = data[(c * nz + z) * pixels + p]!;
        if (!Number.isNaN(v)) voxelSum += v;
      }
      worst = Math.max(worst, Math.abs(voxelSum - layerSum) / Math.max(Math.abs(layerSum), 1));
    }
  }
  return worst;
}
