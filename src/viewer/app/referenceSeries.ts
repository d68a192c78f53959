/**
 * Maps a SurfaceLab reference profile onto the series of the ROI profile chart: each ion that
 * matches a volume channel becomes a line over depth, tagged with that channel, so the chart can
 * draw it in the channel's colour and on its axis.
 */
import type { DepthProfile, ProfileIon } from "../../importers/surfacelab.js";
import { TOTAL_ION_LABEL } from "./channelDefaults.js";

/** Largest m/z difference at which a `m/z 22.99`-style channel label and an ion are the same peak. */
export const MASS_TOLERANCE = 0.05;

export interface ReferenceSeries {
  /** The ion as the export names it, e.g. "Na_2F+". */
  ion: string;
  /** Index into the channel labels of the matching channel. */
  channel: number;
  /** Depth, nanometres. */
  x: Float64Array;
  /** Intensities as exported (dead-time corrected counts). */
  y: Float64Array;
}

/**
 * An ion or channel label with SurfaceLab's sub- and superscript marks and blanks removed:
 * "Na_2F+" and "Na2F+" are the same ion, as are "^13CH_5N_2+" and "13CH5N2+". Case is kept
 * (CO+ is not Co+).
 */
export function normaliseIonLabel(label: string): string {
  return label.replace(/[\s_^]/g, "");
}

/** The m/z of a channel labelled like "m/z 22.99" (as `afmsims import` names BIF6 channels), or NaN. */
function labelMass(label: string): number {
  const match = /^m\/z\s*([0-9.]+)$/i.exec(label.trim());
  return match ? Number(match[1]) : NaN;
}

/** The channel an ion matches: by name first, then by mass for channels named by m/z; null if none. */
export function matchChannel(ion: ProfileIon, channelLabels: readonly string[]): number | null {
  const name = normaliseIonLabel(ion.label);
  const byName = channelLabels.findIndex((label) => normaliseIonLabel(label) === name);
  if (byName >= 0) return byName;
  if (name.toLowerCase() === "total") {
    const total = channelLabels.indexOf(TOTAL_ION_LABEL);
    if (total >= 0) return total;
  }
  if (!Number.isFinite(ion.mass)) return null;
  let best: number | null = null;
  channelLabels.forEach((label, index) => {
    const difference = Math.abs(labelMass(label) - ion.mass);
    if (difference <= MASS_TOLERANCE && (best === null || difference < Math.abs(labelMass(channelLabels[best]) - ion.mass))) best = index;
  });
  return best;
}

/** The ions that match a channel, over depth at `sputterRate` metres per second of sputter time. */
export function referenceSeries(profile: DepthProfile, channelLabels: readonly string[], sputterRate: number): ReferenceSeries[] {
  const x = profile.sputterTime.map((seconds) => seconds * sputterRate * 1e9);
  const series: ReferenceSeries[] = [];
  profile.ions.forEach((ion, i) => {
    const channel = matchChannel(ion, channelLabels);
    if (channel !== null) series.push({ ion: ion.label, channel, x, y: profile.intensities[i] });
  });
  return series;
}

/** Mean depth of the last layer boundary over the pixels that have one, metres: how deep the profile sputtered. */
export function sputteredDepth(layerDepth: Float32Array, layers: number, pixels: number): number {
  let sum = 0;
  let count = 0;
  for (let i = layers * pixels; i < (layers + 1) * pixels; i++) {
    if (Number.isFinite(layerDepth[i])) {
      sum += layerDepth[i];
      count++;
    }
  }
  return count > 0 ? sum / count : NaN;
}

/**
 * The sputter rate (m/s) that stretches a profile's sputter time over `depth`: right for the
 * SurfaceLab export of the measurement the volume was reconstructed from, which sputtered as
 * deep in that time. Undefined when either span is empty.
 */
export function stretchedRate(profile: DepthProfile, depth: number): number | undefined {
  const duration = profile.sputterTime[profile.points - 1] - profile.sputterTime[0];
  return duration > 0 && depth > 0 ? depth / duration : undefined;
}

/**
 * A profile over depth (nm) averaged into the volume's depth bins of `dz` metres, placed at the
 * bins' centres exactly as `afmsims profile` places a region's rows ((k + 0.5) dz), so a
 * reference and a region share the chart's x values instead of interleaving. Bins no sample
 * falls in are left out; non-finite samples are skipped.
 */
export function binOntoVoxelDepths(depthNm: Float64Array, values: Float64Array, dz: number): { x: Float64Array; y: Float64Array } {
  const sums = new Map<number, { sum: number; count: number }>();
  for (let i = 0; i < depthNm.length; i++) {
    if (!Number.isFinite(depthNm[i]) || !Number.isFinite(values[i]) || depthNm[i] < 0) continue;
    const bin = Math.floor((depthNm[i] * 1e-9) / dz);
    const entry = sums.get(bin) ?? { sum: 0, count: 0 };
    entry.sum += values[i];
    entry.count++;
    sums.set(bin, entry);
  }
  const bins = [...sums.keys()].sort((a, b) => a - b);
  return {
    x: Float64Array.from(bins, (k) => (k + 0.5) * dz * 1e9),
    y: Float64Array.from(bins, (k) => sums.get(k)!.sum / sums.get(k)!.count),
  };
}
