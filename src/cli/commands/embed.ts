import path from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../../errors.js";
import { writeEmbedFolder } from "../../embed/embedFolder.js";
import { numberFlag, parseCommandArgs, positionals } from "../args.js";
import type { Command } from "../command.js";

const USAGE = `afmsims embed VOLUME.h5 -o DIR [--channels A,B] [--dtype u8] [--bin N] [--z-bin N] [--force]
  VOLUME.h5       an afmsims-volume (the output of reconstruct)
  -o DIR          the folder to write: index.html, the viewer module and a compact volume;
                  serve it from any static server, under any path
  --channels A,B  keep only these channels (labels, in this order); default all
  --dtype u8      voxel storage of the copy: u8 codes with per-channel scale/offset (default;
                  f16 is not available yet)
  --bin N         bin N x N pixels into one (voxels summed, heights averaged; default 1)
  --z-bin N       sum every N z-layers into one (default 1)
  --force         replace DIR when it exists and is not empty`;

const embedBuild = fileURLToPath(new URL("../../../build/embed/", import.meta.url));

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
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
      force: { type: "boolean" },
    });
    const [volume] = positionals("embed", args, ["VOLUME.h5"]);
    const out = values.output as string | undefined;
    if (!out) throw new UsageError("embed: missing -o DIR");
    const dtype = (values.dtype as string | undefined) ?? "u8";
    if (dtype === "f16") throw new UsageError("embed: --dtype f16 is not available yet (h5wasm cannot read f16); use u8");
    if (dtype !== "u8") throw new UsageError(`embed: --dtype must be u8, got "${dtype}"`);
    const channels = (values.channels as string | undefined)?.split(",").map((label) => label.trim());
    if (channels && channels.some((label) => label === "")) throw new UsageError("--channels: empty label in the list");
    const bin = numberFlag("bin", values.bin as string | undefined, { min: 1, integer: true });
    const zBin = numberFlag("z-bin", values["z-bin"] as string | undefined, { min: 1, integer: true });
    const { bytes, files } = await writeEmbedFolder({ volume, out, viewerBuild: embedBuild, channels, bin, zBin, force: values.force === true });
    context.stdout(`${path.resolve(out)}: ${files} files, ${formatBytes(bytes)}\n`);
    return 0;
  },
};
