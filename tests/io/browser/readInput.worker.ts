/// <reference lib="webworker" />
/**
 * Reads an afmsims-input File exactly as the viewer's openFile.worker.ts does (readH5InWorker with
 * readInputH5), and posts the model back rather than reconstructing it, so the page can compare
 * its arrays with h5py's.
 */
import { readInputH5 } from "../../../src/io/readInput.js";
import { readH5InWorker } from "../../../src/io/h5/workerFile.browser.js";
import { transferables } from "../../../src/io/h5/transferables.js";

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async (event: MessageEvent<{ file: File; mountAbove: number }>) => {
  const { file, mountAbove } = event.data;
  try {
    const model = await readH5InWorker(file, mountAbove, (h5, memory) => readInputH5(h5, file.name, memory));
    self.postMessage({ model }, transferables(model));
  } catch (err) {
    const { name, message } = err instanceof Error ? err : { name: "Error", message: String(err) };
    self.postMessage({ error: { name, message } });
  }
};
