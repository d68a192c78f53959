import type { FileDescription, ImageSummary } from "../model/describe.js";

/** A length in metres in the unit a person reads it in: nm below 1 um, um up to 1 mm, mm beyond. */
export function formatLength(metres: number): string {
  if (!Number.isFinite(metres)) return String(metres);
  const size = Math.abs(metres);
  if (size === 0) return "0";
  if (size < 1e-6) return `${formatNumber(metres * 1e9)} nm`;
  if (size < 1e-3) return `${formatNumber(metres * 1e6)} um`;
  return `${formatNumber(metres * 1e3)} mm`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e9) return String(value);
  return Number(value.toPrecision(4)).toString();
}

function formatValue(value: number, units: string): string {
  if (units === "m") return formatLength(value);
  return units ? `${formatNumber(value)} ${units}` : formatNumber(value);
}

function imageLine(image: ImageSummary): string {
  // JSON carries an unknown pixel size as null.
  const [dy, dx] = image.pixel_size.map((size) => size ?? NaN);
  const pixel = Number.isFinite(dy) && Number.isFinite(dx) ? `pixel ${formatLength(dy)} x ${formatLength(dx)} (dy x dx)` : "pixel size unknown";
  const what = image.units === "m" ? "heights" : `values${image.units ? "" : " (no unit given)"}`;
  return (
    `  ${image.title}: ${image.rows} x ${image.cols} px, ${pixel}, ` +
    `${what} ${formatValue(image.min, image.units)} .. ${formatValue(image.max, image.units)}, mean ${formatValue(image.mean, image.units)}`
  );
}

/** Details whose values are lengths in metres (FORMATS.md), shown in nm or um. */
const LENGTH_KEY = /(pixel_size|voxel_size|origin|mean_depth|z_top)$/;

/** Longer lists show their first values and their length: a summary, not a dump (--json has all). */
const LIST_SHOWN = 8;

/** One value of a detail; floats lose their binary noise (80.948393, not 80.94839300000001). */
function detailItem(value: unknown): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(Number(value.toPrecision(10))) : String(value);
  if (Array.isArray(value)) return `[${value.length} values]`;
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

function listOf(values: unknown[], item: (value: unknown) => string, separator: string): string {
  const shown = values.slice(0, LIST_SHOWN).map(item).join(separator);
  return values.length > LIST_SHOWN ? `${shown}${separator}... (${values.length} values)` : shown;
}

function detailValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return "-";
  const values = Array.isArray(value) ? value : [value];
  if (LENGTH_KEY.test(key) && values.every((v) => typeof v === "number")) return listOf(values, (v) => formatLength(v as number), " x ");
  return listOf(values, detailItem, ", ");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `key: value` lines; nested objects (and lists of objects) flattened to dotted keys. */
function detailLines(details: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(details).flatMap(([key, value]) => {
    if (value === undefined) return [];
    if (isPlainObject(value)) return detailLines(value, `${prefix}${key}.`);
    if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) {
      return value.flatMap((item, i) => detailLines(item, `${prefix}${key}[${i}].`));
    }
    return [`  ${prefix}${key}: ${detailValue(key, value)}`];
  });
}

/** The human summary `afmsims info` prints: format and validity, one line per image, then the details. */
export function describeText(description: FileDescription): string {
  const lines = [`${description.file}: ${description.format}, ${description.valid ? "valid" : "NOT valid"}`];
  for (const problem of description.problems) lines.push(`  problem: ${problem}`);
  if (description.images.length > 0) lines.push("images:");
  for (const image of description.images) lines.push(imageLine(image));
  const details = detailLines(description.details);
  if (details.length > 0) lines.push("details:", ...details);
  return `${lines.join("\n")}\n`;
}
