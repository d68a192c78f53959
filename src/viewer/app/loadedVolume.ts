/** What the viewer derives once from a loaded volume: the displayed channels, packed textures, defaults. */
import type { VolumeModel } from "../../model/types.js";
import { packChannels, textureCountFor, type PackedVolume } from "../lib/packChannels.js";
import { planTexture, type TextureLimits, type TexturePlan } from "../lib/texturePlan.js";
import { finiteMaximum } from "../lib/windowing.js";
import { defaultChannelViews, TOTAL_ION_LABEL } from "./channelDefaults.js";
import { defaultZExaggeration } from "./sceneGeometry.js";
import { totalIonChannel } from "./totalIon.js";
import { FULL_CLIP, type ViewState } from "./viewState.js";

/**
 * Everything the viewer derives from a volume except functions, so that a worker can prepare it
 * and transfer it (the packing of a 512 x 512 x 150 x 4 volume takes seconds).
 */
export interface PreparedVolume {
  volume: VolumeModel;
  /** The displayed channels: the volume's, then a derived total ion unless it has one. */
  labels: string[];
  /** The derived total-ion channel; null when the volume has its own. */
  totalIon: Float32Array | null;
  plan: TexturePlan;
  packed: PackedVolume;
  /** Largest finite value per channel, data units: the end of the window sliders. */
  channelMaxima: Float64Array;
  defaults: ViewState;
}

export interface LoadedVolume extends PreparedVolume {
  channelValues(channel: number): Float32Array;
}

function channelValuesOf(volume: VolumeModel, totalIon: Float32Array | null): (channel: number) => Float32Array {
  const voxels = volume.nz * volume.rows * volume.cols;
  return (channel) => (channel < volume.channels ? volume.data.subarray(channel * voxels, (channel + 1) * voxels) : totalIon!);
}

export function prepareVolumeData(volume: VolumeModel, limits: TextureLimits): PreparedVolume {
  const totalIon = totalIonChannel(volume);
  const labels = totalIon ? [...volume.labels, TOTAL_ION_LABEL] : volume.labels;
  const channelValues = channelValuesOf(volume, totalIon);
  const plan = planTexture([volume.cols, volume.rows, volume.nz], textureCountFor(labels.length), limits);
  const packed = packChannels(channelValues, labels.length, plan);
  const channelMaxima = Float64Array.from(labels, (_, c) => finiteMaximum(channelValues(c)));
  return {
    volume,
    labels,
    totalIon,
    plan,
    packed,
    channelMaxima,
    defaults: {
      scene: { mode: "composite", zExaggeration: defaultZExaggeration(volume), clip: FULL_CLIP, slices: [null, null, null], surface: "after" },
      channels: defaultChannelViews(labels, channelValues),
      camera: null,
      rois: [],
    },
  };
}

/** A prepared volume (from a worker or from prepareVolumeData) made ready for the viewer. */
export function loadedVolumeFrom(prepared: PreparedVolume): LoadedVolume {
  return { ...prepared, channelValues: channelValuesOf(prepared.volume, prepared.totalIon) };
}

export function prepareVolume(volume: VolumeModel, limits: TextureLimits): LoadedVolume {
  return loadedVolumeFrom(prepareVolumeData(volume, limits));
}
