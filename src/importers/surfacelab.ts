import { fileError } from "../errors.js";
import { parseNumber, plural, textLines } from "./textTable.js";

/** The leading columns of every SurfaceLab depth-profile data row, before the intensities. */
const LEADING_COLUMNS = ["Data Point #", "Sputter Time (s)", "Dose (ions)", "Fluence (ions/cm^2)"];

export interface ProfileIon {
  label: string;
  /** m/z, NaN where the export says N/A (the total and ratio columns). */
  mass: number;
}

/** A 1-D depth profile: one value per data point and ion, already dead-time corrected. */
export interface DepthProfile {
  format: "surfacelab-profile";
  ions: ProfileIon[];
  points: number;
  dataPoint: Float64Array;
  /** Seconds. */
  sputterTime: Float64Array;
  /** Ions. */
  dose: Float64Array;
  /** Ions per cm². */
  fluence: Float64Array;
  /** One column per ion, `points` long, in `ions` order. */
  intensities: Float64Array[];
  deadTimeCorrected: true;
  /** Comment lines that are not the ion, mass or column rows (e.g. the smoothing note). */
  notes: string[];
}

/** True when the text has SurfaceLab's depth-profile column row. */
export function isSurfaceLabProfile(text: string): boolean {
  return /^#Data Point #\tSputter Time \(s\)\t/m.test(text.slice(0, 1 << 16));
}

/** Tab-separated fields without the trailing empty field SurfaceLab leaves after the last tab. */
function fields(line: string): string[] {
  const parts = line.split("\t");
  while (parts.length > 0 && parts[parts.length - 1].trim() === "") parts.pop();
  return parts;
}

/**
 * SurfaceLab depth-profile ASCII export: `#` rows with the ion names and their m/z (the four
 * leading columns left empty), a `#Data Point #` column row, then tab-separated data rows.
 */
export function readSurfaceLabProfile(file: string, text: string): DepthProfile {
  const lines = textLines(text);
  const columnRow = lines.findIndex((line) => line.startsWith("#Data Point #\t"));
  if (columnRow < 0) throw fileError(file, 'not a SurfaceLab depth profile (no "#Data Point #" column row)');
  const columnNames = fields(lines[columnRow].slice(1));
  LEADING_COLUMNS.forEach((name, i) => {
    if (columnNames[i] !== name) throw fileError(file, `line ${columnRow + 1}: column ${i + 1} is "${columnNames[i]}", expected "${name}"`);
  });
  const ionRows = lines.slice(0, columnRow).flatMap((line, index) => (/^#\t\t\t\t/.test(line) ? [{ index, parts: fields(line.slice(1)) }] : []));
  if (ionRows.length < 2) throw fileError(file, `the ${columnRow} comment lines before the column row lack the ion-name and m/z rows`);
  const [names, masses] = ionRows;
  const ionCount = columnNames.length - LEADING_COLUMNS.length;
  if (names.parts.length - 4 !== ionCount || masses.parts.length - 4 !== ionCount) {
    throw fileError(
      file,
      `line ${names.index + 1}: ${names.parts.length - 4} ion names and ${masses.parts.length - 4} masses (line ${masses.index + 1}) for ${ionCount} intensity columns`,
    );
  }
  const ions: ProfileIon[] = names.parts.slice(4).map((label, i) => {
    const massText = masses.parts[4 + i].trim();
    const mass = massText === "N/A" ? NaN : Number(massText);
    if (massText !== "N/A" && !Number.isFinite(mass)) throw fileError(file, `line ${masses.index + 1}: m/z "${massText}" of ${label} is not a number`);
    return { label: label.trim(), mass };
  });

  const dataLines: { index: number; parts: string[] }[] = [];
  for (let index = columnRow + 1; index < lines.length; index++) {
    if (lines[index].trim() === "" || lines[index].startsWith("#")) continue;
    dataLines.push({ index, parts: fields(lines[index]) });
  }
  if (dataLines.length === 0) throw fileError(file, "has no data rows after the column row");
  const points = dataLines.length;
  const leading = LEADING_COLUMNS.map(() => new Float64Array(points));
  const intensities = ions.map(() => new Float64Array(points));
  dataLines.forEach(({ index, parts }, row) => {
    if (parts.length !== columnNames.length) {
      throw fileError(file, `line ${index + 1}: ${plural(parts.length, "value")}, the column row has ${columnNames.length}`);
    }
    parts.forEach((part, column) => {
      const value = parseNumber(part.trim());
      if (Number.isNaN(value) && part.trim().toLowerCase() !== "nan") {
        throw fileError(file, `line ${index + 1}, column ${column + 1}: "${part.slice(0, 40)}" is not a number`);
      }
      if (column < LEADING_COLUMNS.length) leading[column][row] = value;
      else intensities[column - LEADING_COLUMNS.length][row] = value;
    });
  });
  const notes = lines
    .slice(0, columnRow)
    .filter((line, index) => line.startsWith("#") && index !== names.index && index !== masses.index)
    .map((line) => line.slice(1).trim())
    .filter((line) => line !== "");
  const [dataPoint, sputterTime, dose, fluence] = leading;
  return { format: "surfacelab-profile", ions, points, dataPoint, sputterTime, dose, fluence, intensities, deadTimeCorrected: true, notes };
}

/** The profile as plain JSON for `info --json` (non-finite intensities become null). */
export function profileJson(profile: DepthProfile): Record<string, unknown> {
  const list = (values: Float64Array) => Array.from(values, (v) => (Number.isFinite(v) ? v : null));
  return {
    points: profile.points,
    dead_time_corrected: profile.deadTimeCorrected,
    ions: profile.ions.map((ion) => ion.label),
    masses: profile.ions.map((ion) => (Number.isFinite(ion.mass) ? ion.mass : null)),
    data_point: list(profile.dataPoint),
    sputter_time_s: list(profile.sputterTime),
    dose_ions: list(profile.dose),
    fluence_ions_per_cm2: list(profile.fluence),
    intensities: profile.intensities.map(list),
    notes: profile.notes,
  };
}
