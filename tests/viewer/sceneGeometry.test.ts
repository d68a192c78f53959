import { describe, expect, it } from "vitest";
import { clipToLocal, defaultZExaggeration, sliceToLocal, worldBox, worldXY, worldZ } from "../../src/viewer/app/sceneGeometry.js";

// 100 x 50 pixels of 0.5 um x 0.25 um (rows x cols), 40 layers of 5 nm, top voxel centred at 30 nm.
const EXTENT = { rows: 100, cols: 50, nz: 40, voxelSize: [5e-9, 0.5e-6, 0.25e-6] as const, zTop: 30e-9 };

describe("scene geometry", () => {
  it("sizes the box in micrometres with the depth scaled by the exaggeration", () => {
    const box = worldBox(EXTENT, 10);
    expect(box.size[0]).toBeCloseTo(12.5, 12); // 50 cols x 0.25 um
    expect(box.size[1]).toBeCloseTo(50, 12); // 100 rows x 0.5 um
    expect(box.size[2]).toBeCloseTo(2, 12); // 40 x 5 nm = 0.2 um, x 10
    expect(box.min[0]).toBeCloseTo(-6.25, 12);
    expect(box.min[2]).toBeCloseTo(-2, 12);
  });

  it("puts voxel layer i at height zTop - i dz, inside its slab of the box", () => {
    const exaggeration = 7;
    const box = worldBox(EXTENT, exaggeration);
    for (const layer of [0, 13, 39]) {
      const z = worldZ(EXTENT, EXTENT.zTop - layer * 5e-9, exaggeration);
      // The centre of slab `layer` counted from the top of the box.
      expect(z).toBeCloseTo(box.min[2] + box.size[2] * (1 - (layer + 0.5) / EXTENT.nz), 9);
    }
  });

  it("centres pixels in their cells with row 0 at the back (+y)", () => {
    const box = worldBox(EXTENT, 1);
    const [x0, y0] = worldXY(EXTENT, 0, 0);
    expect(x0).toBeCloseTo(box.min[0] + 0.125, 12);
    expect(y0).toBeCloseTo(box.min[1] + box.size[1] - 0.25, 12);
    const [xLast, yLast] = worldXY(EXTENT, 99, 49);
    expect(xLast).toBeCloseTo(box.min[0] + box.size[0] - 0.125, 12);
    expect(yLast).toBeCloseTo(box.min[1] + 0.25, 12);
  });

  it("picks a round exaggeration that makes the depth about a third of the field", () => {
    // Field 50 um, depth 0.2 um: 0.35 x 50 / 0.2 = 87.5 -> 50.
    expect(defaultZExaggeration(EXTENT)).toBe(50);
    expect(defaultZExaggeration({ ...EXTENT, nz: 4000 })).toBe(1); // already deep enough
  });

  it("turns index-space clip boxes and slices (layer 0 on top) into local box coordinates", () => {
    expect(clipToLocal({ min: [0.1, 0.2, 0.3], max: [0.6, 0.7, 0.8] })).toEqual({ min: [0.1, 1 - 0.7, 1 - 0.8], max: [0.6, 1 - 0.2, 1 - 0.3] });
    expect(sliceToLocal(0, 0.25)).toBe(0.25);
    expect(sliceToLocal(1, 0.25)).toBe(0.75);
    expect(sliceToLocal(2, 0)).toBe(1);
  });
});
