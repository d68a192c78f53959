import type { Progress } from "./progress.js";

/** What a command may use of the outside world; tests pass their own. */
export interface CliContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  progress: Progress;
}

export interface Command {
  summary: string;
  usage: string;
  /** Runs the command; returns the exit status. Throws AfmsimsError or UsageError on failure. */
  run(argv: string[], context: CliContext): Promise<number>;
}
