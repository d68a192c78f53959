import { fileError } from "../../errors.js";

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export interface SuperblockInfo {
  /** Byte offset of the superblock (0, 512, 1024, ...: a user block may precede it). */
  offset: number;
  version: number;
  /** Bytes the superblock says the file holds, counted from the start of the file; null when unset. */
  declaredSize: number | null;
}

/** True when the HDF5 signature starts at byte `at` (0, or 512, 1024, ... after a user block). */
export function hasHdf5SignatureAt(bytes: Uint8Array, at: number): boolean {
  if (at + SIGNATURE.length > bytes.length) return false;
  return SIGNATURE.every((b, i) => bytes[at + i] === b);
}

function readAddress(view: DataView, at: number, width: number): number | null {
  if (at + width > view.byteLength) return null;
  let value = 0;
  let allOnes = true;
  for (let i = width - 1; i >= 0; i--) {
    const byte = view.getUint8(at + i);
    if (byte !== 0xff) allOnes = false;
    value = value * 256 + byte;
  }
  return allOnes ? null : value;
}

/**
 * Finds and reads the HDF5 superblock from the first bytes of a file, so that a file that is
 * not HDF5, or one cut short, is named as such before the HDF5 library sees it.
 * `head` must hold at least the first 2 KiB (or the whole file when smaller).
 */
export function readSuperblock(file: string, head: Uint8Array, fileSize: number): SuperblockInfo {
  let offset = -1;
  for (let at = 0; at + 8 <= head.length; at = at === 0 ? 512 : at * 2) {
    if (hasHdf5SignatureAt(head, at)) {
      offset = at;
      break;
    }
  }
  if (offset < 0) throw fileError(file, "not an HDF5 file (no HDF5 signature found)");
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (offset + 9 > head.length) throw fileError(file, "truncated HDF5 file (superblock incomplete)");
  const version = view.getUint8(offset + 8);
  let offsetWidth: number;
  let baseAt: number;
  let eofAt: number;
  if (version === 0 || version === 1) {
    if (offset + 16 > head.length) throw fileError(file, "truncated HDF5 file (superblock incomplete)");
    offsetWidth = view.getUint8(offset + 13);
    const addressesStart = offset + (version === 0 ? 24 : 28);
    baseAt = addressesStart;
    eofAt = addressesStart + 2 * offsetWidth;
  } else if (version === 2 || version === 3) {
    offsetWidth = view.getUint8(offset + 9);
    baseAt = offset + 12;
    eofAt = offset + 12 + 2 * offsetWidth;
  } else {
    throw fileError(file, `unsupported HDF5 superblock version ${version}`);
  }
  if (![2, 4, 8].includes(offsetWidth)) {
    throw fileError(file, `corrupt HDF5 superblock (offset size ${offsetWidth})`);
  }
  if (eofAt + offsetWidth > fileSize) throw fileError(file, "truncated HDF5 file (superblock incomplete)");
  const base = readAddress(view, baseAt, offsetWidth) ?? 0;
  const eof = readAddress(view, eofAt, offsetWidth);
  const declaredSize = eof === null ? null : base + eof;
  if (declaredSize !== null && declaredSize > fileSize) {
    throw fileError(
      file,
      `truncated HDF5 file: it has ${fileSize} bytes but its superblock declares ${declaredSize}`,
    );
  }
  return { offset, version, declaredSize };
}
