import { AfmsimsError, CancelledError, UsageError } from "../errors.js";
import type { CliContext } from "./command.js";

/** Prints a failure as one line on stderr and returns the exit status it stands for. */
export function reportFailure(err: unknown, context: Pick<CliContext, "stderr">): number {
  if (err instanceof UsageError) {
    context.stderr(`afmsims: ${err.message}\n`);
    return 2;
  }
  if (err instanceof AfmsimsError) {
    context.stderr(`afmsims: ${err.message}\n`);
    return 1;
  }
  if (err instanceof CancelledError) {
    context.stderr("afmsims: cancelled\n");
    return 130;
  }
  if (isOutOfMemory(err)) {
    context.stderr(`afmsims: out of memory (${err.message})\n`);
    return 1;
  }
  const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
  context.stderr(`afmsims: internal error: ${message} (set AFMSIMS_DEBUG=1 for details)\n`);
  if (process.env.AFMSIMS_DEBUG) context.stderr(`${err instanceof Error ? err.stack : ""}\n`);
  return 1;
}

/** A failed allocation, or a command thread that V8 stopped at its heap limit. */
function isOutOfMemory(err: unknown): err is Error {
  if (err instanceof RangeError) return /allocation|Array buffer|memory/i.test(err.message);
  return err instanceof Error && (err as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY";
}
