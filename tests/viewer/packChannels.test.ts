import { describe, expect, it } from "vitest";
import { toFloat16Bits } from "../../src/io/float16.js";
import { NO_DATA_TEXEL, packChannels } from "../../src/viewer/lib/packChannels.js";
import { planTexture } from "../../src/viewer/lib/texturePlan.js";

const WIDE = { max3dTextureSize: 2048, maxTexels: Number.MAX_SAFE_INTEGER };

/** Channel accessor over a flat `[channels, voxels]` array. */
function channelsOf(data: Float32Array, channels: number): (channel: number) => Float32Array {
  const voxels = data.length / channels;
  return (channel) => data.subarray(channel * voxels, (channel + 1) * voxels);
}

describe("packChannels", () => {
  it("scales each channel by its own maximum and interleaves four per RGBA texel", () => {
    // 5 channels of 2 voxels: channel c holds [c, 2c] (channel 0: all zero).
    const voxels = 2;
    const data = new Float32Array(5 * voxels);
    for (let c = 0; c < 5; c++) data.set([c, 2 * c], c * voxels);
    const packed = packChannels(channelsOf(data, 5), 5, planTexture([2, 1, 1], 2, WIDE));

    expect([...packed.scales]).toEqual([1, 2, 4, 6, 8]);
    expect(packed.textures.map((t) => t.components)).toEqual([4, 1]);
    // Texel 0 = (0, 1/2, 2/4, 3/6), texel 1 = (0, 2/2, 4/4, 6/6); all exact in half precision.
    expect([...packed.textures[0].texels]).toEqual([0x0000, 0x3800, 0x3800, 0x3800, 0x0000, 0x3c00, 0x3c00, 0x3c00]);
    expect([...packed.textures[1].texels]).toEqual([0x3800, 0x3c00]);
  });

  it("uses two components for two channels and marks NaN voxels as no data", () => {
    const data = Float32Array.of(Number.NaN, 10, 5, /* channel 1: */ 3, Number.NaN, 0);
    const packed = packChannels(channelsOf(data, 2), 2, planTexture([3, 1, 1], 1, WIDE));
    const noData = toFloat16Bits(NO_DATA_TEXEL);
    expect(noData).toBe(0xbc00);
    expect(packed.textures[0].components).toBe(2);
    expect([...packed.textures[0].texels]).toEqual([noData, 0x3c00, 0x3c00, noData, 0x3800, 0x0000]);
  });

  it("downsamples before scaling when the plan says so", () => {
    // One channel, 4 columns, max texture size 2 -> blocks of two: means 1 and 6, scale 6.
    const data = Float32Array.of(0, 2, 4, 8);
    const plan = planTexture([4, 1, 1], 1, { max3dTextureSize: 2, maxTexels: 100 });
    const packed = packChannels(() => data, 1, plan);
    expect(packed.dims).toEqual([2, 1, 1]);
    expect(packed.scales[0]).toBe(6);
    expect([...packed.textures[0].texels]).toEqual([toFloat16Bits(1 / 6), 0x3c00]);
  });

  it("refuses data that does not match the plan", () => {
    expect(() => packChannels(() => new Float32Array(5), 2, planTexture([3, 1, 1], 1, WIDE))).toThrow(/channel 0 has 5 values, expected 3 x 1 x 1 = 3/);
  });
});
