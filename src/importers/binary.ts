import { fileError, type AfmsimsError } from "../errors.js";

/**
 * Little-endian reads from a file's bytes where every access is checked against the file's
 * length first, so a truncated or corrupted file ends in an error naming the file, the field and
 * the offset rather than in garbage, an exception deep in a DataView, or a huge allocation.
 */
export class ByteReader {
  readonly view: DataView;

  constructor(
    readonly file: string,
    readonly bytes: Uint8Array,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  fail(field: string, offset: number, problem: string): AfmsimsError {
    return fileError(this.file, `${field} at byte ${offset}: ${problem}`);
  }

  /** Throws unless `count` bytes from `offset` lie inside the file. */
  need(field: string, offset: number, count: number): void {
    if (!Number.isInteger(offset) || !Number.isInteger(count) || offset < 0 || count < 0) {
      throw this.fail(field, offset, `impossible position or size (${count} bytes)`);
    }
    if (offset + count > this.length) {
      throw this.fail(field, offset, `needs ${count} bytes but the file ends at byte ${this.length} (truncated?)`);
    }
  }

  u8(field: string, offset: number): number {
    this.need(field, offset, 1);
    return this.bytes[offset];
  }

  u16(field: string, offset: number): number {
    this.need(field, offset, 2);
    return this.view.getUint16(offset, true);
  }

  u32(field: string, offset: number): number {
    this.need(field, offset, 4);
    return this.view.getUint32(offset, true);
  }

  i32(field: string, offset: number): number {
    this.need(field, offset, 4);
    return this.view.getInt32(offset, true);
  }

  i64(field: string, offset: number): number {
    this.need(field, offset, 8);
    return Number(this.view.getBigInt64(offset, true));
  }

  f32(field: string, offset: number): number {
    this.need(field, offset, 4);
    return this.view.getFloat32(offset, true);
  }

  f64(field: string, offset: number): number {
    this.need(field, offset, 8);
    return this.view.getFloat64(offset, true);
  }

  ascii(field: string, offset: number, count: number): string {
    this.need(field, offset, count);
    return String.fromCharCode(...this.bytes.subarray(offset, offset + count));
  }

  /** A fixed-length UTF-16LE field, cut at its first NUL. */
  utf16(field: string, offset: number, chars: number): string {
    this.need(field, offset, chars * 2);
    const text = new TextDecoder("utf-16le").decode(this.bytes.subarray(offset, offset + chars * 2));
    const end = text.indexOf("\0");
    return end < 0 ? text : text.slice(0, end);
  }

  /** A NUL-terminated UTF-8 string that must end before `limit`; returns it and the offset after the NUL. */
  cstring(field: string, offset: number, limit = this.length): { text: string; next: number } {
    this.need(field, offset, 0);
    const end = this.bytes.indexOf(0, offset);
    if (end < 0 || end >= limit) throw this.fail(field, offset, "string has no terminating NUL before the end of its block");
    return { text: new TextDecoder("utf-8").decode(this.bytes.subarray(offset, end)), next: end + 1 };
  }

  /** `count` little-endian values of one type, copied into float64; the size is checked before anything is allocated. */
  numbers(field: string, offset: number, count: number, type: NumberType): Float64Array {
    const width = NUMBER_WIDTH[type];
    this.need(field, offset, count * width);
    const out = new Float64Array(count);
    const view = this.view;
    const read = NUMBER_READERS[type];
    for (let i = 0, at = offset; i < count; i++, at += width) out[i] = read(view, at);
    return out;
  }
}

export type NumberType = "u8" | "i16" | "u16" | "i32" | "u32" | "i64" | "f32" | "f64";

export const NUMBER_WIDTH: Record<NumberType, number> = { u8: 1, i16: 2, u16: 2, i32: 4, u32: 4, i64: 8, f32: 4, f64: 8 };

const NUMBER_READERS: Record<NumberType, (view: DataView, at: number) => number> = {
  u8: (view, at) => view.getUint8(at),
  i16: (view, at) => view.getInt16(at, true),
  u16: (view, at) => view.getUint16(at, true),
  i32: (view, at) => view.getInt32(at, true),
  u32: (view, at) => view.getUint32(at, true),
  i64: (view, at) => Number(view.getBigInt64(at, true)),
  f32: (view, at) => view.getFloat32(at, true),
  f64: (view, at) => view.getFloat64(at, true),
};
