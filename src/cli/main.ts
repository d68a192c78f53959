import { AfmsimsError, CancelledError, UsageError } from "../errors.js";
import type { CliContext } from "./command.js";
import { commands } from "./commands/index.js";
import { stderrProgress } from "./progress.js";

const VERSION = "0.1.0";

async function usage(): Promise<string> {
  const lines = ["usage: afmsims <command> [options]", "", "commands:"];
  for (const [name, load] of Object.entries(commands)) {
    const command = await load();
    lines.push(`  ${name.padEnd(12)} ${command.summary}`);
  }
  lines.push("", "Run `afmsims <command> --help` for a command's options.");
  return lines.join("\n");
}

/** Runs the CLI and returns its exit status; never throws. */
export async function main(argv: string[], context: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      context.stdout(`${await usage()}\n`);
      return name === undefined ? 2 : 0;
    }
    if (name === "--version") {
      context.stdout(`afmsims ${VERSION}\n`);
      return 0;
    }
    const load = commands[name];
    if (!load) throw new UsageError(`unknown command "${name}" (see afmsims --help)`);
    const command = await load();
    if (rest.includes("--help") || rest.includes("-h")) {
      context.stdout(`usage: ${command.usage}\n`);
      return 0;
    }
    return await command.run(rest, context);
  } catch (err) {
    return reportFailure(err, context);
  }
}

function reportFailure(err: unknown, context: CliContext): number {
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
  if (err instanceof RangeError && /allocation|Array buffer|memory/i.test(err.message)) {
    context.stderr(`afmsims: out of memory (${err.message})\n`);
    return 1;
  }
  const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
  context.stderr(`afmsims: internal error: ${message} (set AFMSIMS_DEBUG=1 for details)\n`);
  if (process.env.AFMSIMS_DEBUG) context.stderr(`${err instanceof Error ? err.stack : ""}\n`);
  return 1;
}

export async function runFromProcess(): Promise<void> {
  // Ctrl-C exits through process.exit so that "exit" handlers remove partial output files.
  process.on("SIGINT", () => process.exit(130));
  process.on("SIGTERM", () => process.exit(143));
  const status = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    progress: stderrProgress(),
  });
  process.exitCode = status;
}
