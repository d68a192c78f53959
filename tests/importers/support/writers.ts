import { Bytes } from "./bytes.js";

export interface ParkSpec {
  headerVersion: 1 | 2;
  cols: number;
  rows: number;
  /** 0 int16, 1 int32, 2 float32. */
  dataType: 0 | 1 | 2;
  /** Raw values as stored: bottom line first. */
  raw: number[];
  dataGain: number;
  zScale: number;
  zOffset: number;
  zUnit: string;
  scanSizeXUm: number;
  scanSizeYUm: number;
  source: string;
  mode: string;
}

function parkHeader(spec: ParkSpec): Uint8Array {
  const b = new Bytes();
  b.i32(0).utf16(spec.source, 32).utf16(spec.mode, 8).f64(0.5).i32(0).i32(1).i32(spec.cols).i32(spec.rows);
  b.f64(0).i32(0).f64(0.1).i32(1).i32(0).i32(0);
  b.f64(spec.scanSizeXUm).f64(spec.scanSizeYUm).f64(3.75).f64(-1.75).f64(1.5).f64(2.5).utf16("nm", 8);
  b.f64(0).f64(0).f64(spec.dataGain).f64(spec.zScale).f64(spec.zOffset).utf16(spec.zUnit, 8);
  b.i32(0).i32(0).i32(0).i32(0).i32(0).i32(0).f64(1).f64(1).utf16("High", 8).utf16("High", 8).utf16("on", 8).i32(spec.dataType);
  if (b.length !== 352) throw new Error(`Park header layout: data_type ends at ${b.length}, not 352`);
  const length = spec.headerVersion === 1 ? 356 : 580;
  b.zeros(length - b.length);
  return b.toUint8Array();
}

/** A little-endian Park Systems TIFF: an 8-bit preview for plain TIFF readers plus the private tags. */
export function parkTiff(spec: ParkSpec): Uint8Array {
  const header = parkHeader(spec);
  const data = new Bytes();
  for (const v of spec.raw) {
    if (spec.dataType === 0) data.i16(v);
    else if (spec.dataType === 1) data.i32(v);
    else data.f32(v);
  }
  const entries: [number, number, number, number][] = [];
  const pixels = spec.cols * spec.rows;
  const ifdBytes = 2 + 13 * 12 + 4;
  const previewAt = 8 + ifdBytes;
  const dataAt = previewAt + pixels;
  const headerAt = dataAt + data.length;
  entries.push([256, 3, 1, spec.cols], [257, 3, 1, spec.rows], [258, 3, 1, 8], [259, 3, 1, 1], [262, 3, 1, 1]);
  entries.push([273, 4, 1, previewAt], [277, 3, 1, 1], [278, 3, 1, spec.rows], [279, 4, 1, pixels]);
  entries.push([50432, 4, 1, 0x0e031301], [50433, 4, 1, spec.headerVersion === 1 ? 0x01000001 : 0x01000002]);
  entries.push([50434, 1, data.length, dataAt], [50435, 7, header.length, headerAt]);
  const b = new Bytes().ascii("II*\0").u32(8).u16(entries.length);
  for (const [tag, type, count, value] of entries) {
    b.u16(tag).u16(type).u32(count);
    if (type === 3 && count === 1) b.u16(value).u16(0);
    else b.u32(value);
  }
  b.u32(0).zeros(pixels).bytes(data.toUint8Array()).bytes(header);
  return b.toUint8Array();
}

/** A Gwyddion Simple Field file with the given header lines and float32 values (top line first). */
export function gsf(header: Record<string, string | number>, values: number[]): Uint8Array {
  const text = `Gwyddion Simple Field 1.0\n${Object.entries(header)
    .map(([key, value]) => `${key} = ${value}\n`)
    .join("")}`;
  const out = new Bytes().bytes(new TextEncoder().encode(text));
  out.zeros(4 - (out.length % 4));
  for (const v of values) out.f32(v);
  return out.toUint8Array();
}

export interface Bif6Interval {
  id: number;
  masses: [number, number, number];
  /** `ny * nx` counts, x fastest. */
  counts: number[];
}

export function bif6(nx: number, ny: number, intervals: Bif6Interval[]): Uint8Array {
  const b = new Bytes().ascii("\0\0BIF6").u16(intervals.length).u16(nx).u16(ny);
  for (const interval of intervals) {
    b.u32(interval.id).f32(interval.masses[0]).f32(interval.masses[1]).f32(interval.masses[2]);
    for (const count of interval.counts) b.u32(count);
  }
  return b.toUint8Array();
}

/** A serialised GWY component: name, type code and value. */
export type GwyComponent =
  | [string, "b" | "c", number]
  | [string, "i" | "d", number]
  | [string, "s", string]
  | [string, "o", Uint8Array]
  | [string, "D", number[]];

export function gwyObject(type: string, components: GwyComponent[]): Uint8Array {
  const body = new Bytes();
  for (const [name, code, value] of components) {
    body.cstring(name).ascii(code);
    if (code === "b" || code === "c") body.u8(value as number);
    else if (code === "i") body.i32(value as number);
    else if (code === "d") body.f64(value as number);
    else if (code === "s") body.cstring(value as string);
    else if (code === "o") body.bytes(value as Uint8Array);
    else {
      body.u32((value as number[]).length);
      for (const v of value as number[]) body.f64(v);
    }
  }
  const bytes = body.toUint8Array();
  return new Bytes().cstring(type).u32(bytes.length).bytes(bytes).toUint8Array();
}

export function gwyDataField(xres: number, yres: number, xreal: number, yreal: number, unitXy: string, unitZ: string, data: number[]): Uint8Array {
  return gwyObject("GwyDataField", [
    ["xres", "i", xres],
    ["yres", "i", yres],
    ["xreal", "d", xreal],
    ["yreal", "d", yreal],
    ["xoff", "d", 1e-6],
    ["yoff", "d", 2e-6],
    ["si_unit_xy", "o", gwyObject("GwySIUnit", [["unitstr", "s", unitXy]])],
    ["si_unit_z", "o", gwyObject("GwySIUnit", [["unitstr", "s", unitZ]])],
    ["data", "D", data],
  ]);
}

export function gwyFile(container: Uint8Array): Uint8Array {
  return new Bytes().ascii("GWYP").bytes(container).toUint8Array();
}
