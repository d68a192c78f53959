import type { MessagePort } from "node:worker_threads";
import type { PartialOutputMessage } from "../io/partialOutputs.js";

/** What the CLI's main thread hands the thread that runs a command. */
export interface CommandWorkerData {
  argv: string[];
  port: MessagePort;
}

/** What the command's thread tells the main thread, in the order it happens. */
export type CommandMessage =
  | { kind: "stdout" | "stderr"; text: string }
  | { kind: "stage"; name: string; total: number }
  | { kind: "update"; done: number }
  | { kind: "end" }
  | { kind: "status"; status: number }
  | PartialOutputMessage;
