/**
 * What the viewer does with a file, decided from its bytes: an HDF5 file is an afmsims volume; an
 * AFM image file (Park TIFF, Gwyddion .gwy/.gsf, text matrix or XYZ) is shown as a height map; a
 * SurfaceLab depth profile becomes a reference profile for the profile chart. Everything here is
 * a pure function of bytes, so it runs in the browser as it does in Node.
 */
import { AfmsimsError } from "../../errors.js";
import { ByteReader } from "../../importers/binary.js";
import { detectFormat } from "../../importers/detect.js";
import { readImages } from "../../importers/images.js";
import { readSurfaceLabProfile, type DepthProfile } from "../../importers/surfacelab.js";
import type { ImportedImages } from "../../importers/types.js";

export type FileKind = "volume" | "height-map" | "reference-profile";

// Re-exported so the open path loads everything it needs to sort a file in one lazy chunk.
export { hasHdf5SignatureAt } from "../../io/h5/superblock.js";

/**
 * The kind of a file that is not HDF5. Files no importer reads go to the volume reader, whose
 * message ("not an HDF5 file") is the one a user opening a volume expects. Every other image
 * format goes to the height-map view, which explains what it cannot show.
 */
export function instrumentFileKind(reader: ByteReader): FileKind {
  const format = detectFormat(reader);
  if (format === "surfacelab-profile") return "reference-profile";
  return format === null ? "volume" : "height-map";
}

/** The images of an AFM file; text values without a unit are taken as metres, as `afmsims import` does. */
export function readHeightMapImages(reader: ByteReader): ImportedImages {
  const format = detectFormat(reader);
  // A BIF6 image is one SIMS layer: the other layers and the pixel size only `afmsims import` gathers.
  if (format === "iontof-bif6") {
    throw new AfmsimsError(
      `${reader.file}: an IONTOF BIF6 image holds one SIMS layer; assemble the layers with \`afmsims import\`, reconstruct, then open the volume`,
    );
  }
  const read = format && readImages(reader, format, { textUnit: "m" });
  if (!read) throw new AfmsimsError(`${reader.file}: not an AFM image file the viewer reads`);
  if (read.images.length === 0) throw new AfmsimsError(`${reader.file}: holds no images`);
  return read;
}

export function readReferenceProfile(reader: ByteReader): DepthProfile {
  return readSurfaceLabProfile(reader.file, new TextDecoder("utf-8").decode(reader.bytes));
}
