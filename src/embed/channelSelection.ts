/** The `channels` attribute: which channels show at first, by label. */
import type { ViewState } from "../viewer/app/viewState.js";

/** Parses `"Na2F+,Na2Cl+"`; an absent or blank attribute selects nothing (the viewer's defaults stay). */
export function parseChannelList(attribute: string | null): string[] {
  return (attribute ?? "").split(",").map((label) => label.trim()).filter((label) => label !== "");
}

/**
 * Shows exactly the listed channels among `labels` and hides the others. When no listed label
 * matches, the state is returned unchanged: a typo must not leave an empty view.
 */
export function showOnlyChannels(state: ViewState, labels: readonly string[], wanted: readonly string[]): ViewState {
  if (wanted.length === 0 || !labels.some((label) => wanted.includes(label))) return state;
  return { ...state, channels: state.channels.map((channel, index) => ({ ...channel, visible: wanted.includes(labels[index] ?? "") })) };
}
