import { describe, expect, it } from "vitest";
import type { VolumeModel } from "../../src/model/types.js";
import { profileJson } from "../../src/profile/format.js";
import { regionProfile } from "../../src/profile/profile.js";
import { profileRegion } from "../../src/profile/region.js";

const nm = 1e-9;

/**
 * One row of pixels, dz = 1 nm, voxel centres at 10, 9, 8, 7, 6 nm. Channel 1 is 100 x channel 0.
 * `columns` holds channel 0 per pixel, voxel 0 first.
 */
function volume(surfaces: number[], columns: number[][]): VolumeModel {
  const cols = surfaces.length;
  const nz = 5;
  const data = new Float32Array(2 * nz * cols);
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < nz; i++) {
      for (let p = 0; p < cols; p++) data[(c * nz + i) * cols + p] = columns[p][i] * (c === 1 ? 100 : 1);
    }
  }
  return {
    source: "out.h5",
    data,
    channels: 2,
    nz,
    rows: 1,
    cols,
    voxelSize: [1 * nm, 0.5e-6, 0.25e-6],
    zTop: 10 * nm,
    labels: ["Na2F+", "C5H13+"],
    surfaceBefore: Float32Array.from(surfaces, (s) => s * nm),
    surfaceAfter: new Float32Array(cols),
    afmToSims: new Float64Array(9),
    drift: new Float64Array(2),
    layers: 1,
    layerDepth: new Float32Array(2 * cols),
  };
}

// Pixel 0's surface is the top of voxel 0, pixel 1's the top of voxel 1: relative to their own
// surfaces, voxel j of pixel 0 and voxel j + 1 of pixel 1 lie at the same depth, (j + 1/2) nm.
const shifted = volume(
  [10.5, 9.5],
  [
    [1, 2, 3, NaN, NaN],
    [NaN, 10, 20, 30, 40],
  ],
);
const both = new Uint8Array([1, 1]);

describe("region profiles", () => {
  it("aligns each column on its own surface for the depth axis", () => {
    const profile = regionProfile(shifted, both, "depth");
    expect(Array.from(profile.positions, (v) => v / nm)).toEqual([0.5, 1.5, 2.5, 3.5].map((v) => expect.closeTo(v, 9)));
    expect(Array.from(profile.means.subarray(0, 4))).toEqual([5.5, 11, 16.5, 40].map((v) => expect.closeTo(v, 5)));
    expect(Array.from(profile.means.subarray(4, 8))).toEqual([550, 1100, 1650, 4000].map((v) => expect.closeTo(v, 3)));
    expect(Array.from(profile.pixelsWithData)).toEqual([2, 2, 2, 1]);
  });

  it("interpolates between voxel centres when a surface falls mid-voxel", () => {
    // Surface at 10 nm: depth 0.5 nm lies halfway between voxels 0 and 1, and so on.
    const profile = regionProfile(volume([10], [[2, 4, 6, NaN, NaN]]), new Uint8Array([1]), "depth");
    expect(Array.from(profile.positions, (v) => v / nm)).toEqual([0.5, 1.5].map((v) => expect.closeTo(v, 9)));
    expect(Array.from(profile.means.subarray(0, 2))).toEqual([3, 5].map((v) => expect.closeTo(v, 5)));
  });

  it("averages absolute voxel rows for the height axis", () => {
    const profile = regionProfile(shifted, both, "height");
    expect(Array.from(profile.positions, (v) => v / nm)).toEqual([10, 9, 8, 7, 6].map((v) => expect.closeTo(v, 9)));
    expect(Array.from(profile.means.subarray(0, 5))).toEqual([1, 6, 11.5, 30, 40].map((v) => expect.closeTo(v, 5)));
  });

  it("uses only the region's pixels", () => {
    const profile = regionProfile(shifted, new Uint8Array([0, 1]), "depth");
    expect(Array.from(profile.means.subarray(0, 4))).toEqual([10, 20, 30, 40].map((v) => expect.closeTo(v, 5)));
  });

  it("writes CSV with the commented header, then depth_nm and one column per label", () => {
    // Pixels 0.25 um apart along x: rect 0..0.25 um holds both pixels.
    const csv = profileRegion(shifted, "rect:0,0,0.25,0").csv();
    expect(csv).toBe(
      [
        "# source: out.h5",
        "# roi: rect:0,0,0.25,0",
        "# pixels: 2",
        "# units: depth_nm = nm below each pixel's own original surface (voxel centres); channels = mean dead-time-corrected counts per voxel over the region's pixels with data; dz = 1 nm",
        "depth_nm,Na2F+,C5H13+",
        "0.5,5.5,550",
        "1.5,11,1100",
        "2.5,16.5,1650",
        "3.5,40,4000",
        "",
      ].join("\n"),
    );
  });

  it("writes the same numbers as JSON, heights when asked", () => {
    const parsed = JSON.parse(profileRegion(shifted, "px:circle:1,0,0.5", "height").json());
    expect(parsed).toMatchObject({ source: "out.h5", roi: "px:circle:1,0,0.5", pixels: 1, axis: "height", dz_nm: 1 });
    expect(parsed.height_nm).toEqual([9, 8, 7, 6].map((v) => expect.closeTo(v, 9)));
    expect(parsed.channels["Na2F+"]).toEqual([10, 20, 30, 40]);
    expect(parsed.channels["C5H13+"]).toEqual([1000, 2000, 3000, 4000]);
  });

  it("writes JSON positions and dz in nanometres without the metre conversion's float noise", () => {
    const profile = { axis: "depth" as const, positions: Float64Array.of(1.1e-9, 2.2e-9, 3.3e-9), means: Float64Array.of(1, 2, 3), pixelsWithData: Int32Array.of(1, 1, 1), channels: 1 };
    expect(1.1e-9 * 1e9).not.toBe(1.1);
    const parsed = JSON.parse(profileJson(profile, { source: "out.h5", roi: "circle:0,0,1", pixels: 1, labels: ["Na2F+"], dz: 1.1e-9 }));
    expect(parsed.depth_nm).toEqual([1.1, 2.2, 3.3]);
    expect(parsed.dz_nm).toBe(1.1);
  });

  it("refuses a region whose pixels hold no data", () => {
    const empty = volume([10], [[NaN, NaN, NaN, NaN, NaN]]);
    expect(() => profileRegion(empty, "px:circle:0,0,1")).toThrow(/^out\.h5: ROI "px:circle:0,0,1" covers 1 pixels, none of which has voxel data$/);
  });
});
