import { describe, expect, it } from "vitest";
import { chooseVoxelGrid, medianLayerStep, voxelize } from "../../src/pipeline/voxelize.js";
import { boundaryColumn, boundaryInput, handColumns, handGrid, handInput, randomProfile, worstConservationError } from "./voxelColumns.js";

const nm = 1e-9;

describe("voxelisation reference", () => {
  it("matches hand-computed columns, NaN outside the sputtered column", () => {
    const voxels = voxelize(handInput, handGrid);
    const { nz } = handGrid;
    for (let p = 0; p < handInput.pixels; p++) {
      for (let c = 0; c < 2; c++) {
        const column = Array.from({ length: nz }, (_, i) => voxels[(c * nz + i) * handInput.pixels + p]);
        const expected = handColumns[p].map((v) => (Number.isNaN(v) ? NaN : v * (c === 1 ? 10 : 1)));
        column.forEach((v, i) => (Number.isNaN(expected[i]) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(expected[i], 5)));
      }
    }
  });

  it("ends a column that stops on a voxel boundary exactly there, despite float32 heights", async () => {
    const grid = { zTop: 9.5e-9, dz: 1e-9, nz: 4 };
    const voxels = voxelize(boundaryInput, grid);
    boundaryColumn.forEach((v, i) => (Number.isNaN(v) ? expect(voxels[i]).toBeNaN() : expect(voxels[i]).toBeCloseTo(v, 5)));
  });

  it("conserves every column's counts on a grid chosen from the data", () => {
    const input = randomProfile(9, 7, 40, 3, 11);
    const grid = chooseVoxelGrid(input.surface, input.layerDepth, input.layers);
    const voxels = voxelize(input, grid);
    expect(worstConservationError(voxels, input, grid.nz)).toBeLessThan(1e-5);
  });
});

describe("voxel grid", () => {
  it("takes the median layer step as dz and spans highest surface to deepest bottom", () => {
    // Two pixels, two layers: steps 1, 3 nm and 2, 2 nm; median of {1, 2, 2, 3} (upper) = 2 nm.
    const surface = [10 * nm, 12 * nm];
    const layerDepth = [0, 0, 1 * nm, 2 * nm, 4 * nm, 4 * nm];
    expect(medianLayerStep(layerDepth, 2, 2)).toBeCloseTo(2 * nm, 15);
    const grid = chooseVoxelGrid(surface, layerDepth, 2);
    expect(grid.dz).toBeCloseTo(2 * nm, 15);
    expect(grid.zTop).toBeCloseTo(11 * nm, 15);
    // From 12 nm down to 6 nm: three voxels of 2 nm.
    expect(grid.nz).toBe(3);
  });

  it("honours an explicit dz and refuses a bad one", () => {
    const grid = chooseVoxelGrid([10 * nm], [0, 4 * nm], 1, { dz: 0.5 * nm });
    expect(grid.zTop).toBeCloseTo(9.75 * nm, 15);
    expect(grid.dz).toBe(0.5 * nm);
    expect(grid.nz).toBe(8);
    expect(() => chooseVoxelGrid([10 * nm], [0, 4 * nm], 1, { dz: 0 })).toThrow(/positive length/);
  });
});
