/**
 * A failure caused by the user's input or environment. The CLI prints its message as one
 * line, `afmsims: <message>`, and exits with status 1; anything else is a bug.
 */
export class AfmsimsError extends Error {
  override readonly name = "AfmsimsError";
}

/** Bad command-line usage: the CLI prints the message and exits with status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** An error about one file, worded `FILE: problem` so the user sees which file is at fault. */
export function fileError(file: string, problem: string): AfmsimsError {
  return new AfmsimsError(`${file}: ${problem}`);
}

/** Thrown when the user cancels a long job (a cancel button, Ctrl-C). */
export class CancelledError extends Error {
  override readonly name = "CancelledError";
}
