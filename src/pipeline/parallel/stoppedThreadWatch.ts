// The thread pool's watch thread. While the workers run their parts the calling thread is
// blocked, so it cannot hear of a worker that stops without answering (out of memory, ended):
// its 'exit' event would wait for the blocked event loop. This thread is never blocked. It holds
// the far end of a port that each worker holds, which closes when that worker ends; it then
// counts the worker as stopped and wakes the caller.
import { parentPort, workerData } from "node:worker_threads";
import { PARTS_FINISHED, WORKERS_STOPPED, type WatchSetup } from "./threadMessages.js";

const { counters, lifelines } = workerData as WatchSetup;
const counts = new Int32Array(counters);

for (const lifeline of lifelines) {
  lifeline.once("close", () => {
    Atomics.add(counts, WORKERS_STOPPED, 1);
    // Moves the count the caller waits on, so that it wakes even if it was about to wait.
    Atomics.add(counts, PARTS_FINISHED, 1);
    Atomics.notify(counts, PARTS_FINISHED);
  });
  // A port reports its closing only once started, as a 'message' listener starts it.
  lifeline.on("message", () => {});
}
parentPort!.postMessage("ready");
