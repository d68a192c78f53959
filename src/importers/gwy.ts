import type { PixelSize } from "../model/types.js";
import { ByteReader, NUMBER_WIDTH, type NumberType } from "./binary.js";
import type { HeaderFields, ImportedImage, ImportedImages } from "./types.js";
import { metresPer, parseUnit, pixelCentreOrigin } from "./units.js";

export type GwyValue = boolean | number | string | GwyObject | Float64Array | string[] | GwyObject[];

export interface GwyObject {
  type: string;
  fields: Map<string, GwyValue>;
  /** Where the object's name starts, for messages. */
  offset: number;
}

const MAGIC = "GWYP";
/** Real files nest a few levels (container, data field, SI unit); a deeper file is corrupt or hostile. */
const MAX_DEPTH = 32;

const SCALAR_TYPES: Record<string, NumberType | "bool"> = { b: "bool", c: "u8", i: "i32", q: "i64", d: "f64" };
const ARRAY_TYPES: Record<string, NumberType> = { C: "u8", I: "i32", Q: "i64", D: "f64" };

export function isGwy(reader: ByteReader): boolean {
  return reader.length >= 4 && reader.ascii("GWY signature", 0, 4) === MAGIC;
}

function readScalar(reader: ByteReader, type: NumberType | "bool", field: string, at: number): { value: GwyValue; next: number } {
  if (type === "bool") return { value: reader.u8(field, at) !== 0, next: at + 1 };
  return { value: reader.numbers(field, at, 1, type)[0], next: at + NUMBER_WIDTH[type] };
}

function readArrayCount(reader: ByteReader, field: string, at: number, end: number, minWidth: number): number {
  const count = reader.u32(`${field} (array length)`, at);
  // Checked against what is left of the enclosing object before anything is allocated.
  if (count * minWidth > end - at - 4) {
    throw reader.fail(field, at, `array claims ${count} items but its object has only ${end - at - 4} bytes left`);
  }
  return count;
}

/** Reads one serialised object starting at `at` (its type name); returns it and the offset after it. */
function readObject(reader: ByteReader, at: number, limit: number, depth: number): { object: GwyObject; next: number } {
  if (depth > MAX_DEPTH) throw reader.fail("GWY object", at, `nested deeper than ${MAX_DEPTH} levels`);
  const name = reader.cstring("GWY object type name", at, limit);
  const size = reader.u32(`GWY object ${name.text} size`, name.next);
  const start = name.next + 4;
  const end = start + size;
  if (end > limit) {
    throw reader.fail(`GWY object ${name.text}`, at, `claims ${size} bytes but only ${limit - start} remain in ${depth ? "its parent" : "the file"}`);
  }
  const fields = new Map<string, GwyValue>();
  let pos = start;
  while (pos < end) {
    const key = reader.cstring(`GWY ${name.text} component name`, pos, end);
    const field = `GWY ${name.text} component "${key.text}"`;
    const typeCode = String.fromCharCode(reader.u8(`${field} type`, key.next));
    pos = key.next + 1;
    let value: GwyValue;
    if (typeCode in SCALAR_TYPES) {
      ({ value, next: pos } = readScalar(reader, SCALAR_TYPES[typeCode], field, pos));
    } else if (typeCode === "s") {
      const text = reader.cstring(field, pos, end);
      value = text.text;
      pos = text.next;
    } else if (typeCode === "o") {
      const child = readObject(reader, pos, end, depth + 1);
      value = child.object;
      pos = child.next;
    } else if (typeCode in ARRAY_TYPES) {
      const type = ARRAY_TYPES[typeCode];
      const count = readArrayCount(reader, field, pos, end, NUMBER_WIDTH[type]);
      value = reader.numbers(field, pos + 4, count, type);
      pos += 4 + count * NUMBER_WIDTH[type];
    } else if (typeCode === "S") {
      const count = readArrayCount(reader, field, pos, end, 1);
      const items: string[] = [];
      pos += 4;
      for (let i = 0; i < count; i++) {
        const text = reader.cstring(`${field}[${i}]`, pos, end);
        items.push(text.text);
        pos = text.next;
      }
      value = items;
    } else if (typeCode === "O") {
      const count = readArrayCount(reader, field, pos, end, 5);
      const items: GwyObject[] = [];
      pos += 4;
      for (let i = 0; i < count; i++) {
        const child = readObject(reader, pos, end, depth + 1);
        items.push(child.object);
        pos = child.next;
      }
      value = items;
    } else {
      throw reader.fail(`${field} type`, key.next, `unknown component type "${typeCode}"`);
    }
    if (pos > end) throw reader.fail(field, pos, `runs past the end of its ${name.text} object (byte ${end})`);
    fields.set(key.text, value);
  }
  return { object: { type: name.text, fields, offset: at }, next: end };
}

