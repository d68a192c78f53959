import fs from "node:fs";
import path from "node:path";
import "./quietAbort.js";
import h5wasm from "h5wasm/node";
import { AfmsimsError, fileError } from "../../errors.js";
import { trackPartialOutput } from "../partialOutputs.js";
import { h5Problem, isH5Failure } from "./problem.js";
import { readSuperblock } from "./superblock.js";

export type H5File = InstanceType<typeof h5wasm.File>;

let ready: Promise<void> | null = null;

/** Loads h5wasm once, with errors thrown rather than printed to stderr. */
export function h5Ready(): Promise<void> {
  ready ??= h5wasm.ready.then((module) => {
    module.activate_throwing_error_handler();
  });
  return ready;
}

function readHead(file: string): { head: Uint8Array; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw fileError(file, "no such file");
    if (code === "EISDIR") throw fileError(file, "is a directory, not a file");
    if (code === "EACCES") throw fileError(file, "permission denied");
    throw fileError(file, `cannot open (${code ?? String(err)})`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw fileError(file, "is a directory, not a file");
    const head = new Uint8Array(Math.min(stat.size, 4096));
    fs.readSync(fd, head, 0, head.length, 0);
    return { head, size: stat.size };
  } finally {
    fs.closeSync(fd);
  }
}

export { h5Problem };

/**
 * Opens an HDF5 file for reading, after checking that it exists, is HDF5 and is not cut short,
 * so each of those cases gets its own clear message.
 */
export async function openH5ForRead(file: string): Promise<H5File> {
  const { head, size } = readHead(file);
  readSuperblock(file, head, size);
  await h5Ready();
  try {
    return new h5wasm.File(path.resolve(file), "r");
  } catch (err) {
    throw fileError(file, `corrupt HDF5 file (${h5Problem(err)})`);
  }
}

/** Runs `read` on an open file and always closes it; HDF5 library errors become file errors. */
export async function withH5Read<T>(file: string, read: (h5: H5File) => T | Promise<T>): Promise<T> {
  const h5 = await openH5ForRead(file);
  try {
    return await read(h5);
  } catch (err) {
    if (err instanceof AfmsimsError) throw err;
    if (isH5Failure(err)) {
      throw fileError(file, `corrupt or truncated HDF5 data (${h5Problem(err)})`);
    }
    throw err;
  } finally {
    h5.close();
  }
}

export interface WriteOptions {
  /** Replace an existing file; without it an existing output is refused. */
  force?: boolean;
}

/** Refuses to replace an existing output unless forced: nothing is overwritten without asking. */
export function assertWritable(file: string, options: WriteOptions): void {
  // --force replaces a file, never a folder: the rename at the end of the work would fail.
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw fileError(file, "is a folder, not a file");
  if (!options.force && fs.existsSync(file)) {
    throw fileError(file, "already exists (use --force to replace it)");
  }
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw fileError(file, `directory ${dir} does not exist`);
  // A file's path + "/out.h5" would otherwise pass, and fail only when the work is done.
  if (!fs.statSync(dir).isDirectory()) throw fileError(file, `${dir} is not a directory`);
}

/**
 * Writes an HDF5 file through a temporary file in the same directory and renames it into place
 * only when `write` has finished, so a failure or an interruption never leaves a half-written
 * output under the requested name.
 */
export async function writeH5Atomically(
  file: string,
  options: WriteOptions,
  write: (h5: H5File) => void | Promise<void>,
): Promise<void> {
  assertWritable(file, options);
  await h5Ready();
  const target = path.resolve(file);
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
  const removePartial = () => fs.rmSync(partial, { force: true });
  const untrack = trackPartialOutput(partial);
  let h5: H5File | null = null;
  try {
    h5 = new h5wasm.File(partial, "w");
    await write(h5);
    h5.close();
    h5 = null;
    fs.renameSync(partial, target);
  } catch (err) {
    if (h5) {
      try {
        h5.close();
      } catch {
        // the write already failed; closing is best effort
      }
    }
    removePartial();
    if (err instanceof AfmsimsError) throw err;
    if (isH5Failure(err)) {
      throw fileError(file, `cannot write HDF5 (${h5Problem(err)})`);
    }
    throw err;
  } finally {
    untrack();
  }
}
