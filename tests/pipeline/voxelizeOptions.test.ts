import { describe, expect, it } from "vitest";
import { binCounts, binHeights, binnedGrid } from "../../src/pipeline/binning.js";
import { ticNormalisedBand, totalIonCounts } from "../../src/pipeline/tic.js";

const nm = 1e-9;

describe("lateral binning", () => {
  // One plane, 3 x 3: with factor 2 the blocks are {1,2,4,5}, {3,6}, {7,8}, {9}.
  const plane = [1, 2, 3, 4, 5, 6, 7, 8, 9];

  it("sums counts over 2x2 blocks, keeping the partial edge blocks so nothing is lost", () => {
    const binned = binCounts([...plane, ...plane.map((v) => 10 * v)], 2, 3, 3, 2);
    expect(Array.from(binned)).toEqual([12, 9, 15, 9, 120, 90, 150, 90]);
    expect(binned.reduce((a, b) => a + b, 0)).toBe(45 * 11);
  });

  it("averages heights over the same blocks, skipping NaN", () => {
    expect(Array.from(binHeights([1, 2, 3, 4, 5, 6, 7, NaN, 9], 1, 3, 3, 2))).toEqual([3, 4.5, 7, 9]);
    expect(Array.from(binHeights([NaN, NaN], 1, 1, 2, 2))[0]).toBeNaN();
  });

  it("doubles the pixel size and moves the origin by half an original pixel", () => {
    expect(binnedGrid(3, 5, [0.2e-6, 0.1e-6], 2)).toEqual({
      rows: 2,
      cols: 3,
      pixelSize: [0.4e-6, 0.2e-6],
      originShift: [0.1e-6, 0.05e-6],
    });
    expect(() => binnedGrid(3, 3, [1, 1], 1.5)).toThrow(/positive integer/);
  });
});

describe("TIC normalisation", () => {
  // One pixel, surface 10 nm, voxels 1 nm from 9..10 nm down; two layers of 1 nm and 2 nm.
  const input = {
    surface: Float32Array.of(10 * nm),
    layerDepth: Float32Array.of(0, 1 * nm, 3 * nm),
    // layer 0: channels 2, 6; layer 1: channels 3, 1.
    counts: Float32Array.of(2, 6, 3, 1),
    pixels: 1,
    layers: 2,
    channels: 2,
  };
  const grid = { zTop: 9.5 * nm, dz: 1 * nm, nz: 4 };
  const wholeProfile = { from: 0, to: input.pixels };

  it("divides each channel by the layer's total where one layer fills the voxel", () => {
    const total = Float32Array.of(10, 5);
    const voxels = ticNormalisedBand(input, grid, wholeProfile, totalIonCounts(input, total));
    // voxel 0 = layer 0 (2/10, 6/10); voxels 1, 2 = layer 1 (3/5, 1/5); voxel 3 below the crater.
    expect(Array.from(voxels.subarray(0, 3))).toEqual([0.2, 0.6, 0.6].map((v) => expect.closeTo(v, 6)));
    expect(voxels[3]).toBeNaN();
    expect(Array.from(voxels.subarray(4, 7))).toEqual([0.6, 0.2, 0.2].map((v) => expect.closeTo(v, 6)));
  });

  it("takes the sum of the channels as the total when the file has none", () => {
    expect(Array.from(totalIonCounts(input))).toEqual([8, 4]);
    const voxels = ticNormalisedBand(input, grid, wholeProfile, totalIonCounts(input));
    expect(voxels[0] + voxels[4]).toBeCloseTo(1, 6);
  });

  it("weights the layers' ratios by their totals where layers share a voxel", () => {
    // Shift the grid half a voxel: voxel 0 spans 9.5..10.5 nm (layer 0's top half), voxel 1
    // spans 8.5..9.5 nm: half of layer 0 (1 of 2 counts, total 5) and a quarter of layer 1
    // (0.75 counts, total 1.25): (1 + 0.75) / (5 + 1.25) = 0.28.
    const voxels = ticNormalisedBand(input, { zTop: 10 * nm, dz: 1 * nm, nz: 5 }, wholeProfile, Float32Array.of(10, 5));
    expect(voxels[0]).toBeCloseTo(0.2, 6);
    expect(voxels[1]).toBeCloseTo(0.28, 6);
  });

  it("gives NaN where the total is zero", () => {
    const voxels = ticNormalisedBand(input, grid, wholeProfile, Float32Array.of(0, 5));
    expect(voxels[0]).toBeNaN();
  });
});
