import { describe, expect, it } from "vitest";
import { parseChannelList, showOnlyChannels } from "../../src/embed/channelSelection.js";
import type { ChannelView, ViewState } from "../../src/viewer/app/viewState.js";
import { FULL_CLIP } from "../../src/viewer/app/viewState.js";

const channel = (visible: boolean): ChannelView => ({ visible, color: "#ffffff", windowMin: 0, windowMax: 1, gamma: 1, opacity: 1, isoLevel: 0.5 });
const state: ViewState = {
  scene: { mode: "mip", zExaggeration: 1, clip: FULL_CLIP, slices: [null, null, null], surface: "none" },
  channels: [channel(true), channel(false), channel(true)],
  camera: null,
  rois: [],
};
const labels = ["Na2F+", "Na2Cl+", "Total ion"];

describe("the channels attribute", () => {
  it("splits on commas and drops blanks and surrounding spaces", () => {
    expect(parseChannelList(" Na2F+ , Na2Cl+,,")).toEqual(["Na2F+", "Na2Cl+"]);
    expect(parseChannelList(null)).toEqual([]);
  });

  it("shows exactly the listed channels, ignoring unknown labels", () => {
    expect(showOnlyChannels(state, labels, ["Na2Cl+", "K+"]).channels.map((c) => c.visible)).toEqual([false, true, false]);
  });

  it("keeps the defaults when nothing is listed or no label matches", () => {
    expect(showOnlyChannels(state, labels, [])).toBe(state);
    expect(showOnlyChannels(state, labels, ["K+"])).toBe(state);
  });
});
