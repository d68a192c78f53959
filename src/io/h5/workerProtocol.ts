/** Messages between `openInputFile`/`openVolumeFile` (browser.ts) and the h5 worker (h5.worker.ts). */
import type { InputModel, VolumeModel } from "../../model/types.js";

export interface OpenRequest {
  kind: "input" | "volume";
  file: File;
  /** Files larger than this many bytes are mounted (WORKERFS, read on demand) instead of copied. */
  mountAbove: number;
}

export type OpenReply =
  | { ok: true; model: InputModel | VolumeModel }
  /** `fileProblem`: the message is a `FILE: problem` line about the input, not a bug. */
  | { ok: false; message: string; fileProblem: boolean };

/** The ArrayBuffers behind a model's typed arrays, to transfer them instead of copying. */
export function transferables(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const item of value) transferables(item, found);
  } else if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) transferables(item, found);
  }
  return [...found];
}
