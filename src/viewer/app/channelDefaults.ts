/**
 * Initial channel settings. They follow the reference study's figures (Na2Cl+ in pink over a
 * grey total ion); further channels take Okabe-Ito colours, which stay distinct under the common
 * colour-vision deficiencies.
 */
import { autoWindow, bulkWindow, type DisplayWindow } from "../lib/windowing.js";
import type { ChannelView } from "./viewState.js";

export const TOTAL_ION_LABEL = "Total ion";

const TOTAL_ION_COLOR = "#b4b4b4";
const HIGHLIGHT_COLOR = "#ff4fb8";
const OKABE_ITO = ["#56b4e9", "#e69f00", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"];

/** The channel shown in pink at first: Na2Cl+ when present, otherwise the first ion. */
function highlightChannel(labels: readonly string[]): number {
  const chloride = labels.findIndex((label) => /^na2cl\+?$/i.test(label.trim()));
  if (chloride >= 0) return chloride;
  return labels.findIndex((label) => label !== TOTAL_ION_LABEL);
}

/** The total ion is the grey context under the ions, so it keeps its bulk in view. */
export function defaultWindow(label: string, values: Float32Array): DisplayWindow {
  return label === TOTAL_ION_LABEL ? bulkWindow(values) : autoWindow(values);
}

export function defaultChannelViews(labels: readonly string[], channelValues: (channel: number) => Float32Array): ChannelView[] {
  const highlight = highlightChannel(labels);
  let paletteIndex = 0;
  return labels.map((label, channel) => {
    const window = defaultWindow(label, channelValues(channel));
    const isTotal = label === TOTAL_ION_LABEL;
    const color = isTotal ? TOTAL_ION_COLOR : channel === highlight ? HIGHLIGHT_COLOR : OKABE_ITO[paletteIndex++ % OKABE_ITO.length];
    return {
      visible: isTotal || channel === highlight,
      color,
      windowMin: window.min,
      windowMax: window.max,
      gamma: 1,
      opacity: isTotal ? 0.12 : 0.3,
      isoLevel: window.min + 0.5 * (window.max - window.min),
    };
  });
}
