import os from "node:os";
import type { InputModel, VolumeModel } from "../model/types.js";
import { withH5Read } from "./h5/node.js";
import { memoryLimit, type MemoryLimit } from "./memoryLimit.js";
import { readInputH5 } from "./readInput.js";
import { readVolumeH5 } from "./readVolume.js";

/** The memory limit of this machine, for readers in Node. */
export function nodeMemoryLimit(): MemoryLimit {
  return memoryLimit(os.totalmem());
}

/** Reads and validates an `afmsims-input` file from disk. */
export function readInputFile(file: string): Promise<InputModel> {
  return withH5Read(file, (h5) => readInputH5(h5, file, nodeMemoryLimit()));
}

/** Reads and validates an `afmsims-volume` file from disk. */
export function readVolumeFile(file: string): Promise<VolumeModel> {
  return withH5Read(file, (h5) => readVolumeH5(h5, file, nodeMemoryLimit()));
}
