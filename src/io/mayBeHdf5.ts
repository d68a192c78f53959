import fs from "node:fs";
import { hasHdf5SignatureAt } from "./h5/superblock.js";

/**
 * False only for a readable file with no HDF5 signature where HDF5 allows one (0, 512, 1024, ...
 * within the first 4 KiB), so a caller can hand every other file to the importers without reading
 * a large HDF5 file whole.
 */
export function mayBeHdf5(file: string): boolean {
  let head = Buffer.alloc(4096);
  try {
    const fd = fs.openSync(file, "r");
    try {
      head = head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Unreadable: the HDF5 opener names the problem (no such file, a directory, permission).
    return true;
  }
  for (let at = 0; at + 8 <= head.length; at = at === 0 ? 512 : at * 2) {
    if (hasHdf5SignatureAt(head, at)) return true;
  }
  return false;
}