/** Parses a whole .gwy file into its top-level object (normally a GwyContainer). */
function parseGwy(reader: ByteReader): GwyObject {
  if (!isGwy(reader)) throw reader.fail("GWY signature", 0, `not a Gwyddion file (no "${MAGIC}")`);
  return readObject(reader, 4, reader.length, 0).object;
}

function unitOf(field: GwyObject, key: string): string {
  const unit = field.fields.get(key);
  if (unit && typeof unit === "object" && "fields" in unit) {
    const text = unit.fields.get("unitstr");
    if (typeof text === "string") return text;
  }
  return "";
}

function numberOf(reader: ByteReader, object: GwyObject, key: string, required: boolean): number {
  const value = object.fields.get(key);
  if (typeof value === "number") return value;
  if (!required && value === undefined) return 0;
  throw reader.fail(`GWY ${object.type} component "${key}"`, object.offset, value === undefined ? "missing" : "is not a number");
}

function dataFieldImage(reader: ByteReader, container: GwyObject, id: number, title: string, field: GwyObject): ImportedImage {
  const cols = numberOf(reader, field, "xres", true);
  const rows = numberOf(reader, field, "yres", true);
  const data = field.fields.get("data");
  if (!(data instanceof Float64Array)) throw reader.fail(`GWY channel ${id} data`, field.offset, "missing or not a double array");
  if (!(cols > 0 && rows > 0) || data.length !== rows * cols) {
    throw reader.fail(`GWY channel ${id} data`, field.offset, `holds ${data.length} values but xres x yres is ${cols} x ${rows}`);
  }
  const xreal = numberOf(reader, field, "xreal", true);
  const yreal = numberOf(reader, field, "yreal", true);
  const lateral = metresPer(unitOf(field, "si_unit_xy"));
  const { base, factor } = parseUnit(unitOf(field, "si_unit_z"));
  const values = factor === 1 ? data : data.map((v) => v * factor);
  const xoff = numberOf(reader, field, "xoff", false);
  const yoff = numberOf(reader, field, "yoff", false);
  const pixelSize: PixelSize | undefined = lateral === undefined ? undefined : [(yreal * lateral) / rows, (xreal * lateral) / cols];
  return {
    title,
    id,
    rows,
    cols,
    values,
    pixelSize,
    units: base,
    origin: pixelSize && pixelCentreOrigin(yoff, xoff, pixelSize, lateral!),
    header: channelHeader(container, id, field),
  };
}

function channelHeader(container: GwyObject, id: number, field: GwyObject): HeaderFields {
  const header: HeaderFields = {};
  for (const key of ["xres", "yres", "xreal", "yreal", "xoff", "yoff"]) {
    const value = field.fields.get(key);
    if (typeof value === "number") header[key] = value;
  }
  header.si_unit_xy = unitOf(field, "si_unit_xy");
  header.si_unit_z = unitOf(field, "si_unit_z");
  const meta = container.fields.get(`/${id}/meta`);
  if (meta && typeof meta === "object" && "fields" in meta) {
    for (const [key, value] of meta.fields) if (typeof value === "string") header[`meta.${key}`] = value;
  }
  return header;
}

/** Every channel (`/N/data` GwyDataField) of a .gwy file, in channel-id order. */
export function readGwy(reader: ByteReader): ImportedImages {
  const container = parseGwy(reader);
  if (container.type !== "GwyContainer") throw reader.fail("GWY top-level object", 4, `is a ${container.type}, not a GwyContainer`);
  const channels: { id: number; field: GwyObject }[] = [];
  for (const [key, value] of container.fields) {
    const match = /^\/(\d+)\/data$/.exec(key);
    if (match && typeof value === "object" && "type" in value && value.type === "GwyDataField") {
      channels.push({ id: Number(match[1]), field: value });
    }
  }
  channels.sort((a, b) => a.id - b.id);
  const images = channels.map(({ id, field }) => {
    const title = container.fields.get(`/${id}/data/title`);
    return dataFieldImage(reader, container, id, typeof title === "string" ? title : `channel ${id}`, field);
  });
  return { format: "gwyddion-gwy", images };
}
