import { ByteReader, NUMBER_WIDTH, type NumberType } from "./binary.js";
import { readTiffTags, type TiffTag } from "./tiff.js";
import type { HeaderFields, ImportedImages } from "./types.js";
import { parseUnit } from "./units.js";

/** Park Systems private TIFF tags. */
const TAG_MAGIC = 50432;
const TAG_VERSION = 50433;
const TAG_DATA = 50434;
const TAG_HEADER = 50435;

const PARK_MAGIC = 0x0e031301;
/** Header version tag values and the header length each one promises. */
const HEADER_BYTES: Record<number, number> = { 0x01000001: 356, 0x01000002: 580 };
const DATA_TYPES: NumberType[] = ["i16", "i32", "f32"];
const IMAGE_TYPES = ["2-D image", "line profile", "spectroscopy"];
/** Scan sizes in the header are micrometres. */
const MICROMETRE = 1e-6;

/**
 * True for a TIFF with Park Systems' magic tag, and for a TIFF whose directory cannot be read
 * (cut or corrupt), so the reader can say where it breaks rather than the file being ignored.
 */
export function isParkTiff(reader: ByteReader): boolean {
  if (reader.length < 4 || !["II*\0", "MM\0*"].includes(reader.ascii("TIFF signature", 0, 4))) return false;
  try {
    return readTiffTags(reader).has(TAG_MAGIC);
  } catch {
    return true;
  }
}

function requireTag(reader: ByteReader, tags: Map<number, TiffTag>, id: number, name: string): TiffTag {
  const tag = tags.get(id);
  if (!tag) throw reader.fail(`TIFF tag ${id} (${name})`, 0, "missing: not a Park Systems image TIFF");
  return tag;
}

/** A header field: its name here, its byte offset in the header, and how it is stored. */
type HeaderField = [name: string, offset: number, kind: "i32" | "f64" | `utf16:${number}`];

/**
 * The header (tag 50435): a little-endian struct of int32, float64 and fixed-length UTF-16 strings
 * whose layout Park Systems publishes. Lengths in it are micrometres. Version 1 ends at byte 356.
 */
const HEADER_V1: HeaderField[] = [
  ["image_type", 0, "i32"], ["source_name", 4, "utf16:32"], ["image_mode", 68, "utf16:8"], ["lpf_strength", 84, "f64"],
  ["auto_flatten", 92, "i32"], ["ac_track", 96, "i32"], ["xres", 100, "i32"], ["yres", 104, "i32"], ["rotation_deg", 108, "f64"],
  ["sine_scan", 116, "i32"], ["overscan_rate", 120, "f64"], ["fast_scan_forward", 128, "i32"], ["slow_scan_up", 132, "i32"],
  ["swap_xy", 136, "i32"], ["scan_size_x_um", 140, "f64"], ["scan_size_y_um", 148, "f64"], ["scan_offset_x_um", 156, "f64"],
  ["scan_offset_y_um", 164, "f64"], ["scan_rate_hz", 172, "f64"], ["set_point", 180, "f64"], ["set_point_unit", 188, "utf16:8"],
  ["tip_bias_v", 204, "f64"], ["sample_bias_v", 212, "f64"], ["data_gain", 220, "f64"], ["z_scale", 228, "f64"],
  ["z_offset", 236, "f64"], ["z_unit", 244, "utf16:8"], ["data_min", 260, "i32"], ["data_max", 264, "i32"], ["data_avg", 268, "i32"],
  ["compression", 272, "i32"], ["log_scale", 276, "i32"], ["square", 280, "i32"], ["z_servo_gain", 284, "f64"],
  ["z_scanner_range", 292, "f64"], ["xy_voltage_mode", 300, "utf16:8"], ["z_voltage_mode", 316, "utf16:8"],
  ["xy_servo_mode", 332, "utf16:8"], ["data_type", 348, "i32"],
];
/** Version 2 adds these (of more), up to byte 580. */
const HEADER_V2: HeaderField[] = [
  ["ncm_amplitude", 360, "f64"], ["ncm_frequency_hz", 368, "f64"], ["head_rotation_deg", 376, "f64"], ["cantilever", 384, "utf16:16"],
  ["ncm_drive_percent", 416, "f64"], ["tip_sample_distance", 448, "f64"],
];
const FIELD_OFFSET = new Map([...HEADER_V1, ...HEADER_V2].map(([name, offset]) => [name, offset]));

