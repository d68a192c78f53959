import { fileError } from "../errors.js";
import type { PixelSize } from "../model/types.js";
import { parseNumberTable, type TextTable } from "./textTable.js";
import type { HeaderFields, ImportedImages } from "./types.js";
import { metresPer, parseUnit } from "./units.js";

/** Relative tolerance when checking that XYZ points lie on a regular grid. */
const GRID_TOLERANCE = 1e-6;

/** `# Key: value` comment lines, as Gwyddion's text-matrix export writes them. */
function commentFields(comments: string[]): HeaderFields {
  const fields: HeaderFields = {};
  for (const line of comments) {
    const colon = line.indexOf(":");
    if (colon > 0) fields[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return fields;
}

/** A `2.500 µm`-style length in metres, or undefined. */
function lengthField(text: string | number | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^([-+0-9.eE]+)\s*(\S+)$/.exec(String(text).trim());
  if (!match) return undefined;
  const factor = metresPer(match[2]);
  const value = Number(match[1]);
  return factor === undefined || !Number.isFinite(value) ? undefined : value * factor;
}

/**
 * A plain-text matrix (one image line per text line, top line first), e.g. Gwyddion's "ASCII data
 * matrix" export. Its `# Width:`/`# Height:` comments give the pixel size and `# Value units:` the
 * unit when present (else `defaultUnit`); `pixelSize` (from the user) overrides them.
 */
export function readTextMatrix(file: string, text: string, defaultUnit: string, pixelSize?: PixelSize): ImportedImages {
  const table = parseNumberTable(file, text);
  const header = commentFields(table.comments);
  const width = lengthField(header.Width);
  const height = lengthField(header.Height);
  const fromFile: PixelSize | undefined =
    width !== undefined && height !== undefined ? [height / table.rows, width / table.columns] : undefined;
  const { base, factor } = parseUnit(String(header["Value units"] ?? defaultUnit));
  const values = factor === 1 ? table.values : table.values.map((v) => v * factor);
  return {
    format: "text-matrix",
    images: [
      {
        title: String(header.Channel ?? "text matrix"),
        id: 0,
        rows: table.rows,
        cols: table.columns,
        values,
        pixelSize: pixelSize ?? fromFile,
        units: base,
        header,
      },
    ],
  };
}

function gridAxis(file: string, name: string, values: number[], spacing: number | undefined): { index: Map<number, number>; step: number | undefined } {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  // One value gives no pitch: it is the user's (spacing), or unknown, never made up.
  if (sorted.length === 1) return { index: new Map([[sorted[0], 0]]), step: spacing };
  const step = (sorted[sorted.length - 1] - sorted[0]) / (sorted.length - 1);
  sorted.forEach((value, i) => {
    if (Math.abs(value - (sorted[0] + i * step)) > GRID_TOLERANCE * Math.abs(step) * sorted.length) {
      throw fileError(file, `${name} values are not on a regular grid (${value} is not ${sorted[0]} + ${i} x ${step})`);
    }
  });
  return { index: new Map(sorted.map((value, i) => [value, i])), step };
}

/**
 * Plain-text XYZ points (x y z per line, metres, as Gwyddion exports them) that fill a regular
 * grid; rows follow increasing y, as Gwyddion shows them. `pixelSize` (from the user) replaces the
 * grid's own spacing when the coordinates are not in metres.
 */
export function readXyz(file: string, text: string, pixelSize?: PixelSize): ImportedImages {
  const table: TextTable = parseNumberTable(file, text);
  if (table.columns !== 3) throw fileError(file, `XYZ lines need 3 values (x y z); they have ${table.columns}`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < table.rows; i++) {
    xs.push(table.values[3 * i]);
    ys.push(table.values[3 * i + 1]);
  }
  const x = gridAxis(file, "x", xs, pixelSize?.[1]);
  const y = gridAxis(file, "y", ys, pixelSize?.[0]);
  const cols = x.index.size;
  const rows = y.index.size;
  if (rows * cols !== table.rows) {
    throw fileError(file, `${table.rows} points do not fill the ${cols} x ${rows} grid their x and y values span`);
  }
  const values = new Float64Array(rows * cols).fill(NaN);
  for (let i = 0; i < table.rows; i++) {
    const cell = y.index.get(ys[i])! * cols + x.index.get(xs[i])!;
    if (!Number.isNaN(values[cell])) throw fileError(file, `point ${i + 1} (${xs[i]}, ${ys[i]}) appears twice`);
    values[cell] = table.values[3 * i + 2];
  }
  return {
    format: "text-xyz",
    images: [
      {
        title: "XYZ points",
        id: 0,
        rows,
        cols,
        values,
        pixelSize: pixelSize ?? (y.step !== undefined && x.step !== undefined ? [y.step, x.step] : undefined),
        units: "m",
        header: { points: table.rows },
      },
    ],
  };
}
