/**
 * Runs a command on a worker thread and relays what it prints, so the main thread can stop it
 * within milliseconds of a Ctrl-C, however long the command's synchronous stages are.
 */
import { MessageChannel, receiveMessageOnPort, type Worker } from "node:worker_threads";
import { removePartialOutput } from "../io/partialOutputs.js";
import { nodeModuleWorker } from "../parallel/nodeModuleWorker.js";
import type { CliContext } from "./command.js";
import { reportFailure } from "./reportFailure.js";
import type { CommandMessage, CommandWorkerData } from "./workerMessages.js";

/** How long a stop may take before the partial outputs are removed regardless. */
const TERMINATE_TIMEOUT_MS = 1000;

export interface CommandRun {
  /** The command's exit status once it has finished; failures are already reported. */
  finished: Promise<number>;
  /** Stops the command and removes the outputs it had not finished writing. */
  cancel(): Promise<void>;
}

function newWorker(data: CommandWorkerData): Worker {
  return nodeModuleWorker(import.meta.url, "commandWorker", { workerData: data, transferList: [data.port] });
}

/** Runs `afmsims ARGV` on a worker thread, printing through `context` as the command does. */
export function runOnWorker(argv: string[], context: CliContext): CommandRun {
  const channel = new MessageChannel();
  const worker = newWorker({ argv, port: channel.port2 });
  const partialOutputs = new Set<string>();
  let settle: (status: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (settle = resolve));
  let done = false;
  const finish = (status: number) => {
    if (done) return;
    done = true;
    // Whatever the command left running (an idle thread pool) must not keep the CLI alive.
    worker.unref();
    channel.port1.close();
    settle(status);
  };

  const handle = (message: CommandMessage) => {
    switch (message.kind) {
      case "stdout":
        return context.stdout(message.text);
      case "stderr":
        return context.stderr(message.text);
      case "stage":
        return context.progress.stage(message.name, message.total);
      case "update":
        return context.progress.update(message.done);
      case "end":
        return context.progress.end();
      case "partialOutput":
        if (message.pending) partialOutputs.add(message.path);
        else partialOutputs.delete(message.path);
        return;
      case "status":
        return finish(message.status);
    }
  };
  // Messages sent just before the thread ended may still wait on the port when it is gone.
  const drain = () => {
    for (let next = receiveMessageOnPort(channel.port1); next; next = receiveMessageOnPort(channel.port1)) {
      handle(next.message as CommandMessage);
    }
  };

  channel.port1.on("message", handle);
  worker.on("error", (err) => {
    drain();
    finish(reportFailure(err, context));
  });
  worker.on("exit", (code) => {
    drain();
    finish(code);
  });

  return {
    finished,
    async cancel() {
      await Promise.race([worker.terminate(), new Promise((resolve) => setTimeout(resolve, TERMINATE_TIMEOUT_MS).unref())]);
      if (!done) drain();
      partialOutputs.forEach(removePartialOutput);
    },
  };
}
