import type { ByteReader } from "./binary.js";
import { isBif6 } from "./bif6.js";
import { isGsf } from "./gsf.js";
import { isGwy } from "./gwy.js";
import { isParkTiff } from "./parkTiff.js";
import { isSurfaceLabProfile } from "./surfacelab.js";
import { looksLikeText } from "./textTable.js";

export type InstrumentFormat = "park-tiff" | "gwyddion-gwy" | "gwyddion-gsf" | "iontof-bif6" | "surfacelab-profile" | "text-matrix" | "text-xyz";

/** A line of numbers (separated by blanks, commas or semicolons), as in a matrix or XYZ export. */
const NUMBER_LINE = /^\s*[-+]?(\d|\.\d|inf|nan)[-+0-9.eEinfaINFA]*([\s,;]+[-+]?(\d|\.\d|inf|nan)[-+0-9.eEinfaINFA]*)*\s*$/;

function firstDataLine(text: string): string | undefined {
  return text
    .slice(0, 1 << 16)
    .split(/\r\n|\n|\r/)
    .find((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
}

/** Which importer reads the file, from its signature (or, for text, its first data line); null when none does. */
export function detectFormat(reader: ByteReader): InstrumentFormat | null {
  if (isGwy(reader)) return "gwyddion-gwy";
  if (isGsf(reader)) return "gwyddion-gsf";
  if (isBif6(reader)) return "iontof-bif6";
  if (isParkTiff(reader)) return "park-tiff";
  if (!looksLikeText(reader.bytes)) return null;
  const head = new TextDecoder("utf-8").decode(reader.bytes.subarray(0, 1 << 16));
  if (isSurfaceLabProfile(head)) return "surfacelab-profile";
  const line = firstDataLine(head);
  if (line === undefined || !NUMBER_LINE.test(line)) return null;
  return /\.xyz$/i.test(reader.file) ? "text-xyz" : "text-matrix";
}
