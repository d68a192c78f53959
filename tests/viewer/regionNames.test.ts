import { describe, expect, it } from "vitest";
import { exportStem } from "../../src/viewer/app/download.js";
import { gestureTarget, IDLE } from "../../src/viewer/app/drawGesture.js";
import { nextRegionName, regionDash } from "../../src/viewer/app/regionStyles.js";

describe("names and styles of drawn regions", () => {
  it("names a new region by the first free number", () => {
    expect(nextRegionName([])).toBe("Region 1");
    expect(nextRegionName(["Region 1", "crystal", "Region 3"])).toBe("Region 2");
  });

  it("names exports after the volume file and the region, in characters safe for any file system", () => {
    expect(exportStem("sample.h5", "Region 1")).toBe("sample-Region_1");
    expect(exportStem("/data/run 7/out.volume.h5", "SEI / bulk?")).toBe("out.volume-SEI_bulk_");
    expect(exportStem("C:\\scans\\x.h5", "3d")).toBe("x-3d");
  });

  it("gives neighbouring regions different dashes", () => {
    expect(regionDash(0)).not.toEqual(regionDash(1));
    expect(regionDash(1)).not.toEqual(regionDash(2));
  });

  it("knows which region a gesture draws or moves", () => {
    expect(gestureTarget(IDLE, 3)).toBeNull();
    expect(gestureTarget({ kind: "dragging", tool: "rect", start: { x: 0, y: 0 }, end: { x: 1, y: 1 } }, 3)).toBe(3);
    expect(gestureTarget({ kind: "moving", index: 1, original: "circle:1,1,1", start: { x: 0, y: 0 }, end: { x: 0, y: 0 } }, 3)).toBe(1);
  });
});
