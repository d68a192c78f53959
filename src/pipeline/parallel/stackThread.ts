// A worker thread of the thread pool: loads its own kernels, then runs the parts it is sent over
// the shared arrays the request points at, and counts each one as finished.
import { parentPort, workerData } from "node:worker_threads";
import { loadReconstructionKernels } from "../reconstruct/kernels.js";
import { exposedGarbageCollector } from "./garbageCollector.js";
import { STACK_TASKS } from "./stackTasks.js";
import { PARTS_FINISHED, type PartRequest, type PartResult, type ThreadSetup } from "./threadMessages.js";

const setup = workerData as ThreadSetup;
const counters = new Int32Array(setup.counters);
const kernelSet = await loadReconstructionKernels(setup.build);

// A shared array stays allocated while any thread still holds an object for it, and a worker
// allocates too little for its own collector ever to run: the requests it has answered would
// keep every array they carried alive after the caller let go of them, until the pool closes
// (the classification's fractions among them: 400 MiB, 0.8x the input, on the 512 x 512 paper
// preset). So the worker collects after each part, once its request is out of scope; its heap
// is small, so a collection is quick.
const collectGarbage = exposedGarbageCollector();

setup.port.on("message", (request: PartRequest) => {
  let result: PartResult = { ok: true };
  try {
    (STACK_TASKS[request.name] as (k: typeof kernelSet, a: unknown, from: number, to: number) => void)(kernelSet, request.args, request.from, request.to);
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    result = { ok: false, errorName: error.name, message: error.message };
  }
  // The answer is queued before the count moves, so the waiting caller finds it.
  setup.port.postMessage(result);
  Atomics.add(counters, PARTS_FINISHED, 1);
  Atomics.notify(counters, PARTS_FINISHED);
  setImmediate(collectGarbage);
});
parentPort!.postMessage("ready");
