import { describe, expect, it } from "vitest";
import { canvasToField, fieldToCanvas, fitMap, pixelToCanvas } from "../../src/viewer/lib/mapFrame.js";

// 20 rows of 0.5 um by 40 columns of 0.25 um: a 10 x 10 um field of anisotropic pixels.
const GRID = { rows: 20, cols: 40, pixelSize: [0.5e-6, 0.25e-6] as const };
const MARGINS = { left: 40, top: 10, right: 60, bottom: 30 };

describe("fitMap", () => {
  it("fits the whole field with one scale on both axes, centred in the free area", () => {
    const frame = fitMap(GRID, 400, 240, MARGINS);
    // Free area 300 x 200 px; a 10 x 10 um field fits at 20 px/um, 200 x 200, 50 px in from the left.
    expect(frame.scale).toBeCloseTo(20, 12);
    expect([frame.left, frame.top, frame.width, frame.height]).toEqual([90, 10, 200, 200]);
  });

  it("puts the centre of pixel (0,0) at field (0,0) and the last pixel's centre at its far corner less half a pixel", () => {
    const frame = fitMap(GRID, 400, 240, MARGINS);
    const [x0, y0] = pixelToCanvas(frame, 0, 0);
    expect(x0).toBeCloseTo(90 + 0.125 * 20, 9);
    expect(y0).toBeCloseTo(10 + 0.25 * 20, 9);
    const [x1, y1] = pixelToCanvas(frame, 39, 19);
    expect(x1).toBeCloseTo(290 - 0.125 * 20, 9);
    expect(y1).toBeCloseTo(210 - 0.25 * 20, 9);
    expect(canvasToField(frame, x0, y0).x).toBeCloseTo(0, 12);
    expect(canvasToField(frame, x1, y1).y).toBeCloseTo(9.5, 12);
  });

  it("converts canvas to field and back exactly", () => {
    const frame = fitMap(GRID, 333, 517, MARGINS);
    for (const [x, y] of [[0, 0], [123.4, 56.7], [333, 517]]) {
      const [cx, cy] = fieldToCanvas(frame, canvasToField(frame, x, y));
      expect(cx).toBeCloseTo(x, 9);
      expect(cy).toBeCloseTo(y, 9);
    }
  });
});
