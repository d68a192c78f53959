import { describe, expect, it } from "vitest";
import { channelMap, colourAt, mapRgba } from "../../src/viewer/lib/mapImage.js";

// A channel of 3 layers over 2 x 2 pixels, [nz, rows, cols]; pixel 3 has data in no layer.
const N = Number.NaN;
const CHANNEL = Float32Array.from([
  1, 2, 3, N,
  10, N, 30, N,
  100, 200, N, N,
]);

describe("channelMap", () => {
  it("takes one voxel layer as it is, NaN included", () => {
    expect(Array.from(channelMap(CHANNEL, 3, 4, 1))).toEqual([10, N, 30, N]);
  });

  it("sums each column over the layers with data, NaN where there is none", () => {
    expect(Array.from(channelMap(CHANNEL, 3, 4, "sum"))).toEqual([111, 202, 33, N]);
  });

  it("refuses a layer outside the volume", () => {
    expect(() => channelMap(CHANNEL, 3, 4, 3)).toThrow(RangeError);
    expect(() => channelMap(CHANNEL, 4, 4, 0)).toThrow(/12 voxels/);
  });
});

describe("mapRgba", () => {
  it("maps the ends of the range to the ends of viridis and leaves NaN transparent", () => {
    const rgba = mapRgba([0, 10, N, 5, -3, 20], [0, 10]);
    expect(Array.from(rgba.subarray(0, 4))).toEqual([0x44, 0x01, 0x54, 255]);
    expect(Array.from(rgba.subarray(4, 8))).toEqual([0xfd, 0xe7, 0x25, 255]);
    expect(Array.from(rgba.subarray(8, 12))).toEqual([0, 0, 0, 0]);
    // The middle of the range is viridis' middle stop; values outside clamp to the ends.
    expect(Array.from(rgba.subarray(12, 16))).toEqual([0x21, 0x91, 0x8c, 255]);
    expect(Array.from(rgba.subarray(16, 20))).toEqual([0x44, 0x01, 0x54, 255]);
    expect(Array.from(rgba.subarray(20, 24))).toEqual([0xfd, 0xe7, 0x25, 255]);
  });

  it("interpolates between stops and gets lighter all the way up", () => {
    // Halfway between the first two stops #440154 and #472d7b.
    expect(colourAt(1 / 16)).toEqual([Math.round(0x44 + 1.5), Math.round(0x01 + 22), Math.round(0x54 + 19.5)]);
    const luminance = ([r, g, b]: number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
    for (let k = 1; k <= 20; k++) expect(luminance(colourAt(k / 20))).toBeGreaterThan(luminance(colourAt((k - 1) / 20)));
  });
});
