/**
 * The thread a long command runs on, so that the main thread stays free to stop it at once on
 * Ctrl-C. Output, progress and the outputs being written travel to the main thread as messages.
 */
import { workerData } from "node:worker_threads";
import { relayPartialOutputs } from "../io/partialOutputs.js";
import { main } from "./main.js";
import type { Progress } from "./progress.js";
import type { CommandMessage, CommandWorkerData } from "./workerMessages.js";

/** Progress updates more often than this would only cost messages: the bar redraws at most every 100 ms. */
const UPDATE_INTERVAL_MS = 50;

function relayedProgress(send: (message: CommandMessage) => void): Progress {
  let lastUpdate = 0;
  return {
    stage: (name, total) => send({ kind: "stage", name, total }),
    update(done) {
      const now = performance.now();
      if (now - lastUpdate < UPDATE_INTERVAL_MS) return;
      lastUpdate = now;
      send({ kind: "update", done });
    },
    end: () => send({ kind: "end" }),
  };
}

const { argv, port } = workerData as CommandWorkerData;
const send = (message: CommandMessage) => port.postMessage(message);
relayPartialOutputs(port);
const status = await main(argv, {
  stdout: (text) => send({ kind: "stdout", text }),
  stderr: (text) => send({ kind: "stderr", text }),
  progress: relayedProgress(send),
});
send({ kind: "status", status });
