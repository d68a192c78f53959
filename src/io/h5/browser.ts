/**
 * Opening afmsims files in the browser: each call runs in its own Web Worker (h5.worker.ts) with
 * the browser build of h5wasm, so the page stays responsive and h5wasm's memory is returned when
 * the worker ends. The same readers as in Node validate the file.
 */
import { AfmsimsError } from "../../errors.js";
import type { InputModel, VolumeModel } from "../../model/types.js";
import type { OpenReply, OpenRequest } from "./workerProtocol.js";

export interface OpenOptions {
  /**
   * Files larger than this many bytes are read on demand from the File (WORKERFS) rather than
   * copied whole into h5wasm's memory, which is capped at 2 GiB.
   */
  mountAbove?: number;
}

const DEFAULT_MOUNT_ABOVE = 64 * 1024 * 1024;

function openInWorker(kind: OpenRequest["kind"], file: File, options: OpenOptions): Promise<InputModel | VolumeModel> {
  const worker = new Worker(new URL("./h5.worker.ts", import.meta.url), { type: "module" });
  return new Promise<InputModel | VolumeModel>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<OpenReply>) => {
      const reply = event.data;
      if (reply.ok) resolve(reply.model);
      else reject(reply.fileProblem ? new AfmsimsError(reply.message) : new Error(reply.message));
    };
    worker.onerror = (event) => reject(new Error(`${file.name}: the HDF5 worker failed (${event.message})`));
    const request: OpenRequest = { kind, file, mountAbove: options.mountAbove ?? DEFAULT_MOUNT_ABOVE };
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

/** Reads and validates an `afmsims-input` File; rejects with an AfmsimsError `NAME: problem` for a bad file. */
export function openInputFile(file: File, options: OpenOptions = {}): Promise<InputModel> {
  return openInWorker("input", file, options) as Promise<InputModel>;
}

/** Reads and validates an `afmsims-volume` File; rejects with an AfmsimsError `NAME: problem` for a bad file. */
export function openVolumeFile(file: File, options: OpenOptions = {}): Promise<VolumeModel> {
  return openInWorker("volume", file, options) as Promise<VolumeModel>;
}
