import { describe, expect, it } from "vitest";
import { regionOutline } from "../../src/viewer/app/regionOutline.js";

// Rows 0.5 um apart, columns 0.25 um apart.
const PIXEL_SIZE = [0.5e-6, 0.25e-6] as const;

describe("regionOutline", () => {
  it("turns a rectangle in micrometres into pixel corners, per axis pitch", () => {
    const corners = regionOutline("rect:1,2,3,5", PIXEL_SIZE);
    const expected = [
      [4, 4],
      [12, 4],
      [12, 10],
      [4, 10],
    ];
    corners.forEach(([col, row], i) => {
      expect(col).toBeCloseTo(expected[i][0], 9);
      expect(row).toBeCloseTo(expected[i][1], 9);
    });
  });

  it("keeps px: shapes in pixels", () => {
    expect(regionOutline("px:polygon:0,0,10,0,5,8", PIXEL_SIZE)).toEqual([
      [0, 0],
      [10, 0],
      [5, 8],
    ]);
  });

  it("draws a circle in micrometres as an ellipse in anisotropic pixels", () => {
    const points = regionOutline("circle:5,5,2", PIXEL_SIZE);
    expect(points.length).toBe(64);
    for (const [col, row] of points) {
      // Centre (20, 10) px, radii 8 px along columns and 4 px along rows.
      expect(((col - 20) / 8) ** 2 + ((row - 10) / 4) ** 2).toBeCloseTo(1, 9);
    }
  });

  it("rejects a malformed shape with the CLI's message", () => {
    expect(() => regionOutline("rect:1,2,3", PIXEL_SIZE)).toThrow(/a rectangle needs X0,Y0,X1,Y1/);
  });
});
