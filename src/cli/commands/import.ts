import fs from "node:fs";
import path from "node:path";
import type { Dataset } from "h5wasm/node";
import { AfmsimsError, UsageError } from "../../errors.js";
import { assertWritable, type H5File } from "../../io/h5/node.js";
import { locate, nonFinite } from "../../io/checks.js";
import { refuseInputAsOutput } from "../../io/inputAsOutput.js";
import { writeInput } from "../../io/writeInput.js";
import type { HeightMap, PixelSize } from "../../model/types.js";
import {
  detectFormat,
  readImages,
  readInstrumentBytes,
  readSimsStack,
  selectChannel,
  type HeaderFields,
  type ImportedImage,
  type ImportedSims,
} from "../../importers/index.js";
import { describeRange, labelListFlag, numberFlag, parseCommandArgs, type NumberRange } from "../args.js";
import type { Command } from "../command.js";

/** What each numeric flag accepts, in the flag's unit: a pixel size in nm given as um is refused. */
const RANGES = {
  "pixel-size": { min: 0.001, max: 1000, unit: "um" },
  "afm-pixel-size": { min: 0.0001, max: 1000, unit: "um" },
  "mean-depth-nm": { min: 0.1, max: 100_000, unit: "nm" },
} satisfies Record<string, NumberRange>;

const USAGE = `afmsims import --afm-before FILE[:channel] [--afm-after FILE[:channel]] --sims FILES... --pixel-size UM[,UM] -o INPUT.h5 [options]

Assembles an afmsims-input file from instrument files and prints what it found.
  --afm-before FILE[:channel]  topography before depth profiling: Park TIFF, Gwyddion .gwy
                               (channel by id or title) or .gsf, text matrix or .xyz
  --afm-after FILE[:channel]   topography after depth profiling (same formats)
  --sims FILES...              one file per layer, in order: IONTOF BIF6 images, or ASCII
                               matrices (one channel per file, or one pattern such as
                               'dir/layer{layer}_{channel}.txt')
  --labels A,B,...             SIMS channel labels (default: the BIF6 masses, or the pattern's
                               {channel} parts, which --labels then picks and orders)
  --pixel-size UM[,UM]         SIMS pixel size in micrometres, dy[,dx], each ${describeRange(RANGES["pixel-size"])}
                               (BIF6 and ASCII images do not record their field of view)
  --afm-pixel-size UM[,UM]     AFM pixel size in micrometres for text exports, each
                               ${describeRange(RANGES["afm-pixel-size"])} (replaces what their header says;
                               values are metres unless it names a unit), or for a Gwyddion
                               file that gives no lateral size
  --mean-depth-nm N            mean sputtered depth over the after scan's field,
                               ${describeRange(RANGES["mean-depth-nm"])}
  -o, --output FILE            output file; --force replaces an existing one`;

const MICROMETRE = 1e-6;

interface AfmSpec {
  file: string;
  channel?: string;
}

/** `FILE[:channel]`; a name that exists as a file wins over a channel suffix. */
function parseAfmSpec(spec: string): AfmSpec {
  const colon = spec.lastIndexOf(":");
  if (colon <= 0 || fs.existsSync(spec)) return { file: spec };
  return { file: spec.slice(0, colon), channel: spec.slice(colon + 1) };
}

function pixelSizeFlag(flag: "pixel-size" | "afm-pixel-size", value: string | undefined): PixelSize | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(",");
  if (parts.length > 2) throw new UsageError(`--${flag}: expected UM or DY,DX in micrometres, got "${value}"`);
  const [dy, dx] = parts.map((part) => numberFlag(flag, part, RANGES[flag])! * MICROMETRE);
  return [dy, dx ?? dy];
}

interface ReadAfm {
  map: HeightMap;
  image: ImportedImage;
  format: string;
  file: string;
  /** --afm-pixel-size was given but the file records its own pixel size, which was kept. */
  pixelSizeIgnored: boolean;
}

async function readAfm(which: string, spec: AfmSpec, pixelSize: PixelSize | undefined): Promise<ReadAfm> {
  const reader = await readInstrumentBytes(spec.file);
  const format = detectFormat(reader);
  const read = format && readImages(reader, format, { pixelSize, textUnit: "m" });
  if (!format) {
    throw new AfmsimsError(`${spec.file}: ${which}: not a format afmsims imports (Park TIFF, Gwyddion .gwy or .gsf, text matrix or .xyz)`);
  }
  if (!read) throw new AfmsimsError(`${spec.file}: ${which}: a ${format} file holds no AFM image`);
  const image = selectChannel(spec.file, read.images, spec.channel);
  if (image.units !== "m") {
    const unit = image.units === "" ? "has no unit" : `is in "${image.units}"`;
    throw new AfmsimsError(`${spec.file}: ${which}: channel "${image.title}" ${unit}, not a height in metres`);
  }
  const bad = nonFinite(image.values);
  if (bad.count > 0) {
    const where = locate(bad.first, [image.rows, image.cols], ["row", "col"]);
    throw new AfmsimsError(`${spec.file}: ${which}: ${bad.count} non-finite height${bad.count === 1 ? "" : "s"} (the first at ${where}); every pixel needs a height`);
  }
  // Text exports take the user's pixel size in place of their own; other files only when they give none.
  const imagePixelSize = image.pixelSize ?? pixelSize;
  if (!imagePixelSize) {
    throw new AfmsimsError(`${spec.file}: ${which}: the file gives no lateral size in metres; pass --afm-pixel-size`);
  }
  const map: HeightMap = { heights: image.values, rows: image.rows, cols: image.cols, pixelSize: imagePixelSize };
  if (image.origin) map.origin = image.origin;
  const pixelSizeIgnored = pixelSize !== undefined && (imagePixelSize[0] !== pixelSize[0] || imagePixelSize[1] !== pixelSize[1]);
  return { map, image, format: read.format, file: spec.file, pixelSizeIgnored };
}

