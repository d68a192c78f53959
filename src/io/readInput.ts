import type { InputModel } from "../model/types.js";
import type { Group } from "./h5/api.js";
import { ContractReader } from "./h5/contractReader.js";
import { checkFormat } from "./formatAttribute.js";
import { planHeightMap, readHeightMap } from "./heightMap.js";
import type { MemoryLimit } from "./memoryLimit.js";
import { checkSimsSizes, planSims, readSims } from "./simsStack.js";

export const INPUT_FORMAT = "afmsims-input";

/**
 * Reads an open `afmsims-input` file (FORMATS.md) into the validated model, every length in
 * metres. All shapes, attributes and declared sizes are checked before bulk data is read; any
 * problem is thrown as one `FILE: /path: problem` error. Works on either h5wasm build.
 */
export function readInputH5(h5: Group, file: string, memory: MemoryLimit): InputModel {
  const reader = new ContractReader(file, h5, memory);
  checkFormat(reader, INPUT_FORMAT);
  const beforePlan = planHeightMap(reader, reader.dataset("/afm/before"), false);
  const afterDataset = reader.optionalDataset("/afm/after");
  const afterPlan = afterDataset && planHeightMap(reader, afterDataset, true);
  const simsPlan = planSims(reader);
  checkSimsSizes(reader, simsPlan);

  const model: InputModel = { source: file, afmBefore: readHeightMap(reader, beforePlan), sims: readSims(reader, simsPlan) };
  if (afterPlan) model.afmAfter = readHeightMap(reader, afterPlan);
  return model;
}
