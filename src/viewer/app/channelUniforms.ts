import type { ChannelUniformValues } from "../lib/VolumeView.js";
import type { ChannelView } from "./viewState.js";

/** Channel settings in data units to the shader's texture units (each channel scaled by its own maximum). */
export function toChannelUniforms(channels: readonly ChannelView[], scales: Float64Array): ChannelUniformValues[] {
  return channels.map((channel, c) => ({
    visible: channel.visible,
    color: channel.color,
    windowMin: channel.windowMin / scales[c],
    windowMax: channel.windowMax / scales[c],
    gamma: channel.gamma,
    opacity: channel.opacity,
    isoLevel: channel.isoLevel / scales[c],
  }));
}