function annotate(h5: H5File, name: string, attributes: Record<string, string | number>): void {
  const dataset = h5.get(name) as Dataset;
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value === "number") dataset.create_attribute(key, new Float64Array([value]), []);
    else dataset.create_attribute(key, value);
  }
}

function afmProvenance(afm: ReadAfm): Record<string, string | number> {
  const header: HeaderFields = {};
  for (const [key, value] of Object.entries(afm.image.header)) header[`header.${key}`] = value;
  return { source_file: path.resolve(afm.file), source_format: afm.format, source_channel: afm.image.title, ...header };
}

function simsProvenance(sims: ImportedSims): Record<string, string | number> {
  return { source_format: sims.format, source_files: sims.sources.map((file) => path.resolve(file)).join("\n") };
}

function describeAfm(name: string, afm: ReadAfm): string {
  const [dy, dx] = afm.map.pixelSize;
  return `${name}: ${afm.file} (${afm.format}, "${afm.image.title}"): ${afm.map.rows} x ${afm.map.cols}, pixel ${(dy * 1e9).toPrecision(4)} x ${(dx * 1e9).toPrecision(4)} nm\n`;
}

export const importCommand: Command = {
  summary: "assemble an afmsims-input file from instrument files (Park, Gwyddion, IONTOF)",
  usage: USAGE,
  async run(argv, context) {
    const parsed = parseCommandArgs("import", argv, {
      "afm-before": { type: "string" },
      "afm-after": { type: "string" },
      sims: { type: "string", multiple: true },
      labels: { type: "string" },
      "pixel-size": { type: "string" },
      "afm-pixel-size": { type: "string" },
      "mean-depth-nm": { type: "string" },
      output: { type: "string", short: "o" },
      force: { type: "boolean" },
    });
    const text = (name: string) => parsed.values[name] as string | undefined;
    const simsFlags = parsed.values.sims as string[] | undefined;
    const output = text("output");
    // `--sims a b c`: the files after the flag arrive as positionals.
    const simsFiles = [...(simsFlags ?? []), ...parsed.positionals];
    if (parsed.positionals.length > 0 && !simsFlags) throw new UsageError(`import: unexpected argument "${parsed.positionals[0]}"`);
    const beforeSpec = text("afm-before");
    const afterSpec = text("afm-after");
    if (!beforeSpec) throw new UsageError("import: --afm-before FILE is required");
    if (simsFiles.length === 0) throw new UsageError("import: --sims FILES... is required");
    if (!output) throw new UsageError("import: -o OUTPUT.h5 is required");
    const simsPixel = pixelSizeFlag("pixel-size", text("pixel-size"));
    if (!simsPixel) throw new UsageError("import: --pixel-size UM[,UM] is required: SIMS image files do not record their field of view");
    const afmPixel = pixelSizeFlag("afm-pixel-size", text("afm-pixel-size"));
    const meanDepthNm = numberFlag("mean-depth-nm", text("mean-depth-nm"), RANGES["mean-depth-nm"]);
    if (meanDepthNm !== undefined && !afterSpec) throw new UsageError("import: --mean-depth-nm needs --afm-after");
    const labels = labelListFlag("labels", text("labels"));
    const force = parsed.values.force === true;
    // Refuse an output that cannot be written before the instrument files are read, not after.
    assertWritable(output, { force });

    const before = await readAfm("--afm-before", parseAfmSpec(beforeSpec), afmPixel);
    const after = afterSpec ? await readAfm("--afm-after", parseAfmSpec(afterSpec), afmPixel) : undefined;
    if (after && meanDepthNm !== undefined) after.map.meanDepth = meanDepthNm * 1e-9;
    for (const afm of [before, ...(after ? [after] : [])]) {
      if (!afm.pixelSizeIgnored) continue;
      const [dy, dx] = afm.map.pixelSize.map((metres) => Number((metres * 1e6).toPrecision(6)));
      context.stderr(`afmsims: warning: ${afm.file}: --afm-pixel-size not used: the ${afm.format} file records its own pixel size (${dy}, ${dx} um), which is kept\n`);
    }
    const sims = await readSimsStack(simsFiles, { labels, pixelSize: simsPixel });
    refuseInputAsOutput(output, [before.file, ...(after ? [after.file] : []), ...sims.sources]);

    await writeInput(
      output,
      { afmBefore: before.map, afmAfter: after?.map, sims: sims.stack },
      {
        force,
        countsDtype: sims.countsDtype,
        rootAttributes: { created_by: "afmsims import" },
        extend: (h5) => {
          annotate(h5, "afm/before", afmProvenance(before));
          if (after) annotate(h5, "afm/after", afmProvenance(after));
          annotate(h5, "sims/counts", simsProvenance(sims));
        },
      },
    );

    const { stack } = sims;
    context.stdout(describeAfm("AFM before", before));
    if (after) context.stdout(describeAfm("AFM after", after));
    context.stdout(
      `SIMS: ${sims.sources.length} ${sims.format} files: ${stack.layers} layers x ${stack.channels} channels (${stack.labels.join(", ")}), ${stack.rows} x ${stack.cols}\n`,
    );
    context.stdout(`wrote ${output}\n`);
    return 0;
  },
};
