import type { ByteReader } from "./binary.js";

export interface TiffTag {
  type: number;
  count: number;
  /** The entry's value field as a little-endian uint32: the value itself when it fits, else the data's offset. */
  value: number;
  /** Where the tag's 12-byte entry lies, for messages. */
  entryOffset: number;
}

/** Tags of the first image file directory of a little-endian TIFF. */
export function readTiffTags(reader: ByteReader): Map<number, TiffTag> {
  const signature = reader.ascii("TIFF signature", 0, 4);
  if (signature === "MM\0*") throw reader.fail("TIFF signature", 0, "big-endian TIFF is not supported");
  if (signature !== "II*\0") throw reader.fail("TIFF signature", 0, "not a TIFF file");
  const ifd = reader.u32("TIFF first directory offset", 4);
  const count = reader.u16("TIFF directory entry count", ifd);
  reader.need("TIFF directory", ifd + 2, count * 12);
  const tags = new Map<number, TiffTag>();
  for (let i = 0; i < count; i++) {
    const entryOffset = ifd + 2 + i * 12;
    const id = reader.u16("TIFF tag id", entryOffset);
    tags.set(id, {
      type: reader.u16("TIFF tag type", entryOffset + 2),
      count: reader.u32("TIFF tag count", entryOffset + 4),
      value: reader.u32("TIFF tag value", entryOffset + 8),
      entryOffset,
    });
  }
  return tags;
}
