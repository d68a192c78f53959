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
  return units === "m" ? formatLength(value) : `${formatNumber(value)} ${units}`;
}

function imageLine(image: ImageSummary): string {
  const [dy, dx] = image.pixel_size;
  const what = image.units === "m" ? "heights" : "values";
  return (
    `  ${image.title}: ${image.rows} x ${image.cols} px, pixel ${formatLength(dy)} x ${formatLength(dx)} (dy x dx), ` +
    `${what} ${formatValue(image.min, image.units)} .. ${formatValue(image.max, image.units)}, mean ${formatValue(image.mean, image.units)}`
  );
}

/** Details whose values are lengths in metres (FORMATS.md), shown in nm or um. */
const LENGTH_KEY = /(pixel_size|voxel_size|origin|mean_depth|z_top)$/;

/** One value of a detail; floats lose their binary noise (80.948393, not 80.94839300000001). */
function detailItem(value: unknown): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(Number(value.toPrecision(10))) : String(value);
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

function detailValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return "-";
  const values = Array.isArray(value) ? value : [value];
  if (LENGTH_KEY.test(key) && values.every((v) => typeof v === "number")) return values.map(formatLength).join(" x ");
  return values.map(detailItem).join(", ");
}

/** `key: value` lines, nested objects flattened to dotted keys. */
function detailLines(details: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(details).flatMap(([key, value]) =>
    value === undefined
      ? []
      : value !== null && typeof value === "object" && !Array.isArray(value)
      ? detailLines(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`  ${prefix}${key}: ${detailValue(key, value)}`],
  );
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
