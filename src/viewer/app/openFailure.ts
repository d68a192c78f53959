/** What the page is told when a file cannot be opened: one line naming the file and the problem. */
import { AfmsimsError, fileError } from "../../errors.js";
import { h5Problem } from "../../io/h5/problem.js";
import type { OpenFileMessage } from "./openFileProtocol.js";

/** A failed allocation (typed array, ArrayBuffer or WebAssembly memory): the file is too large for this browser. */
function isOutOfMemory(err: unknown): err is RangeError {
  return err instanceof RangeError && /allocation|array buffer|array length|memory/i.test(err.message);
}

export function openFailure(fileName: string, err: unknown): Extract<OpenFileMessage, { type: "failed" }> {
  if (err instanceof AfmsimsError) return { type: "failed", message: err.message, fileProblem: true };
  if (isOutOfMemory(err)) {
    return { type: "failed", message: fileError(fileName, `too large to open in this browser's memory (${err.message})`).message, fileProblem: true };
  }
  return { type: "failed", message: `${fileName}: ${h5Problem(err)}`, fileProblem: false };
}
