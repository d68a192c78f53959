import { describe, expect, it } from "vitest";
import { decodeViewState, encodeViewState } from "../../src/viewer/app/hashState.js";
import { dragShapeText, polygonText, translateRoiText } from "../../src/viewer/app/roiShapes.js";
import { FULL_CLIP, type ViewState } from "../../src/viewer/app/viewState.js";

const BASE: ViewState = {
  scene: { mode: "composite", zExaggeration: 50, clip: FULL_CLIP, slices: [null, null, null], surface: "after" },
  channels: [
    { visible: true, color: "#ff4fb8", windowMin: 0, windowMax: 74, gamma: 1, opacity: 0.3, isoLevel: 37 },
    { visible: false, color: "#56b4e9", windowMin: 1, windowMax: 45, gamma: 1, opacity: 0.3, isoLevel: 23 },
  ],
  camera: null,
  rois: [],
};

const EDITED: ViewState = {
  scene: {
    mode: "iso",
    zExaggeration: 123.5,
    clip: { min: [0.1, 0.25, 0], max: [0.9, 1, 0.333333333333] },
    slices: [0.5, null, 0.125],
    surface: "both",
  },
  channels: [
    { visible: false, color: "#00aa11", windowMin: 2.5e-7, windowMax: 1234.5678, gamma: 0.45, opacity: 1, isoLevel: 600.25 },
    { visible: true, color: "#56b4e9", windowMin: -3, windowMax: 45, gamma: 2.2, opacity: 0, isoLevel: 1e21 },
  ],
  camera: { position: [-12.345, -40.001, 17], target: [0, 0.5, -6.125] },
  rois: [
    { name: "crystal A", shape: "circle:12.5,8,3.25" },
    { name: "odd, name; & = % #", shape: "px:rect:0,0,127,127" },
    { name: "", shape: "polygon:1,1,5,1,3,4.5" },
  ],
};

describe("view state in the URL hash", () => {
  it("round-trips an edited state exactly", () => {
    const hash = encodeViewState(EDITED);
    expect(hash.startsWith("#")).toBe(true);
    expect(decodeViewState(hash, BASE)).toEqual(EDITED);
  });

  it("round-trips the defaults (no camera, no regions)", () => {
    const hash = encodeViewState(BASE);
    expect(hash).not.toMatch(/cam=|roi=/);
    expect(decodeViewState(hash, EDITED)).toEqual({ ...BASE, camera: EDITED.camera, rois: EDITED.rois });
  });

  it("keeps the hash to URL-safe characters", () => {
    expect(encodeViewState(EDITED)).toMatch(/^#[A-Za-z0-9=&,;.\-_%+~*'()!]*$/);
  });

  it("keeps the base value of every missing or malformed field", () => {
    const hash = "#m=volume&zx=-3&clip=0,0,0,1,1&sl=0.5,2,-&srf=sideways&cam=1,2,3&roi=a,rect%3A1%2C2%2C3";
    expect(decodeViewState(hash, BASE)).toEqual(BASE);
    expect(decodeViewState("", BASE)).toEqual(BASE);
    expect(decodeViewState("#garbage&&=&x", BASE)).toEqual(BASE);
  });

  it("rejects an inverted clip box and a malformed channel, keeping the others", () => {
    const hash = "#clip=0.5,0,0,0.4,1,1&ch=1,zzzzzz,0,1,1,1,1;1,123456,0,10,1,0.5,5";
    const decoded = decodeViewState(hash, BASE);
    expect(decoded.scene.clip).toEqual(FULL_CLIP);
    expect(decoded.channels[0]).toEqual(BASE.channels[0]);
    expect(decoded.channels[1]).toEqual({ visible: true, color: "#123456", windowMin: 0, windowMax: 10, gamma: 1, opacity: 0.5, isoLevel: 5 });
  });

  it("applies channel entries by position and ignores ones beyond the data's channels", () => {
    const three = encodeViewState({ ...EDITED, channels: [...EDITED.channels, EDITED.channels[0]] });
    expect(decodeViewState(three, BASE).channels).toEqual(EDITED.channels);
    const one = encodeViewState({ ...EDITED, channels: [EDITED.channels[1]] });
    expect(decodeViewState(one, BASE).channels).toEqual([EDITED.channels[1], BASE.channels[1]]);
  });
});

describe("regions in the URL hash", () => {
  it("keeps shapes in the CLI's --roi syntax and drops the list if one shape is not valid", () => {
    const valid = encodeViewState({ ...BASE, rois: [{ name: "a", shape: "rect:1,2,3,4" }] });
    expect(valid).toContain("roi=a,rect%3A1%2C2%2C3%2C4");
    expect(decodeViewState(valid, BASE).rois).toEqual([{ name: "a", shape: "rect:1,2,3,4" }]);
    const invalid = encodeViewState({ ...BASE, rois: [{ name: "a", shape: "rect:1,2,3,4" }, { name: "b", shape: "square:1,2" }] });
    expect(decodeViewState(invalid, BASE).rois).toEqual([]);
  });

  it("round-trips regions drawn on the map, negative and fractional coordinates included", () => {
    const rois = [
      { name: "Region 1", shape: dragShapeText("circle", { x: -1.2345, y: 0.5 }, { x: 3, y: 2.75 })! },
      { name: "Region 2", shape: dragShapeText("rect", { x: 30.0004, y: 12 }, { x: -0.6, y: 0.001 })! },
      { name: "Region 3", shape: polygonText([{ x: 0.1, y: 0.2 }, { x: 8.25, y: -1 }, { x: 4, y: 9.999 }])! },
      { name: "Region 4", shape: translateRoiText("px:circle:10,10,4", { x: -0.5, y: 0.25 }, [0.5e-6, 0.25e-6]) },
    ];
    expect(rois.map((roi) => roi.shape)).toEqual([
      "circle:-1.234,0.5,4.795",
      "rect:-0.6,0.001,30,12",
      "polygon:0.1,0.2,8.25,-1,4,9.999",
      "px:circle:8,10.5,4",
    ]);
    expect(decodeViewState(encodeViewState({ ...BASE, rois }), BASE).rois).toEqual(rois);
  });
});
