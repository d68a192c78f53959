/// <reference lib="webworker" />
/** Opens one afmsims file in a Web Worker (workerFile.ts) and posts the model back with its arrays transferred. */
import { AfmsimsError } from "../../errors.js";
import { readInputH5 } from "../readInput.js";
import { readVolumeH5 } from "../readVolume.js";
import { h5Problem } from "./problem.js";
import { readH5InWorker } from "./workerFile.browser.js";
import { transferables, type OpenReply, type OpenRequest } from "./workerProtocol.js";

declare const self: DedicatedWorkerGlobalScope;

async function open({ file, kind, mountAbove }: OpenRequest): Promise<OpenReply> {
  const model = await readH5InWorker(file, mountAbove, (h5, memory) =>
    kind === "input" ? readInputH5(h5, file.name, memory) : readVolumeH5(h5, file.name, memory),
  );
  return { ok: true, model };
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
