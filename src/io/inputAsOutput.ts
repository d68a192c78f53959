import fs from "node:fs";
import { fileError } from "../errors.js";

/**
 * `--force` replaces an output, never the data being read: refuses an output that is one of
 * `inputs`, however it is spelled (relative, `..`, a symbolic or hard link), by comparing the
 * files' device and inode. An output that does not exist yet cannot be an input.
 */
export function refuseInputAsOutput(output: string, inputs: readonly string[]): void {
  const target = statOrNull(output);
  if (!target) return;
  for (const input of inputs) {
    const source = statOrNull(input);
    if (source && source.dev === target.dev && source.ino === target.ino) {
      throw fileError(output, `is an input of this command (${input}); write the output to another file`);
    }
  }
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}
