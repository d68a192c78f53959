import type { ByteReader } from "./binary.js";

const MAGIC = "\0\0BIF6";
const HEADER_BYTES = 12;
const INTERVAL_HEADER_BYTES = 16;

export interface Bif6Interval {
  id: number;
  /** m/z bounds and centre of the mass interval. */
  massLower: number;
  massCentre: number;
  massUpper: number;
  /** `rows * cols` counts, row-major. */
  counts: Uint32Array;
}

export interface Bif6Image {
  rows: number;
  cols: number;
  intervals: Bif6Interval[];
}

export function isBif6(reader: ByteReader): boolean {
  return reader.length >= MAGIC.length && reader.ascii("BIF6 signature", 0, MAGIC.length) === MAGIC;
}

/**
 * IONTOF BIF6 image file: a `<6s3H` header (magic, interval count, nx, ny), then per mass interval a
 * uint32 id, three float32 masses (lower, centre, upper) and nx x ny uint32 counts with x running
 * fastest, so each image is row-major `[ny, nx]`.
 */
export function readBif6(reader: ByteReader): Bif6Image {
  if (!isBif6(reader)) throw reader.fail("BIF6 signature", 0, "not a BIF6 file (no \\0\\0BIF6 magic)");
  const count = reader.u16("BIF6 header interval count", 6);
  const cols = reader.u16("BIF6 header nx", 8);
  const rows = reader.u16("BIF6 header ny", 10);
  if (count === 0 || cols === 0 || rows === 0) {
    throw reader.fail("BIF6 header", 6, `${count} intervals of ${cols} x ${rows} pixels holds no image`);
  }
  const pixels = rows * cols;
  const intervalBytes = INTERVAL_HEADER_BYTES + pixels * 4;
  const expected = HEADER_BYTES + count * intervalBytes;
  // The header's claim is checked against the file's length before anything is allocated.
  if (reader.length !== expected) {
    const complete = Math.max(0, Math.floor((reader.length - HEADER_BYTES) / intervalBytes));
    const at = HEADER_BYTES + Math.min(complete, count) * intervalBytes;
    const problem =
      reader.length < expected
        ? `truncated: the header's ${count} intervals of ${cols} x ${rows} need ${expected} bytes, the file has ${reader.length} (interval ${complete} is incomplete)`
        : `${reader.length - expected} bytes after the last of the header's ${count} intervals of ${cols} x ${rows}`;
    throw reader.fail(reader.length < expected ? `BIF6 interval ${complete}` : "BIF6 file end", at, problem);
  }
  const intervals: Bif6Interval[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEADER_BYTES + i * intervalBytes;
    const interval: Bif6Interval = {
      id: reader.u32(`BIF6 interval ${i} id`, at),
      massLower: reader.f32(`BIF6 interval ${i} lower mass`, at + 4),
      massCentre: reader.f32(`BIF6 interval ${i} centre mass`, at + 8),
      massUpper: reader.f32(`BIF6 interval ${i} upper mass`, at + 12),
      counts: new Uint32Array(pixels),
    };
    if (!(interval.massLower <= interval.massCentre && interval.massCentre <= interval.massUpper)) {
      throw reader.fail(`BIF6 interval ${i} masses`, at + 4, `${interval.massLower}, ${interval.massCentre}, ${interval.massUpper} are not lower <= centre <= upper`);
    }
    const view = reader.view;
    for (let p = 0, byte = at + INTERVAL_HEADER_BYTES; p < pixels; p++, byte += 4) interval.counts[p] = view.getUint32(byte, true);
    intervals.push(interval);
  }
  return { rows, cols, intervals };
}
