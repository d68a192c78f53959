import { toFloat16Bits } from "../../io/float16.js";
import { downsampleBlockMean } from "./downsample.js";
import { finiteMaximum } from "./windowing.js";
import type { TextureDims, TexturePlan } from "./texturePlan.js";

/** Channels per RGBA texture. */
export const CHANNELS_PER_TEXTURE = 4;

/**
 * Value stored for a voxel without data (NaN in the volume). Real values are scaled into [0, 1],
 * so the shader tells "no data" apart by sign; a NaN texel would poison linear filtering.
 */
export const NO_DATA_TEXEL = -1;

export interface PackedTexture {
  /** Half-float texels, `components` per texel, x fastest: `[layers, rows, cols, components]`. */
  texels: Uint16Array;
  /** 1 (R16F), 2 (RG16F) or 4 (RGBA16F; with three channels, the last component is unused). */
  components: 1 | 2 | 4;
}

export interface PackedVolume {
  dims: TextureDims;
  textures: PackedTexture[];
  /**
   * Per channel: the data value stored as 1.0 (its largest finite value; 1 when none is positive),
   * so that a window in data units divides by it to reach texture units.
   */
  scales: Float64Array;
}

export function textureCountFor(channels: number): number {
  return Math.ceil(channels / CHANNELS_PER_TEXTURE);
}

/**
 * Downsamples each channel `[layers, rows, cols]` (`channelValues(c)` for c < `channels`) as `plan`
 * says, scales it by its own maximum and interleaves up to four channels per half-float texture.
 */
export function packChannels(channelValues: (channel: number) => Float32Array, channels: number, plan: TexturePlan): PackedVolume {
  const voxelsPerChannel = plan.source[0] * plan.source[1] * plan.source[2];
  const texelCount = plan.dims[0] * plan.dims[1] * plan.dims[2];
  const textures: PackedTexture[] = [];
  for (let first = 0; first < channels; first += CHANNELS_PER_TEXTURE) {
    const channelCount = Math.min(CHANNELS_PER_TEXTURE, channels - first);
    const components = channelCount === 1 ? 1 : channelCount === 2 ? 2 : 4;
    textures.push({ texels: new Uint16Array(texelCount * components), components });
  }

  const scales = new Float64Array(channels);
  const noData = toFloat16Bits(NO_DATA_TEXEL);
  for (let channel = 0; channel < channels; channel++) {
    const full = channelValues(channel);
    if (full.length !== voxelsPerChannel) {
      throw new Error(`channel ${channel} has ${full.length} values, expected ${plan.source.join(" x ")} = ${voxelsPerChannel}`);
    }
    const values = plan.downsampled ? downsampleBlockMean(full, plan.source, plan.factors) : full;
    const scale = finiteMaximum(values) || 1;
    scales[channel] = scale;

    const texture = textures[Math.floor(channel / CHANNELS_PER_TEXTURE)];
    const component = channel % CHANNELS_PER_TEXTURE;
    const stride = texture.components;
    for (let i = 0; i < texelCount; i++) {
      const value = values[i];
      // Counts are never negative; clamping keeps the sign free for the no-data marker.
      texture.texels[i * stride + component] = Number.isFinite(value) ? toFloat16Bits(Math.max(0, value) / scale) : noData;
    }
  }
  return { dims: plan.dims, textures, scales };
}
