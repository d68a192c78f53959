import { fileError } from "../errors.js";
import type { PixelSize } from "../model/types.js";
import type { ByteReader } from "./binary.js";
import type { InstrumentFormat } from "./detect.js";
import { readGsf } from "./gsf.js";
import { readGwy } from "./gwy.js";
import { readParkTiff } from "./parkTiff.js";
import { readTextMatrix, readXyz } from "./textImage.js";
import type { ImportedImage, ImportedImages } from "./types.js";

export interface ImageReadOptions {
  /** Pixel size for text exports, which may not record one. */
  pixelSize?: PixelSize;
  /** Unit of text-matrix values whose file does not name one. */
  textUnit: string;
}

function decodeText(reader: ByteReader): string {
  return new TextDecoder("utf-8").decode(reader.bytes);
}

/** The images of a file in one of the image formats; null for formats that hold no AFM-style images. */
export function readImages(reader: ByteReader, format: InstrumentFormat, options: ImageReadOptions): ImportedImages | null {
  switch (format) {
    case "park-tiff":
      return readParkTiff(reader);
    case "gwyddion-gwy":
      return readGwy(reader);
    case "gwyddion-gsf":
      return readGsf(reader);
    case "text-matrix":
      return readTextMatrix(reader.file, decodeText(reader), options.textUnit, options.pixelSize);
    case "text-xyz":
      return readXyz(reader.file, decodeText(reader), options.pixelSize);
    default:
      return null;
  }
}

/**
 * The image a `FILE[:channel]` spec names: by channel id (the N of Gwyddion's `/N/data`) or by
 * title (case-insensitive); with no channel, the file's only image.
 */
export function selectChannel(file: string, images: ImportedImage[], channel: string | undefined): ImportedImage {
  const list = () => images.map((image) => `${image.id} "${image.title}"`).join(", ");
  if (images.length === 0) throw fileError(file, "holds no images");
  if (channel === undefined) {
    if (images.length === 1) return images[0];
    throw fileError(file, `holds ${images.length} channels; pick one with FILE:channel (${list()})`);
  }
  const byId = /^\d+$/.test(channel) ? images.find((image) => image.id === Number(channel)) : undefined;
  const byTitle = images.filter((image) => image.title.toLowerCase() === channel.toLowerCase());
  if (byId) return byId;
  if (byTitle.length === 1) return byTitle[0];
  if (byTitle.length > 1) throw fileError(file, `${byTitle.length} channels are titled "${channel}"; pick one by id (${list()})`);
  throw fileError(file, `no channel "${channel}" (channels: ${list()})`);
}
