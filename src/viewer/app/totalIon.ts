import type { VolumeModel } from "../../model/types.js";
import { TOTAL_ION_LABEL } from "./channelDefaults.js";

/**
 * The volume with a derived total-ion channel appended (the voxel-wise sum of all channels, NaN
 * where the voxel has no data), the grey context the study's figures show under each ion.
 * A volume that already carries a total-ion channel is returned unchanged.
 */
export function withTotalIon(volume: VolumeModel): VolumeModel {
  if (volume.labels.some((label) => /^total/i.test(label))) return volume;
  const voxels = volume.nz * volume.rows * volume.cols;
  const data = new Float32Array(voxels * (volume.channels + 1));
  data.set(volume.data);
  const total = data.subarray(voxels * volume.channels);
  for (let channel = 0; channel < volume.channels; channel++) {
    const values = volume.data.subarray(channel * voxels, (channel + 1) * voxels);
    for (let i = 0; i < voxels; i++) total[i] += values[i];
  }
  return { ...volume, data, channels: volume.channels + 1, labels: [...volume.labels, TOTAL_ION_LABEL] };
}
