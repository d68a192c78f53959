/// <reference lib="webworker" />
/**
 * Opens a file the user gave the viewer, off the main thread: an afmsims-volume is read, an
 * afmsims-input is read and reconstructed by the same pipeline and WebAssembly kernels as
 * `afmsims reconstruct` (default options), and either is packed into textures for the GPU.
 * Progress is posted as it goes; the page cancels by terminating the worker.
 */
import { declaredFormat } from "../io/formatAttribute.js";
import { ContractReader } from "../io/h5/contractReader.js";
import { readH5InWorker } from "../io/h5/workerFile.browser.js";
import { transferables } from "../io/h5/transferables.js";
import { INPUT_FORMAT, readInputH5 } from "../io/readInput.js";
import { readVolumeH5 } from "../io/readVolume.js";
import type { InputModel, VolumeModel } from "../model/types.js";
import { reconstruct } from "../pipeline/reconstruct.js";
import { loadReconstructionKernels } from "../pipeline/reconstruct/kernels.js";
import { prepareVolumeData, type PreparedVolume } from "./app/loadedVolume.js";
import { INPUT_LOAD_STAGES, PREPARING_STAGE, READING_STAGE, StageProgress, VOLUME_LOAD_STAGES } from "./app/loadProgress.js";
import { openFailure } from "./app/openFailure.js";
import type { OpenFileMessage, OpenFileRequest } from "./app/openFileProtocol.js";

declare const self: DedicatedWorkerGlobalScope;

type FileContent = { input: InputModel } | { volume: VolumeModel };

async function open({ file, limits, mountAbove }: OpenFileRequest, progress: StageProgress): Promise<PreparedVolume> {
  progress.stage(READING_STAGE, 1);
  const content = await readH5InWorker<FileContent>(file, mountAbove, (h5, memory) =>
    declaredFormat(new ContractReader(file.name, h5, memory)) === INPUT_FORMAT
      ? { input: readInputH5(h5, file.name, memory) }
      : { volume: readVolumeH5(h5, file.name, memory) },
  );
  if ("input" in content) progress.plan(INPUT_LOAD_STAGES);
  progress.end();
  let volume: VolumeModel;
  if ("input" in content) {
    volume = reconstruct(content.input, {}, await loadReconstructionKernels(), progress).volume;
  } else {
    volume = content.volume;
  }
  progress.stage(PREPARING_STAGE, 1);
  const prepared = prepareVolumeData(volume, limits);
  progress.end();
  return prepared;
}

self.onmessage = async (event: MessageEvent<OpenFileRequest>) => {
  const post = (message: OpenFileMessage, transfer: Transferable[] = []) => self.postMessage(message, transfer);
  const progress = new StageProgress(VOLUME_LOAD_STAGES, (update) => post({ type: "progress", progress: update }));
  try {
    const prepared = await open(event.data, progress);
    post({ type: "done", prepared }, transferables(prepared));
  } catch (err) {
    post(openFailure(event.data.file.name, err));
  }
};
