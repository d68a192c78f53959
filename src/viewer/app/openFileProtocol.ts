/** Messages between `openInWorker` (main thread) and openFile.worker.ts. */
import type { TextureLimits } from "../lib/texturePlan.js";
import type { PreparedVolume } from "./loadedVolume.js";
import type { LoadProgress } from "./loadProgress.js";

export interface OpenFileRequest {
  file: File;
  /** The GPU's limits, read on the main thread: the worker packs the textures to fit them. */
  limits: TextureLimits;
  /** Files larger than this many bytes are mounted (WORKERFS, read on demand) instead of copied. */
  mountAbove: number;
}

export type OpenFileMessage =
  | { type: "progress"; progress: LoadProgress }
  | { type: "done"; prepared: PreparedVolume }
  /** `fileProblem`: the message is a `FILE: problem` line about the file, not a bug. */
  | { type: "failed"; message: string; fileProblem: boolean };
