import fs from "node:fs";
import { fileError } from "../../errors.js";
import { describeAfmsimsFile } from "../../io/describe.js";
import type { FileDescription } from "../../model/describe.js";
import { parseCommandArgs, positionals } from "../args.js";
import type { Command } from "../command.js";
import { describeText } from "../describeText.js";

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** False only for a readable file with no HDF5 signature where HDF5 allows one (0, 512, 1024, ...). */
function mayBeHdf5(file: string): boolean {
  let head = Buffer.alloc(4096);
  try {
    const fd = fs.openSync(file, "r");
    try {
      head = head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Unreadable: the HDF5 opener names the problem (no such file, a directory, permission).
    return true;
  }
  for (let at = 0; at + HDF5_SIGNATURE.length <= head.length; at = at === 0 ? 512 : at * 2) {
    if (head.subarray(at, at + HDF5_SIGNATURE.length).equals(HDF5_SIGNATURE)) return true;
  }
  return false;
}

async function describeAnyFile(file: string): Promise<FileDescription> {
  if (!mayBeHdf5(file)) {
    // Loaded only here, so describing an afmsims file does not pay for the importers.
    const { describeInstrumentFile } = await import("../../importers/index.js");
    const description = await describeInstrumentFile(file);
    if (description) return description;
  }
  return describeAfmsimsFile(file);
}

export const infoCommand: Command = {
  summary: "what a file holds (afmsims input or volume, or an instrument file) and whether it is valid",
  usage: "afmsims info FILE [--json]",
  async run(argv, context) {
    const { values, positionals: args } = parseCommandArgs("info", argv, { json: { type: "boolean" } });
    const [file] = positionals("info", args, ["FILE"]);
    const description = await describeAnyFile(file);
    if (!description.valid) {
      throw fileError(file, description.problems[0] ?? `not a valid ${description.format} file`);
    }
    context.stdout(values.json ? `${JSON.stringify(description)}\n` : describeText(description));
    return 0;
  },
};
