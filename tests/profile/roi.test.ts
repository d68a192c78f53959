import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { parseRoi } from "../../src/profile/roi.js";

describe("ROI specs", () => {
  it("reads circles, rectangles and polygons in micrometres or pixels", () => {
    expect(parseRoi("circle:20,20,5")).toEqual({ text: "circle:20,20,5", unit: "um", shape: { kind: "circle", cx: 20, cy: 20, r: 5 } });
    expect(parseRoi("px: rect: 10, 40, 2.5, 8").shape).toEqual({ kind: "rect", x0: 2.5, y0: 8, x1: 10, y1: 40 });
    expect(parseRoi("px:rect:1,2,3,4").unit).toBe("px");
    expect(parseRoi("polygon:0,0,4,0,0,3").shape).toEqual({ kind: "polygon", points: [0, 0, 4, 0, 0, 3] });
    expect(parseRoi("CIRCLE:-1,1e1,0.5").shape).toEqual({ kind: "circle", cx: -1, cy: 10, r: 0.5 });
  });

  it.each([
    ["circle", /expected circle:CX,CY,R/],
    ["blob:1,2,3", /unknown shape "blob"/],
    ["circle:1,2", /a circle needs CX,CY,R \(3 numbers\), got 2/],
    ["circle:1,2,0", /radius must be positive/],
    ["rect:1,2,3", /rectangle needs X0,Y0,X1,Y1 \(4 numbers\), got 3/],
    ["rect:1,2,x,4", /"x" is not a number/],
    ["rect:1,,3,4", /"" is not a number/],
    ["circle:0x10,1,1", /"0x10" is not a number/],
    ["circle:1,0b1,1", /"0b1" is not a number/],
    ["rect:1,2,3,Infinity", /"Infinity" is not a number/],
    ["polygon:0,0,1,1", /at least 3 X,Y vertices/],
    ["polygon:0,0,1,1,2,2,3", /at least 3 X,Y vertices.*got 7/],
  ])("refuses %s with a usage error naming the problem", (text, message) => {
    expect(() => parseRoi(text)).toThrow(UsageError);
    expect(() => parseRoi(text)).toThrow(message);
    expect(() => parseRoi(text)).toThrow(`--roi "${text}"`);
  });
});
