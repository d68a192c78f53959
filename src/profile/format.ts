import type { RegionProfile } from "./profile.js";

/**
 * Text forms of a region profile: CSV with a commented header (CLI.md `afmsims profile`) and
 * JSON. Positions are written in nanometres; values in the volume's units.
 */
export interface ProfileContext {
  source: string;
  roi: string;
  pixels: number;
  labels: readonly string[];
  /** Voxel height, metres. */
  dz: number;
  /** What a value means; default mean dead-time-corrected counts per voxel. */
  valueUnits?: string;
}

const COUNTS_UNITS = "mean dead-time-corrected counts per voxel over the region's pixels with data";

export function profileCsv(profile: RegionProfile, context: ProfileContext): string {
  const axisColumn = profile.axis === "depth" ? "depth_nm" : "height_nm";
  const axisMeaning =
    profile.axis === "depth"
      ? "depth_nm = nm below each pixel's own original surface (voxel centres)"
      : "height_nm = nm in the height frame of /surface/before (voxel centres)";
  const lines = [
    `# source: ${oneLine(context.source)}`,
    `# roi: ${oneLine(context.roi)}`,
    `# pixels: ${context.pixels}`,
    `# units: ${axisMeaning}; channels = ${context.valueUnits ?? COUNTS_UNITS}; dz = ${formatNumber(context.dz * 1e9)} nm`,
    [axisColumn, ...context.labels].map(csvField).join(","),
  ];
  const rows = profile.positions.length;
  for (let j = 0; j < rows; j++) {
    const fields = [formatNumber(profile.positions[j] * 1e9)];
    for (let c = 0; c < profile.channels; c++) fields.push(formatNumber(profile.means[c * rows + j]));
    lines.push(fields.join(","));
  }
  return lines.join("\n") + "\n";
}

export function profileJson(profile: RegionProfile, context: ProfileContext): string {
  const rows = profile.positions.length;
  const axisKey = profile.axis === "depth" ? "depth_nm" : "height_nm";
  const channels = Object.fromEntries(
    context.labels.map((label, c) => [label, Array.from(profile.means.subarray(c * rows, (c + 1) * rows), jsonNumber)]),
  );
  return JSON.stringify({
    source: context.source,
    roi: context.roi,
    pixels: context.pixels,
    axis: profile.axis,
    units: { [axisKey]: "nm", channels: context.valueUnits ?? COUNTS_UNITS },
    dz_nm: nanometres(context.dz),
    [axisKey]: Array.from(profile.positions, nanometres),
    pixels_with_data: Array.from(profile.pixelsWithData),
    channels,
  });
}

/** Seven significant digits: beyond float32 voxel precision, without float64 noise. */
function formatNumber(value: number): string {
  return Number.isNaN(value) ? "NaN" : String(Number(value.toPrecision(7)));
}

/**
 * Metres as nanometres to 12 significant digits: the conversion's float64 noise
 * (1.1e-9 m -> 1.0999999999999999 nm) goes, every digit the positions really carry stays.
 */
function nanometres(metres: number): number {
  return Number((metres * 1e9).toPrecision(12));
}

function jsonNumber(value: number): number | null {
  return Number.isNaN(value) ? null : Number(value.toPrecision(7));
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}
