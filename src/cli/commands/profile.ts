import fs from "node:fs";
import { UsageError, fileError } from "../../errors.js";
import { assertWritable } from "../../io/h5/node.js";
import { refuseInputAsOutput } from "../../io/inputAsOutput.js";
import { readVolumeFile } from "../../io/nodeFiles.js";
import { trackPartialOutput } from "../../io/partialOutputs.js";
import { profileRegion } from "../../profile/region.js";
import { parseRoi } from "../../profile/roi.js";
import { parseCommandArgs, positionals } from "../args.js";
import type { Command } from "../command.js";

const USAGE = `afmsims profile OUT.h5 --roi SHAPE [options]
  --roi SHAPE            circle:CX,CY,R | rect:X0,Y0,X1,Y1 | polygon:X1,Y1,X2,Y2,... in um of the SIMS
                         field (origin at the centre of pixel (0,0), x along columns, y along rows), or
                         the same after px: in SIMS pixels (required)
  -o, --output FILE      write the profile to FILE (default: stdout)
  --axis depth|height    depth below each pixel's own surface (default) or absolute height
  --format csv|json      default csv
  --force                replace an existing output file`;

export const profileCommand: Command = {
  summary: "depth profile of a region of a reconstructed volume, as CSV or JSON",
  usage: USAGE,
  async run(argv, context) {
    const { values, positionals: rest } = parseCommandArgs("profile", argv, {
      roi: { type: "string" },
      output: { type: "string", short: "o" },
      axis: { type: "string" },
      format: { type: "string" },
      force: { type: "boolean" },
    });
    const [file] = positionals("profile", rest, ["OUT.h5"]);
    const roi = typeof values.roi === "string" ? values.roi : undefined;
    if (!roi) throw new UsageError("profile: --roi SHAPE is required");
    parseRoi(roi);
    const axis = typeof values.axis === "string" ? values.axis : "depth";
    if (axis !== "depth" && axis !== "height") throw new UsageError(`--axis: expected depth or height, got "${axis}"`);
    const format = typeof values.format === "string" ? values.format : "csv";
    if (format !== "csv" && format !== "json") throw new UsageError(`--format: expected csv or json, got "${format}"`);
    const output = typeof values.output === "string" ? values.output : undefined;
    if (output) {
      assertWritable(output, { force: values.force === true });
      refuseInputAsOutput(output, [file!]);
    }

    const volume = await readVolumeFile(file!);
    const region = profileRegion(volume, roi, axis);
    const text = format === "json" ? `${region.json()}\n` : region.csv();
    if (!output) {
      context.stdout(text);
      return 0;
    }
    // Written whole through a temporary name, so an interrupted write leaves no partial CSV.
    const partial = `${output}.${process.pid}.partial`;
    const untrack = trackPartialOutput(partial);
    try {
      fs.writeFileSync(partial, text);
      fs.renameSync(partial, output);
    } catch (err) {
      fs.rmSync(partial, { force: true });
      throw fileError(output, `cannot write (${(err as Error).message})`);
    } finally {
      untrack();
    }
    return 0;
  },
};
