import { ByteReader, NUMBER_WIDTH, type NumberType } from "./binary.js";
import { readTiffTags, type TiffTag } from "./tiff.js";
import type { HeaderFields, ImportedImages } from "./types.js";
import { metresPer, parseUnit } from "./units.js";

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

/**
 * Reads the header (tag 50435): a little-endian struct of int32, float64 and fixed-length
 * UTF-16 strings whose layout Park Systems publishes. Lengths in it are micrometres.
 */
function readHeader(reader: ByteReader, at: number, length: number, version: number): HeaderFields {
  const field = (name: string, offset: number, read: (field: string, offset: number) => number) =>
    read.call(reader, `Park header field ${name}`, at + offset);
  const text = (name: string, offset: number, chars: number) => reader.utf16(`Park header field ${name}`, at + offset, chars);
  const header: HeaderFields = {
    header_version: version === 0x01000002 ? 2 : 1,
    image_type: field("image_type", 0, reader.i32),
    source_name: text("source_name", 4, 32),
    image_mode: text("image_mode", 68, 8),
    lpf_strength: field("lpf_strength", 84, reader.f64),
    auto_flatten: field("auto_flatten", 92, reader.i32),
    ac_track: field("ac_track", 96, reader.i32),
    xres: field("xres", 100, reader.i32),
    yres: field("yres", 104, reader.i32),
    rotation_deg: field("rotation", 108, reader.f64),
    sine_scan: field("sine_scan", 116, reader.i32),
    overscan_rate: field("overscan_rate", 120, reader.f64),
    fast_scan_forward: field("forward", 128, reader.i32),
    slow_scan_up: field("scan_up", 132, reader.i32),
    swap_xy: field("swap_xy", 136, reader.i32),
    scan_size_x_um: field("scan_size_x", 140, reader.f64),
    scan_size_y_um: field("scan_size_y", 148, reader.f64),
    scan_offset_x_um: field("scan_offset_x", 156, reader.f64),
    scan_offset_y_um: field("scan_offset_y", 164, reader.f64),
    scan_rate_hz: field("scan_rate", 172, reader.f64),
    set_point: field("set_point", 180, reader.f64),
    set_point_unit: text("set_point_unit", 188, 8),
    tip_bias_v: field("tip_bias", 204, reader.f64),
    sample_bias_v: field("sample_bias", 212, reader.f64),
    data_gain: field("data_gain", 220, reader.f64),
    z_scale: field("z_scale", 228, reader.f64),
    z_offset: field("z_offset", 236, reader.f64),
    z_unit: text("z_unit", 244, 8),
    data_min: field("data_min", 260, reader.i32),
    data_max: field("data_max", 264, reader.i32),
    data_avg: field("data_avg", 268, reader.i32),
    compression: field("compression", 272, reader.i32),
    log_scale: field("log_scale", 276, reader.i32),
    square: field("square", 280, reader.i32),
    z_servo_gain: field("z_servo_gain", 284, reader.f64),
    z_scanner_range: field("z_scanner_range", 292, reader.f64),
    xy_voltage_mode: text("xy_voltage_mode", 300, 8),
    z_voltage_mode: text("z_voltage_mode", 316, 8),
    xy_servo_mode: text("xy_servo_mode", 332, 8),
    data_type: field("data_type", 348, reader.i32),
  };
  if (length >= 580) {
    Object.assign(header, {
      ncm_amplitude: field("ncm_amplitude", 360, reader.f64),
      ncm_frequency_hz: field("ncm_frequency", 368, reader.f64),
      head_rotation_deg: field("head_rotation", 376, reader.f64),
      cantilever: text("cantilever", 384, 16),
      ncm_drive_percent: field("ncm_drive_percent", 416, reader.f64),
      tip_sample_distance: field("tip_sample_distance", 448, reader.f64),
    });
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
  const headerField = (name: string) => reader.fail(`Park header field ${name}`, headerTag.value, `has an impossible value ${header[name]}`);

  if (header.image_type !== 0) {
    const kind = IMAGE_TYPES[header.image_type as number] ?? `type ${header.image_type}`;
    throw reader.fail("Park header field image_type", headerTag.value, `is a ${kind}, not a 2-D image`);
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
  if (![scale, zScale, zOffset].every(Number.isFinite)) throw headerField("data_gain");

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
  const um = metresPer("um")!;
  return {
    format: "park-tiff",
    images: [
      {
        title: (header.source_name as string) || "Park image",
        id: 0,
        rows,
        cols,
        values,
        pixelSize: [(yreal * um) / rows, (xreal * um) / cols],
        units: base,
        header,
      },
    ],
  };
}
