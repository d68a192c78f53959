/** What the viewer derives once from a loaded volume: the displayed channels, packed textures, defaults. */
import type { VolumeModel } from "../../model/types.js";
import { packChannels, textureCountFor, type PackedVolume } from "../lib/packChannels.js";
import { planTexture, type TextureLimits, type TexturePlan } from "../lib/texturePlan.js";
import { finiteMaximum } from "../lib/windowing.js";
import { defaultChannelViews } from "./channelDefaults.js";
import { defaultZExaggeration } from "./sceneGeometry.js";
import { withTotalIon } from "./totalIon.js";
import { FULL_CLIP, type ViewState } from "./viewState.js";

export interface LoadedVolume {
  volume: VolumeModel;
  plan: TexturePlan;
  packed: PackedVolume;
  /** Largest finite value per channel, data units: the end of the window sliders. */
  channelMaxima: Float64Array;
  channelValues(channel: number): Float32Array;
  defaults: ViewState;
}

export function prepareVolume(source: VolumeModel, limits: TextureLimits): LoadedVolume {
  const volume = withTotalIon(source);
  const voxels = volume.nz * volume.rows * volume.cols;
  const channelValues = (channel: number) => volume.data.subarray(channel * voxels, (channel + 1) * voxels);
  const plan = planTexture([volume.cols, volume.rows, volume.nz], textureCountFor(volume.channels), limits);
  const packed = packChannels(volume.data, volume.channels, plan);
  const channelMaxima = Float64Array.from(volume.labels, (_, c) => finiteMaximum(channelValues(c)));
  return {
    volume,
    plan,
    packed,
    channelMaxima,
    channelValues,
    defaults: {
      scene: { mode: "composite", zExaggeration: defaultZExaggeration(volume), clip: FULL_CLIP, slices: [null, null, null], surface: "after" },
      channels: defaultChannelViews(volume.labels, channelValues),
      camera: null,
      rois: [],
    },
  };
}
