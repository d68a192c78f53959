/**
 * Opens a File for the viewer in a Web Worker (openFile.worker.ts): volumes are read, inputs
 * reconstructed, both packed for the GPU. Aborting the signal terminates the worker at once,
 * whatever stage it is in, and rejects with an AbortError.
 */
import { AfmsimsError } from "../../errors.js";
import type { TextureLimits } from "../lib/texturePlan.js";
import type { PreparedVolume } from "./loadedVolume.js";
import type { LoadProgress } from "./loadProgress.js";
import type { OpenFileMessage, OpenFileRequest } from "./openFileProtocol.js";

export interface OpenInWorkerOptions {
  limits: TextureLimits;
  signal: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
  /**
   * Files larger than this many bytes are read on demand from the File (WORKERFS) rather than
   * copied whole into h5wasm's memory, which is capped at 2 GiB.
   */
  mountAbove?: number;
}

const DEFAULT_MOUNT_ABOVE = 64 * 1024 * 1024;

export function openInWorker(file: File, { limits, signal, onProgress, mountAbove = DEFAULT_MOUNT_ABOVE }: OpenInWorkerOptions): Promise<PreparedVolume> {
  if (signal.aborted) return Promise.reject(new DOMException(`opening ${file.name} was cancelled`, "AbortError"));
  const worker = new Worker(new URL("../openFile.worker.ts", import.meta.url), { type: "module" });
  let cancel = () => {};
  return new Promise<PreparedVolume>((resolve, reject) => {
    cancel = () => reject(new DOMException(`opening ${file.name} was cancelled`, "AbortError"));
    signal.addEventListener("abort", cancel, { once: true });
    worker.onmessage = (event: MessageEvent<OpenFileMessage>) => {
      const message = event.data;
      if (message.type === "progress") onProgress?.(message.progress);
      else if (message.type === "done") resolve(message.prepared);
      else reject(message.fileProblem ? new AfmsimsError(message.message) : new Error(message.message));
    };
    worker.onerror = (event) => reject(new Error(`${file.name}: the worker that opens files failed (${event.message})`));
    const request: OpenFileRequest = { file, limits, mountAbove };
    worker.postMessage(request);
  }).finally(() => {
    signal.removeEventListener("abort", cancel);
    worker.terminate();
  });
}
