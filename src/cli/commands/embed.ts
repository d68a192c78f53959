import path from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../../errors.js";
import { COMPACT_DTYPES, isCompactDtype } from "../../embed/compactVolume.js";
import { writeEmbedFolder } from "../../embed/embedFolder.js";
import { labelListFlag, numberFlag, parseCommandArgs, positionals, type NumberRange } from "../args.js";
import type { Command } from "../command.js";

const DEFAULT_MAX_MB = 5;

/** What each numeric flag accepts; a bin larger than the volume is refused once it is read. */
const RANGES = {
  bin: { min: 1, integer: true },
  "z-bin": { min: 1, integer: true },
  "max-mb": { min: 0, unit: "MB" },
} satisfies Record<string, NumberRange>;

const USAGE = `afmsims embed VOLUME.h5 -o DIR [--channels A,B] [--dtype u8|f16] [--max-mb MB | --bin N --z-bin N] [--page FILE] [--force]
  VOLUME.h5         an afmsims-volume (the output of reconstruct)
  -o, --output DIR  the folder to write: index.html, the viewer module and a compact volume;
                    serve it from any static server, under any path
  --channels A,B    keep only these channels (labels, in this order); default all
  --dtype u8|f16    voxel storage of the copy, with per-channel scale/offset: u8 codes over each
                    channel's range (default; error up to 1/508 of the range) or 16-bit floats
                    (error up to 1/2048 of each value; about twice the size)
  --max-mb MB       bin pixels and z-layers as little as keeps the folder within MB
                    megabytes (10^6 bytes; default ${DEFAULT_MAX_MB}); prints what it chose
  --bin N           bin N x N pixels into one (voxels summed, heights averaged) instead
  --z-bin N         sum every N z-layers into one instead (with --bin or alone)
  --page FILE       your own HTML page (.html or .htm) as DIR/index.html, e.g. several
                    <afmsims-viewer src="volume.h5"> with captions (public/supplementary-example.html)
  --force           replace DIR when it exists and is not empty`;

const embedBuild = fileURLToPath(new URL("../../../build/embed/", import.meta.url));

function formatBytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(0)} kB`;
}

function formatDims([cols, rows, nz]: readonly number[]): string {
  return `${cols} x ${rows} pixels, ${nz} z-layers`;
}

export const embedCommand: Command = {
  summary: "write a self-contained folder with the viewer and a compact copy of a volume",
  usage: USAGE,
  async run(argv, context) {
    const { values, positionals: args } = parseCommandArgs("embed", argv, {
      output: { type: "string", short: "o" },
      channels: { type: "string" },
      dtype: { type: "string" },
      bin: { type: "string" },
      "z-bin": { type: "string" },
      "max-mb": { type: "string" },
      page: { type: "string" },
      force: { type: "boolean" },
    });
    const [volume] = positionals("embed", args, ["VOLUME.h5"]);
    const out = values.output as string | undefined;
    if (!out) throw new UsageError("embed: missing -o DIR");
    const dtype = (values.dtype as string | undefined) ?? "u8";
    if (!isCompactDtype(dtype)) throw new UsageError(`embed: --dtype must be ${COMPACT_DTYPES.join(" or ")}, got "${dtype}"`);
    const channels = labelListFlag("channels", values.channels as string | undefined);
    const bin = numberFlag("bin", values.bin as string | undefined, RANGES.bin);
    const zBin = numberFlag("z-bin", values["z-bin"] as string | undefined, RANGES["z-bin"]);
    const maxMb = numberFlag("max-mb", values["max-mb"] as string | undefined, RANGES["max-mb"]);
    if (maxMb !== undefined && (bin !== undefined || zBin !== undefined)) {
      throw new UsageError("embed: --max-mb chooses the binning itself; give either --max-mb or --bin/--z-bin");
    }
    const maxBytes = bin === undefined && zBin === undefined ? (maxMb ?? DEFAULT_MAX_MB) * 1e6 : undefined;
    const result = await writeEmbedFolder({ volume, out, viewerBuild: embedBuild, channels, dtype, bin, zBin, maxBytes, page: values.page as string | undefined, force: values.force === true });
    const binning = `binned ${result.bin} x ${result.bin} pixels` + (result.zBin > 1 ? ` and ${result.zBin} z-layers` : "");
    const budget = maxBytes === undefined ? "" : ` to fit ${formatBytes(maxBytes)}`;
    context.stdout(`${formatDims(result.sourceDims)} -> ${formatDims(result.copyDims)} (${binning}${budget}, ${dtype})\n`);
    context.stdout(`${path.resolve(out)}: ${result.files} files, ${formatBytes(result.bytes)}\n`);
    if (maxBytes !== undefined && result.bytes > maxBytes) {
      context.stderr(`afmsims: warning: the folder is larger than --max-mb ${maxBytes / 1e6} (its size was estimated); choose --bin/--z-bin to make it smaller\n`);
    }
    return 0;
  },
};
