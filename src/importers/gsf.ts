import type { PixelSize } from "../model/types.js";
import type { ByteReader } from "./binary.js";
import type { HeaderFields, ImportedImages } from "./types.js";
import { metresPer, parseUnit, pixelCentreOrigin } from "./units.js";

const MAGIC = "Gwyddion Simple Field 1.0\n";

export function isGsf(reader: ByteReader): boolean {
  return reader.length >= MAGIC.length && reader.ascii("GSF signature", 0, MAGIC.length) === MAGIC;
}

function numberKey(reader: ByteReader, header: HeaderFields, key: string, fallback: number | undefined, headerEnd: number): number {
  const text = header[key];
  if (text === undefined) {
    if (fallback === undefined) throw reader.fail(`GSF header key ${key}`, 0, "missing");
    return fallback;
  }
  const value = Number(text);
  if (String(text).trim() === "" || !Number.isFinite(value)) {
    throw reader.fail(`GSF header key ${key}`, headerEnd, `"${text}" is not a number`);
  }
  return value;
}

/**
 * Gwyddion Simple Field: a text header of `Key = Value` lines after the magic line, NUL padding
 * to a multiple of 4 bytes, then XRes x YRes little-endian float32 values, top line first.
 */
export function readGsf(reader: ByteReader): ImportedImages {
  if (!isGsf(reader)) throw reader.fail("GSF signature", 0, `not a GSF file (no "${MAGIC.trim()}" line)`);
  const nul = reader.bytes.indexOf(0, MAGIC.length);
  if (nul < 0) throw reader.fail("GSF header", MAGIC.length, "has no NUL padding before the data (truncated?)");
  const text = new TextDecoder("utf-8").decode(reader.bytes.subarray(MAGIC.length, nul));
  const header: HeaderFields = {};
  for (const line of text.split("\n")) {
    const trimmed = line.replace(/\r$/, "").trim();
    if (trimmed === "") continue;
    const eq = trimmed.indexOf("=");
    if (eq < 0) throw reader.fail("GSF header", MAGIC.length, `line "${trimmed.slice(0, 60)}" is not Key = Value`);
    header[trimmed.slice(0, eq).trim()] = trimmed.slice(eq + 1).trim();
  }
  const dataStart = (nul & ~3) + 4;
  for (let i = nul; i < dataStart; i++) {
    if (reader.u8("GSF header padding", i) !== 0) throw reader.fail("GSF header padding", i, "is not NUL");
  }
  const cols = numberKey(reader, header, "XRes", undefined, nul);
  const rows = numberKey(reader, header, "YRes", undefined, nul);
  if (!(Number.isInteger(cols) && cols > 0 && Number.isInteger(rows) && rows > 0)) {
    throw reader.fail("GSF header keys XRes, YRes", nul, `${cols} x ${rows} is not a positive image size`);
  }
  const xreal = numberKey(reader, header, "XReal", 1, nul);
  const yreal = numberKey(reader, header, "YReal", 1, nul);
  const xoff = numberKey(reader, header, "XOffset", 0, nul);
  const yoff = numberKey(reader, header, "YOffset", 0, nul);
  const values = reader.numbers("GSF data", dataStart, rows * cols, "f32");
  if (reader.length !== dataStart + rows * cols * 4) {
    throw reader.fail("GSF data", dataStart, `file has ${reader.length - dataStart} data bytes; ${cols} x ${rows} float32 need ${rows * cols * 4}`);
  }
  const lateral = metresPer(String(header.XYUnits ?? ""));
  const { base, factor } = parseUnit(String(header.ZUnits ?? ""));
  if (factor !== 1) for (let i = 0; i < values.length; i++) values[i] *= factor;
  const pixelSize: PixelSize | undefined = lateral === undefined ? undefined : [(yreal * lateral) / rows, (xreal * lateral) / cols];
  return {
    format: "gwyddion-gsf",
    images: [
      {
        title: String(header.Title ?? "GSF image"),
        id: 0,
        rows,
        cols,
        values,
        pixelSize,
        units: base,
        origin: pixelSize && pixelCentreOrigin(yoff, xoff, pixelSize, lateral!),
        header,
      },
    ],
  };
}
