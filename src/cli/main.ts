import { UsageError } from "../errors.js";
import type { CliContext } from "./command.js";
import { commands } from "./commands/index.js";
import { stderrProgress } from "./progress.js";
import { reportFailure } from "./reportFailure.js";
import { runOnWorker, type CommandRun } from "./workerRun.js";

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
    // Asked for, the usage is the answer (stdout, 0); without a command it is a usage error (stderr, 2).
    if (name === undefined) {
      context.stderr(`${await usage()}\n`);
      return 2;
    }
    if (name === "--help" || name === "-h" || name === "help") {
      context.stdout(`${await usage()}\n`);
      return 0;
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

/** Commands that can run long enough for a Ctrl-C (view reconstructs an input first): they run on a thread of their own. */
const RUN_ON_WORKER = new Set(["simulate", "import", "reconstruct", "profile", "embed", "view"]);

const SIGNAL_STATUS = { SIGINT: 130, SIGTERM: 143 } as const;

export async function runFromProcess(): Promise<void> {
  const argv = process.argv.slice(2);
  const context: CliContext = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    progress: stderrProgress(),
  };
  let run: CommandRun | null = null;
  let cancelling = false;
  const stop = async (status: number) => {
    if (!run) process.exit(status);
    // Stopping takes a second at most (see workerRun.ts): a second Ctrl-C meanwhile changes nothing.
    if (cancelling) return;
    cancelling = true;
    await run.cancel();
    // Off the line of a progress bar, where the terminal echoed ^C.
    context.stderr(`${process.stderr.isTTY ? "\n" : ""}afmsims: cancelled\n`);
    process.exit(status);
  };
  for (const [signal, status] of Object.entries(SIGNAL_STATUS)) process.on(signal, () => void stop(status));

  if (!RUN_ON_WORKER.has(argv[0] ?? "")) {
    process.exitCode = await main(argv, context);
    return;
  }
  run = runOnWorker(argv, context);
  const status = await run.finished;
  if (!cancelling) process.exitCode = status;
}
