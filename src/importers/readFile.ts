import fs from "node:fs";
import { fileError } from "../errors.js";
import { ByteReader } from "./binary.js";

/** Reads a whole instrument file, turning the usual failures into one-line file errors. */
export async function readInstrumentBytes(file: string): Promise<ByteReader> {
  try {
    const stat = await fs.promises.stat(file);
    if (stat.isDirectory()) throw fileError(file, "is a directory, not a file");
    if (stat.size > 2 ** 31 - 1) throw fileError(file, `is ${stat.size} bytes; instrument files over 2 GiB are not supported`);
    return new ByteReader(file, new Uint8Array(await fs.promises.readFile(file)));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw fileError(file, "no such file");
    if (code === "EACCES") throw fileError(file, "permission denied");
    if (code === "EISDIR") throw fileError(file, "is a directory, not a file");
    throw err;
  }
}
