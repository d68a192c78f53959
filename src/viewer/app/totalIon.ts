import type { VolumeModel } from "../../model/types.js";

/**
 * The voxel-wise sum of all channels (NaN where the voxel has no data): the grey context the
 * study's figures show under each ion. Null when the volume already has a total-ion channel.
 * A separate array, so the volume's own data is never copied.
 */
export function totalIonChannel(volume: VolumeModel): Float32Array | null {
  if (volume.labels.some((label) => /^total/i.test(label))) return null;
  const voxels = volume.nz * volume.rows * volume.cols;
  const total = new Float32Array(voxels);
  for (let channel = 0; channel < volume.channels; channel++) {
    const values = volume.data.subarray(channel * voxels, (channel + 1) * voxels);
    for (let i = 0; i < voxels; i++) total[i] += values[i];
  }
  return total;
}
