import { COMPONENT_NA2O, COMPONENT_NACL, COMPONENT_NAF, COMPONENT_ORGANIC } from "./materials.js";
import type { LayerTruth } from "./layerTruth.js";
import type { SimulationParams } from "./params.js";

export interface TruthVolume {
  /** `[channels, nz, rows, cols]`: expected counts per voxel; NaN above the surface and below the crater. */
  data: Float32Array;
  nz: number;
  /** Height of the centre of voxel layer 0, metres. */
  zTop: number;
  dz: number;
}

/**
 * The ideal output of a reconstruction: at each height, the expected counts per layer of the
 * material there (sharp layers, no information depth, blur, drift, noise or dead time), spread
 * over the local thickness of the layer that removed it, integrated over each voxel. A column's
 * sum is the sum of its layers' expected counts for those sharp compositions.
 */
export function truthVolume(params: SimulationParams, truth: LayerTruth): TruthVolume {
  const { rows, cols } = params.sims;
  const pixels = rows * cols;
  const { layers, dz } = params;
  const channelCount = params.channels.length;
  const pulses = params.scansPerLayer * params.shotsPerPixel;
  let highest = -Infinity;
  let lowest = Infinity;
  for (let p = 0; p < pixels; p++) {
    highest = Math.max(highest, truth.surfaceBefore[p]);
    lowest = Math.min(lowest, truth.surfaceAfter[p]);
  }
  const zTop = (Math.floor(highest / dz) + 0.5) * dz;
  const nz = Math.ceil((zTop - dz / 2 - lowest) / dz) + 1;
  const data = new Float32Array(channelCount * nz * pixels).fill(NaN);
  const { columns } = truth;
  const segmentYield = new Float64Array(3 * channelCount);
  const bounds = new Float64Array(layers + 3);
  const voxelTop = zTop + dz / 2;

  for (let p = 0; p < pixels; p++) {
    const outer = columns.outer[p];
    const inner = columns.inner[p];
    for (let c = 0; c < channelCount; c++) {
      segmentYield[c] = pulses * params.yieldsPerPulse[COMPONENT_ORGANIC][c];
      segmentYield[channelCount + c] =
        pulses *
        (columns.mix[3 * p] * params.yieldsPerPulse[COMPONENT_NAF][c] +
          columns.mix[3 * p + 1] * params.yieldsPerPulse[COMPONENT_NACL][c] +
          columns.mix[3 * p + 2] * params.yieldsPerPulse[COMPONENT_NA2O][c]);
      segmentYield[2 * channelCount + c] = pulses * params.yieldsPerPulse[columns.substrate[p]][c];
    }
    // pieces of constant density: between layer boundaries and the two SEI interfaces
    let count = 0;
    for (let k = 0; k <= layers; k++) bounds[count++] = truth.layerDepth[k * pixels + p];
    const bottom = bounds[layers];
    if (outer > 0 && outer < bottom) bounds[count++] = outer;
    if (inner > 0 && outer + inner < bottom) bounds[count++] = outer + inner;
    const pieces = bounds.subarray(0, count).sort();
    const surface = truth.surfaceBefore[p];
    let layer = 0;
    for (let j = 0; j + 1 < count; j++) {
      const top = pieces[j];
      const base = pieces[j + 1];
      if (!(base > top)) continue;
      const middle = (top + base) / 2;
      while (layer < layers - 1 && truth.layerDepth[(layer + 1) * pixels + p] <= middle) layer++;
      const thickness = truth.layerDepth[(layer + 1) * pixels + p] - truth.layerDepth[layer * pixels + p];
      const segment = middle < outer ? 0 : middle < outer + inner ? 1 : 2;
      // distribute this piece over the voxels it overlaps (voxel i spans voxelTop - (i+1) dz .. voxelTop - i dz)
      const heightTop = surface - top;
      const heightBase = surface - base;
      const first = Math.max(0, Math.floor((voxelTop - heightTop) / dz));
      const last = Math.min(nz - 1, Math.floor((voxelTop - heightBase) / dz));
      for (let i = first; i <= last; i++) {
        const overlap = Math.min(heightTop, voxelTop - i * dz) - Math.max(heightBase, voxelTop - (i + 1) * dz);
        if (!(overlap > 0)) continue;
        for (let c = 0; c < channelCount; c++) {
          const index = (c * nz + i) * pixels + p;
          const value = (segmentYield[segment * channelCount + c] * overlap) / thickness;
          data[index] = Number.isNaN(data[index]) ? value : data[index] + value;
        }
      }
    }
  }
  return { data, nz, zTop, dz };
}
