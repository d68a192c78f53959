/** What the viewer derives once from a loaded volume: the displayed channels, packed textures, defaults. */
import type { VolumeModel } from "../../model/types.js";
import { packChannels, textureCountFor, type PackedVolume } from "../lib/packChannels.js";
import { planTexture, type TextureLimits, type TexturePlan } from "../lib/texturePlan.js";
import { finiteMaximum } from "../lib/windowing.js";
import { defaultChannelViews, TOTAL_ION_LABEL } from "./channelDefaults.js";
import { defaultZExaggeration } from "./sceneGeometry.js";
import { totalIonChannel } from "./totalIon.js";
import { FULL_CLIP, type ViewState } from "./viewState.js";

export interface LoadedVolume {
  volume: VolumeModel;
  /** The displayed channels: the volume's, then a derived total ion unless it has one. */
  labels: string[];
  plan: TexturePlan;
  packed: PackedVolume;
  /** Largest finite value per channel, data units: the end of the window sliders. */
  channelMaxima: Float64Array;
  channelValues(channel: number): Float32Array;
  defaults: ViewState;
}

export function prepareVolume(volume: VolumeModel, limits: TextureLimits): LoadedVolume {
  const total = totalIonChannel(volume);
  const labels = total ? [...volume.labels, TOTAL_ION_LABEL] : volume.labels;
  const voxels = volume.nz * volume.rows * volume.cols;
  const channelValues = (channel: number) =>
    channel < volume.channels ? volume.data.subarray(channel * voxels, (channel + 1) * voxels) : total!;
  const plan = planTexture([volume.cols, volume.rows, volume.nz], textureCountFor(labels.length), limits);
  const packed = packChannels(channelValues, labels.length, plan);
  const channelMaxima = Float64Array.from(labels, (_, c) => finiteMaximum(channelValues(c)));
  return {
    volume,
    labels,
    plan,
    packed,
    channelMaxima,
    channelValues,
    defaults: {
      scene: { mode: "composite", zExaggeration: defaultZExaggeration(volume), clip: FULL_CLIP, slices: [null, null, null], surface: "after" },
      channels: defaultChannelViews(labels, channelValues),
      camera: null,
      rois: [],
    },
  };
}
