/// <reference lib="webworker" />
/**
 * Opening a browser `File` with the browser build of h5wasm, inside a Web Worker. Small files are
 * copied into h5wasm's memory; large ones are mounted with WORKERFS, which reads parts of the File
 * on demand (FileReaderSync: workers only). Shared by every worker that reads afmsims files.
 */
import h5wasm from "h5wasm";
import { AfmsimsError, fileError } from "../../errors.js";
import { memoryLimit, type MemoryLimit } from "../memoryLimit.js";
import type { Group } from "./api.js";
import { h5Problem, isH5Failure } from "./problem.js";
import { readSuperblock } from "./superblock.js";

const MOUNT_POINT = "/afmsims-mount";
const COPY_DIR = "/afmsims-copy";
const SUPERBLOCK_HEAD_BYTES = 4096;

/** Chromium tells workers the device memory in GiB (rounded, capped at 8); elsewhere it is unknown. */
function deviceMemory(): number | undefined {
  const gib = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  return gib ? gib * 1024 ** 3 : undefined;
}

type EmscriptenFS = Awaited<typeof h5wasm.ready>["FS"];

/** Makes the File readable by h5wasm at a path; returns the path and how to undo it. */
async function place(FS: EmscriptenFS, file: File, mountAbove: number): Promise<{ path: string; release: () => void }> {
  if (file.size > mountAbove) {
    FS.mkdir(MOUNT_POINT);
    FS.mount(FS.filesystems.WORKERFS, { files: [file] }, MOUNT_POINT);
    return { path: `${MOUNT_POINT}/${file.name}`, release: () => FS.unmount(MOUNT_POINT) };
  }
  FS.mkdir(COPY_DIR);
  // A fixed name: the File's own name is only for messages and may hold any character.
  const path = `${COPY_DIR}/file.h5`;
  FS.writeFile(path, new Uint8Array(await file.arrayBuffer()));
  return { path, release: () => FS.unlink(path) };
}

/**
 * Opens `file` read-only and runs `read` on its root group, then closes it. A file that is not
 * HDF5, is truncated or has corrupt data ends as an AfmsimsError `NAME: problem`.
 */
export async function readH5InWorker<T>(file: File, mountAbove: number, read: (h5: Group, memory: MemoryLimit) => T): Promise<T> {
  const head = new Uint8Array(await file.slice(0, SUPERBLOCK_HEAD_BYTES).arrayBuffer());
  readSuperblock(file.name, head, file.size);
  const module = await h5wasm.ready;
  module.activate_throwing_error_handler();
  const { path, release } = await place(module.FS, file, mountAbove);
  try {
    let h5: InstanceType<typeof h5wasm.File>;
    try {
      h5 = new h5wasm.File(path, "r");
    } catch (err) {
      throw fileError(file.name, `corrupt HDF5 file (${h5Problem(err)})`);
    }
    try {
      return read(h5, memoryLimit(deviceMemory()));
    } catch (err) {
      if (err instanceof AfmsimsError) throw err;
      if (isH5Failure(err)) {
        throw fileError(file.name, `corrupt or truncated HDF5 data (${h5Problem(err)})`);
      }
      throw err;
    } finally {
      h5.close();
    }
  } finally {
    release();
  }
}
