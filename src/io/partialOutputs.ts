/**
 * Outputs being written under a temporary name, so that whoever ends the process early can
 * remove them. On the main thread an "exit" handler does it (Ctrl-C exits through process.exit).
 * A command running on a worker thread is stopped from outside, where no handler of its own
 * runs: it relays each registration to the thread that stops it, which removes them.
 */
import fs from "node:fs";
import type { MessagePort } from "node:worker_threads";

/** A registration as relayed: `path` is being written (true) or is renamed into place or gone (false). */
export interface PartialOutputMessage {
  kind: "partialOutput";
  path: string;
  pending: boolean;
}

const pending = new Set<string>();
let relay: MessagePort | null = null;
let removeOnExit = false;

/** Removes a partial output, file or folder; best effort, as the process is ending. */
export function removePartialOutput(file: string): void {
  try {
    fs.rmSync(file, { recursive: true, force: true });
  } catch {
    // a path that cannot be removed (a file where its folder should be) was never written
  }
}

/** Relays this thread's registrations through `port`, before the files are made. */
export function relayPartialOutputs(port: MessagePort): void {
  relay = port;
}

/**
 * Registers `file` as being written; the returned function unregisters it once it is renamed
 * into place or removed.
 */
export function trackPartialOutput(file: string): () => void {
  if (!removeOnExit) {
    removeOnExit = true;
    process.on("exit", () => pending.forEach(removePartialOutput));
  }
  pending.add(file);
  relay?.postMessage({ kind: "partialOutput", path: file, pending: true } satisfies PartialOutputMessage);
  return () => {
    pending.delete(file);
    relay?.postMessage({ kind: "partialOutput", path: file, pending: false } satisfies PartialOutputMessage);
  };
}
