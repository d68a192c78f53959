import { describe, expect, it } from "vitest";
import { roiMask } from "../../src/profile/mask.js";
import { parseRoi } from "../../src/profile/roi.js";
import { dragShapeText, polygonText, roiAt, shapeText, translateRoiText } from "../../src/viewer/app/roiShapes.js";

// Rows 0.5 um apart, columns 0.25 um apart.
const PIXEL_SIZE = [0.5e-6, 0.25e-6] as const;

describe("shapes from pointer positions", () => {
  it("draws a circle from its centre through the release point, to the nanometre", () => {
    expect(dragShapeText("circle", { x: 2, y: 3 }, { x: 5, y: 7 })).toBe("circle:2,3,5");
    expect(dragShapeText("circle", { x: 1.23456, y: -0.0001 }, { x: 1.23456, y: 2.0003 })).toBe("circle:1.235,0,2");
  });

  it("draws a rectangle corner to corner in any direction", () => {
    expect(dragShapeText("rect", { x: 6.5, y: 1 }, { x: 2, y: 4.25 })).toBe("rect:2,1,6.5,4.25");
  });

  it("draws nothing for a click without a drag", () => {
    expect(dragShapeText("circle", { x: 2, y: 3 }, { x: 2.0001, y: 3 })).toBeNull();
    expect(dragShapeText("rect", { x: 2, y: 3 }, { x: 8, y: 3.0002 })).toBeNull();
  });

  it("closes a polygon without the repeated last click of a double click, and needs three vertices", () => {
    const clicks = [{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 4, y: 3 }, { x: 4, y: 3 }];
    expect(polygonText(clicks)).toBe("polygon:0,0,4,0,4,3");
    expect(polygonText([...clicks, { x: 0, y: 0 }])).toBe("polygon:0,0,4,0,4,3");
    expect(polygonText(clicks.slice(0, 2))).toBeNull();
    expect(polygonText([{ x: 1, y: 1 }, { x: 2, y: 2 }, { x: 2, y: 2 }])).toBeNull();
  });

  it("writes text the CLI parser reads back to the same shape", () => {
    const text = shapeText({ kind: "polygon", points: [0.5, 1.25, 3, -0, 2.0004, 7] });
    expect(text).toBe("polygon:0.5,1.25,3,0,2,7");
    expect(parseRoi(text).shape).toEqual({ kind: "polygon", points: [0.5, 1.25, 3, 0, 2, 7] });
  });
});

describe("translateRoiText", () => {
  it("moves a region given in micrometres by the drag", () => {
    expect(translateRoiText("rect:1,2,3,5", { x: 0.5, y: -1 }, PIXEL_SIZE)).toBe("rect:1.5,1,3.5,4");
    expect(translateRoiText("circle:5,5,2", { x: 1, y: 1 }, PIXEL_SIZE)).toBe("circle:6,6,2");
  });

  it("moves a region given in pixels by the drag converted to pixels, per axis pitch", () => {
    // 1 um is 4 columns and 2 rows.
    expect(translateRoiText("px:polygon:0,0,10,0,5,8", { x: 1, y: 1 }, PIXEL_SIZE)).toBe("px:polygon:4,2,14,2,9,10");
  });
});

describe("roiAt", () => {
  const shapes = ["rect:0,0,5,5", "circle:4,4,2", "px:polygon:30,0,39,0,39,19"];

  it("finds the region under a point, the last drawn first where they overlap", () => {
    expect(roiAt(shapes, { x: 1, y: 1 }, PIXEL_SIZE)).toBe(0);
    expect(roiAt(shapes, { x: 4.5, y: 4.5 }, PIXEL_SIZE)).toBe(1);
    expect(roiAt(shapes, { x: 9, y: 2 }, PIXEL_SIZE)).toBe(2);
    expect(roiAt(shapes, { x: 8, y: 8 }, PIXEL_SIZE)).toBeNull();
    expect(roiAt(["rect:1,2", ...shapes], { x: 1, y: 1 }, PIXEL_SIZE)).toBe(1);
  });

  it("agrees with the profile mask on every pixel centre", () => {
    const field = { rows: 20, cols: 40, pixelSize: PIXEL_SIZE, source: "test" };
    for (const shape of ["circle:4.3,2.7,2.1", "polygon:0.1,0.2,8,1,3,9.3", "px:rect:3,4,17.5,12"]) {
      const { mask } = roiMask(parseRoi(shape), field);
      for (let row = 0; row < field.rows; row++) {
        for (let col = 0; col < field.cols; col++) {
          const hit = roiAt([shape], { x: col * 0.25, y: row * 0.5 }, PIXEL_SIZE);
          expect(hit === 0, `${shape} at (${col}, ${row})`).toBe(mask[row * field.cols + col] === 1);
        }
      }
    }
  });
});
