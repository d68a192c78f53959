import { fileError } from "../../errors.js";
import { describeAfmsimsFile } from "../../io/describe.js";
import { mayBeHdf5 } from "../../io/mayBeHdf5.js";
import type { FileDescription } from "../../model/describe.js";
import { parseCommandArgs, positionals } from "../args.js";
import type { Command } from "../command.js";
import { describeText } from "../describeText.js";

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
