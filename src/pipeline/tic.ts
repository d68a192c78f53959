import { bandProfile, voxelize, type PixelRange, type VoxelGrid, type VoxelizeInput } from "./voxelize.js";
import type { VoxelizeKernel } from "./voxelizeWasm.js";

/**
 * Total-ion-count (TIC) normalisation. Each channel is divided by the total-ion counts of the
 * same layer and pixel. Done on voxels, not on layers: the total is voxelised like a channel
 * and each channel voxel is divided by the total voxel, which is exactly the layer's ratio
 * where one layer fills a voxel and the total-weighted mean of the layers' ratios where
 * several share it (a ratio spread over voxels as if it were counts would depend on the
 * layer's thickness). Units: counts of the channel per total-ion count (dimensionless);
 * NaN where the total is zero or there is no data.
 */
export const TIC_UNITS = "channel counts per total-ion count in the voxel (dimensionless)";

/** Total-ion counts `[layers, pixels]`: the file's total, or the sum of the channels. */
export function totalIonCounts(input: VoxelizeInput, total?: ArrayLike<number>): Float32Array {
  const { layers, channels, pixels, counts } = input;
  if (total) return Float32Array.from(total);
  const sum = new Float32Array(layers * pixels);
  for (let k = 0; k < layers; k++) {
    for (let c = 0; c < channels; c++) {
      const base = (k * channels + c) * pixels;
      for (let p = 0; p < pixels; p++) sum[k * pixels + p] += counts[base + p];
    }
  }
  return sum;
}

/**
 * Voxels `[channels, nz, band pixels]` of the columns of pixels `band`, as fractions of the
 * total-ion counts (see above); `totals` is `totalIonCounts` of the whole profile.
 */
export function ticNormalisedBand(
  input: VoxelizeInput,
  grid: VoxelGrid,
  band: PixelRange,
  totals: ArrayLike<number>,
  kernel?: VoxelizeKernel,
): Float32Array {
  const { channels } = input;
  const voxels = voxelize(bandProfile(input, band, totals), grid, kernel);
  const bandVoxels = grid.nz * (band.to - band.from);
  const totalBase = channels * bandVoxels;
  const out = new Float32Array(channels * bandVoxels);
  for (let c = 0; c < channels; c++) {
    for (let v = 0; v < bandVoxels; v++) {
      const t = voxels[totalBase + v];
      out[c * bandVoxels + v] = t > 0 ? voxels[c * bandVoxels + v] / t : NaN;
    }
  }
  return out;
}
