/**
 * Test page: exposes to playwright the viewer's own way of opening files (openInWorker and its
 * openFile.worker.ts), and a worker that reads an input by the same modules without reconstructing it.
 */
import type { InputModel } from "../../../src/model/types.js";
import type { PreparedVolume } from "../../../src/viewer/app/loadedVolume.js";
import { openInWorker } from "../../../src/viewer/app/openInWorker.js";

/** Small limits: the test volumes are tiny, and packing must not depend on the test machine's GPU. */
const LIMITS = { max3dTextureSize: 256, maxTexels: 1 << 20 };

function openInViewer(file: File, mountAbove: number): Promise<PreparedVolume> {
  return openInWorker(file, { limits: LIMITS, signal: new AbortController().signal, mountAbove });
}

function readInput(file: File, mountAbove: number): Promise<InputModel> {
  const worker = new Worker(new URL("./readInput.worker.ts", import.meta.url), { type: "module" });
  return new Promise<InputModel>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<{ model?: InputModel; error?: { name: string; message: string } }>) =>
      data.model ? resolve(data.model) : reject(Object.assign(new Error(data.error!.message), { name: data.error!.name }));
    worker.postMessage({ file, mountAbove });
  }).finally(() => worker.terminate());
}

declare global {
  interface Window {
    afmsims: { openInViewer: typeof openInViewer; readInput: typeof readInput };
  }
}

window.afmsims = { openInViewer, readInput };
document.title = "ready";