function readHeader(reader: ByteReader, at: number, length: number, version: number): HeaderFields {
  const header: HeaderFields = { header_version: version === 0x01000002 ? 2 : 1 };
  for (const [name, offset, kind] of length >= 580 ? [...HEADER_V1, ...HEADER_V2] : HEADER_V1) {
    const field = `Park header field ${name}`;
    if (kind === "i32") header[name] = reader.i32(field, at + offset);
    else if (kind === "f64") header[name] = reader.f64(field, at + offset);
    else header[name] = reader.utf16(field, at + offset, Number(kind.slice(6)));
  }
  return header;
}

/**
 * Park Systems TIFF: heights = data_gain x 10^power x (raw x z_scale + z_offset), in the header's
 * z unit whose SI prefix gives the power; rows are stored bottom line first.
 */
export function readParkTiff(reader: ByteReader): ImportedImages {
  const tags = readTiffTags(reader);
  const magic = requireTag(reader, tags, TAG_MAGIC, "Park magic number");
  if (magic.value !== PARK_MAGIC) {
    throw reader.fail("TIFF tag 50432 (Park magic number)", magic.entryOffset, `is 0x${magic.value.toString(16)}, not 0x${PARK_MAGIC.toString(16)}`);
  }
  const versionTag = requireTag(reader, tags, TAG_VERSION, "Park header version");
  const minimum = HEADER_BYTES[versionTag.value];
  if (minimum === undefined) {
    throw reader.fail("TIFF tag 50433 (Park header version)", versionTag.entryOffset, `unknown version 0x${versionTag.value.toString(16)}`);
  }
  const headerTag = requireTag(reader, tags, TAG_HEADER, "Park header");
  if (headerTag.count < minimum) {
    throw reader.fail("TIFF tag 50435 (Park header)", headerTag.entryOffset, `is ${headerTag.count} bytes; version ${versionTag.value & 0xff} needs ${minimum}`);
  }
  reader.need("Park header", headerTag.value, headerTag.count);
  const header = readHeader(reader, headerTag.value, headerTag.count, versionTag.value);
  const headerField = (name: string) =>
    reader.fail(`Park header field ${name}`, headerTag.value + FIELD_OFFSET.get(name)!, `has an impossible value ${header[name]}`);

  if (header.image_type !== 0) {
    const kind = IMAGE_TYPES[header.image_type as number] ?? `type ${header.image_type}`;
    throw reader.fail("Park header field image_type", headerTag.value + FIELD_OFFSET.get("image_type")!, `is a ${kind}, not a 2-D image`);
  }
  const cols = header.xres as number;
  const rows = header.yres as number;
  if (!(cols > 0 && cols <= 1 << 16)) throw headerField("xres");
  if (!(rows > 0 && rows <= 1 << 16)) throw headerField("yres");
  const dataType = DATA_TYPES[header.data_type as number];
  if (!dataType) throw headerField("data_type");
  const xreal = header.scan_size_x_um as number;
  const yreal = header.scan_size_y_um as number;
  if (!(xreal > 0 && Number.isFinite(xreal))) throw headerField("scan_size_x_um");
  if (!(yreal > 0 && Number.isFinite(yreal))) throw headerField("scan_size_y_um");
  const zUnit = header.z_unit as string;
  const { base, factor } = parseUnit(zUnit);
  const scale = (header.data_gain as number) * factor;
  const zScale = header.z_scale as number;
  const zOffset = header.z_offset as number;
  for (const name of ["data_gain", "z_scale", "z_offset"]) if (!Number.isFinite(header[name])) throw headerField(name);

  const dataTag = requireTag(reader, tags, TAG_DATA, "Park image data");
  const needed = rows * cols * NUMBER_WIDTH[dataType];
  if (dataTag.count < needed) {
    throw reader.fail("TIFF tag 50434 (Park image data)", dataTag.entryOffset, `holds ${dataTag.count} bytes; ${cols} x ${rows} ${dataType} need ${needed}`);
  }
  reader.need("Park image data", dataTag.value, dataTag.count);
  const raw = reader.numbers("Park image data", dataTag.value, rows * cols, dataType);
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const source = (rows - 1 - r) * cols;
    for (let c = 0; c < cols; c++) values[r * cols + c] = scale * (raw[source + c] * zScale + zOffset);
  }
  return {
    format: "park-tiff",
    images: [
      {
        title: (header.source_name as string) || "Park image",
        id: 0,
        rows,
        cols,
        values,
        pixelSize: [(yreal * MICROMETRE) / rows, (xreal * MICROMETRE) / cols],
        units: base,
        header,
      },
    ],
  };
}
