import { AfmsimsError } from "../errors.js";
import { summariseImage, type FileDescription } from "../model/describe.js";
import type { ByteReader } from "./binary.js";
import { readBif6 } from "./bif6.js";
import { detectFormat, type InstrumentFormat } from "./detect.js";
import { readImages } from "./images.js";
import { readInstrumentBytes } from "./readFile.js";
import { profileJson, readSurfaceLabProfile } from "./surfacelab.js";

const UNKNOWN_PIXEL: [number, number] = [NaN, NaN];

/** A float32 mass as written (7 significant digits), e.g. 22.9 rather than 22.899999618530273. */
function massText(mass: number): string {
  return String(Number(mass.toPrecision(7)));
}

type Described = Pick<FileDescription, "images" | "details">;

function describeImages(reader: ByteReader, format: InstrumentFormat): Described {
  // Text values are reported as they stand: a bare matrix may be heights or counts.
  const read = readImages(reader, format, { textUnit: "" })!;
  return {
    images: read.images.map((image) =>
      summariseImage(image.title, image.values, image.rows, image.cols, image.pixelSize ?? UNKNOWN_PIXEL, image.units),
    ),
    details: {
      channels: read.images.map((image) => ({
        id: image.id,
        title: image.title,
        ...(image.pixelSize ? {} : { pixel_size_note: "the file gives no lateral size in metres" }),
        ...(image.origin ? { origin: [...image.origin] } : {}),
        header: image.header,
      })),
    },
  };
}

function describeBif6(reader: ByteReader): Described {
  const { rows, cols, intervals } = readBif6(reader);
  return {
    images: intervals.map((interval) =>
      summariseImage(`m/z ${massText(interval.massLower)}-${massText(interval.massUpper)} (id ${interval.id})`, interval.counts, rows, cols, UNKNOWN_PIXEL, "counts"),
    ),
    details: {
      nx: cols,
      ny: rows,
      pixel_size_note: "BIF6 files do not record their field of view",
      intervals: intervals.map((interval) => ({
        id: interval.id,
        mass_lower: interval.massLower,
        mass_centre: interval.massCentre,
        mass_upper: interval.massUpper,
      })),
    },
  };
}

function describeProfile(reader: ByteReader): Described {
  const profile = readSurfaceLabProfile(reader.file, new TextDecoder("utf-8").decode(reader.bytes));
  return { images: [], details: { profile: profileJson(profile) } };
}

/**
 * What `afmsims info` reports about an instrument file, or null when no importer reads it. A file
 * of a known format that is cut or corrupt is described as invalid, its problem naming the field
 * and byte offset (or line); a file that cannot be read at all throws.
 */
export async function describeInstrumentFile(path: string): Promise<FileDescription | null> {
  const reader = await readInstrumentBytes(path);
  const format = detectFormat(reader);
  if (format === null) return null;
  try {
    const described =
      format === "iontof-bif6" ? describeBif6(reader) : format === "surfacelab-profile" ? describeProfile(reader) : describeImages(reader, format);
    return { file: path, format, valid: true, problems: [], ...described };
  } catch (err) {
    if (!(err instanceof AfmsimsError)) throw err;
    // Problems are worded without the file name, which `info` puts in front (as for HDF5 files).
    const problem = err.message.startsWith(`${path}: `) ? err.message.slice(path.length + 2) : err.message;
    return { file: path, format, valid: false, problems: [problem], images: [], details: {} };
  }
}
