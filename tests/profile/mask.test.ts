import { describe, expect, it } from "vitest";
import { AfmsimsError } from "../../src/errors.js";
import { roiMask } from "../../src/profile/mask.js";
import { parseRoi } from "../../src/profile/roi.js";

// 4 rows x 6 columns; rows 0.2 um apart, columns 0.1 um apart (anisotropic on purpose).
const field = { rows: 4, cols: 6, pixelSize: [0.2e-6, 0.1e-6] as const, source: "out.h5" };

function picture(text: string): string[] {
  const { mask, pixels } = roiMask(parseRoi(text), field);
  const rows = Array.from({ length: field.rows }, (_, r) =>
    Array.from(mask.subarray(r * field.cols, (r + 1) * field.cols), (v) => (v ? "#" : ".")).join(""),
  );
  expect(pixels).toBe(mask.reduce((a, b) => a + b, 0));
  return rows;
}

describe("ROI masks", () => {
  it("takes a circle in micrometres, round in space and so elliptic in anisotropic pixels", () => {
    // Centre (0.3, 0.2) um = column 3, row 1; radius 0.2 um = 2 columns or 1 row.
    expect(picture("circle:0.3,0.2,0.2")).toEqual(["...#..", ".#####", "...#..", "......"]);
  });

  it("takes a circle in pixels with the px: prefix", () => {
    expect(picture("px:circle:0,0,1")).toEqual(["##....", "#.....", "......", "......"]);
  });

  it("includes pixel centres on a rectangle's edges", () => {
    // x 0.1..0.3 um = columns 1..3; y 0.2..0.4 um = rows 1..2.
    expect(picture("rect:0.3,0.4,0.1,0.2")).toEqual(["......", ".###..", ".###..", "......"]);
  });

  it("fills a polygon by the even-odd rule, edges included", () => {
    expect(picture("px:polygon:0,0,4,0,0,3")).toEqual(["#####.", "###...", "##....", "#....."]);
  });

  it("clips a region that hangs over the field's edge", () => {
    expect(picture("px:rect:4,2,10,10")).toEqual(["......", "......", "....##", "....##"]);
  });

  it("refuses a region outside the field, naming the file and the field", () => {
    const outside = () => roiMask(parseRoi("circle:5,5,1"), field);
    expect(outside).toThrow(AfmsimsError);
    expect(outside).toThrow(/^out\.h5: ROI "circle:5,5,1" lies outside the SIMS field \(x -0\.050\.\.0\.550 um, y -0\.100\.\.0\.700 um; 6 x 4 pixels\)$/);
  });

  it("refuses a region that holds no pixel centre", () => {
    expect(() => roiMask(parseRoi("px:circle:0.5,0.5,0.2"), field)).toThrow(/^out\.h5: ROI "px:circle:0\.5,0\.5,0\.2" contains no pixel centre/);
  });
});
