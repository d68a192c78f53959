import { describe, expect, it } from "vitest";
import { loadRawKernels } from "../../src/kernels/loader.js";
import { ticNormalisedBand, totalIonCounts } from "../../src/pipeline/tic.js";
import { chooseVoxelGrid, voxelBandRows, voxelize, voxelizeBand, type PixelRange } from "../../src/pipeline/voxelize.js";
import type { VoxelizeKernel } from "../../src/pipeline/voxelizeWasm.js";
import { randomProfile, worstConservationError } from "./voxelColumns.js";

const [rows, cols, layers, channels] = [29, 37, 40, 3];
const input = randomProfile(rows, cols, layers, channels, 11);
input.layerDepth[layers * input.pixels + 200] = NaN;
const grid = chooseVoxelGrid(input.surface, input.layerDepth, layers, { dz: 0.8e-9 });
const planeVoxels = grid.nz * input.pixels;

/**
 * Voxels `[channels, nz, pixels]` put together from bands of `bandRows` rows, each made by
 * `voxelizeBandInto` into one reused array, as the reconstruction does.
 */
function fromBands(bandRows: number, voxelizeBandInto: (band: PixelRange, out: Float32Array) => Float32Array): Float32Array {
  const whole = new Float32Array(channels * planeVoxels);
  const reused = new Float32Array(channels * grid.nz * bandRows * cols);
  for (let rowFrom = 0; rowFrom < rows; rowFrom += bandRows) {
    const band = { from: rowFrom * cols, to: Math.min(rows, rowFrom + bandRows) * cols };
    const size = band.to - band.from;
    const voxels = voxelizeBandInto(band, reused.subarray(0, channels * grid.nz * size));
    for (let c = 0; c < channels; c++) {
      for (let z = 0; z < grid.nz; z++) {
        whole.set(voxels.subarray((c * grid.nz + z) * size, (c * grid.nz + z + 1) * size), c * planeVoxels + z * input.pixels + band.from);
      }
    }
  }
  return whole;
}

function worstRelativeDifference(actual: Float32Array, expected: Float32Array): { worst: number; nanMismatches: number } {
  let worst = 0;
  let nanMismatches = 0;
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(actual[i]!) !== Number.isNaN(expected[i]!)) nanMismatches++;
    else if (!Number.isNaN(expected[i]!)) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), 1));
  }
  return { worst, nanMismatches };
}

describe.each(["simd", "scalar"] as const)("every channel of a band of rows at a time (%s kernel)", (build) => {
  it("gives the whole profile's voxels bit for bit, whatever the bands and parts", async () => {
    const kernel = (await loadRawKernels(build)) as unknown as VoxelizeKernel;
    const whole = voxelize(input, grid, kernel);
    // 3 rows of 37 pixels: bands start at odd pixels, off the kernel's pairs and blocks of 64.
    for (const bandRows of [3, 8, rows]) {
      const banded = fromBands(bandRows, (band, out) => voxelizeBand(input, grid, band, kernel, out));
      expect(Buffer.from(banded.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
    }
    // A band done in two parts (two threads' shares), the first ending mid-row.
    const inParts = fromBands(5, (band, out) => {
      const middle = band.from + 64;
      voxelizeBand(input, grid, band, kernel, out, { from: band.from, to: middle });
      return voxelizeBand(input, grid, band, kernel, out, { from: middle, to: band.to });
    });
    expect(Buffer.from(inParts.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
  });

  it("agrees with the reference's bands to 1e-5 and keeps each column's counts to 1e-4", async () => {
    const kernel = (await loadRawKernels(build)) as unknown as VoxelizeKernel;
    const viaKernel = fromBands(4, (band, out) => voxelizeBand(input, grid, band, kernel, out));
    const viaReference = fromBands(4, (band, out) => voxelizeBand(input, grid, band, undefined, out));
    const { worst, nanMismatches } = worstRelativeDifference(viaKernel, viaReference);
    expect(nanMismatches).toBe(0);
    expect(worst).toBeLessThan(1e-5);
    expect(worstConservationError(viaKernel, input, grid.nz)).toBeLessThan(1e-4);
    for (let c = 0; c < channels; c++) {
      for (let z = 0; z < grid.nz; z++) expect(viaKernel[c * planeVoxels + z * input.pixels + 200]).toBeNaN();
    }
  });
});

describe("bands of rows", () => {
  it("give the whole profile's reference voxels bit for bit", () => {
    const whole = voxelize(input, grid);
    const banded = fromBands(7, (band, out) => voxelizeBand(input, grid, band, undefined, out));
    expect(Buffer.from(banded.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
  });

  it("give the whole profile's TIC-normalised voxels bit for bit", () => {
    const totals = totalIonCounts(input);
    const wholeProfile = { from: 0, to: input.pixels };
    const whole = ticNormalisedBand(input, grid, wholeProfile, totals);
    const banded = fromBands(6, (band, out) => {
      out.set(ticNormalisedBand(input, grid, band, totals));
      return out;
    });
    expect(Buffer.from(banded.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
  });

  it("hold as many rows as fit the byte budget, preferring bands of equal height", () => {
    // The paper preset: 4 channels of 152 z-planes of 512 pixels, 1.19 MiB a row, so 53 rows fit
    // 64 MiB; 32 rows split 512 into equal bands.
    expect(voxelBandRows(512, 512, 4, 152, 64 * 2 ** 20)).toBe(32);
    // 509 rows (a prime) in 10 bands of at most 53 rows: 51 rows each, the last 50.
    expect(voxelBandRows(509, 512, 4, 152, 64 * 2 ** 20)).toBe(51);
    expect(voxelBandRows(512, 512, 4, 152, 2 ** 40)).toBe(512);
    expect(voxelBandRows(512, 512, 4, 152, 1)).toBe(1);
  });
});
