/// <reference lib="webworker" />
/**
 * Opens one afmsims file in a Web Worker with the browser build of h5wasm and posts the model
 * back with its arrays transferred. Small files are copied into h5wasm's memory; large ones are
 * mounted with WORKERFS, which reads parts of the File on demand (FileReaderSync: workers only).
 */
import h5wasm from "h5wasm";
import { AfmsimsError, fileError } from "../../errors.js";
import { memoryLimit } from "../memoryLimit.js";
import { readInputH5 } from "../readInput.js";
import { readVolumeH5 } from "../readVolume.js";
import { h5Problem, isH5Failure } from "./problem.js";
import { readSuperblock } from "./superblock.js";
import { transferables, type OpenReply, type OpenRequest } from "./workerProtocol.js";

const MOUNT_POINT = "/afmsims-mount";
const COPY_DIR = "/afmsims-copy";
const SUPERBLOCK_HEAD_BYTES = 4096;

declare const self: DedicatedWorkerGlobalScope;

/** Chromium tells workers the device memory in GiB (rounded, capped at 8); elsewhere it is unknown. */
function deviceMemory(): number | undefined {
  const gib = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  return gib ? gib * 1024 ** 3 : undefined;
}

type EmscriptenFS = Awaited<typeof h5wasm.ready>["FS"];

/** Makes the File readable by h5wasm at a path; returns the path and how to undo it. */
async function place(FS: EmscriptenFS, file: File, mountAbove: number): Promise<{ path: string; release: () => void }> {
  if (file.size > mountAbove) {
    FS.mkdir(MOUNT_POINT);
    FS.mount(FS.filesystems.WORKERFS, { files: [file] }, MOUNT_POINT);
    return { path: `${MOUNT_POINT}/${file.name}`, release: () => FS.unmount(MOUNT_POINT) };
  }
  FS.mkdir(COPY_DIR);
  // A fixed name: the File's own name is only for messages and may hold any character.
  const path = `${COPY_DIR}/file.h5`;
  FS.writeFile(path, new Uint8Array(await file.arrayBuffer()));
  return { path, release: () => FS.unlink(path) };
}

async function open(request: OpenRequest): Promise<OpenReply> {
  const { file, kind, mountAbove } = request;
  const head = new Uint8Array(await file.slice(0, SUPERBLOCK_HEAD_BYTES).arrayBuffer());
  readSuperblock(file.name, head, file.size);
  const module = await h5wasm.ready;
  module.activate_throwing_error_handler();
  const { path, release } = await place(module.FS, file, mountAbove);
  try {
    let h5: InstanceType<typeof h5wasm.File>;
    try {
      h5 = new h5wasm.File(path, "r");
    } catch (err) {
      throw fileError(file.name, `corrupt HDF5 file (${h5Problem(err)})`);
    }
    try {
      const memory = memoryLimit(deviceMemory());
      const model = kind === "input" ? readInputH5(h5, file.name, memory) : readVolumeH5(h5, file.name, memory);
      return { ok: true, model };
    } catch (err) {
      if (err instanceof AfmsimsError) throw err;
      if (isH5Failure(err)) {
        throw fileError(file.name, `corrupt or truncated HDF5 data (${h5Problem(err)})`);
      }
      throw err;
    } finally {
      h5.close();
    }
  } finally {
    release();
  }
}

self.onmessage = async (event: MessageEvent<OpenRequest>) => {
  let reply: OpenReply;
  try {
    reply = await open(event.data);
  } catch (err) {
    reply = { ok: false, message: h5Problem(err), fileProblem: err instanceof AfmsimsError };
  }
  self.postMessage(reply, reply.ok ? transferables(reply.model) : []);
};
