import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import { AfmsimsError, UsageError, fileError } from "../../errors.js";
import { describeAfmsimsFile } from "../../io/describe.js";
import { mayBeHdf5 } from "../../io/mayBeHdf5.js";
import { numberFlag, parseCommandArgs } from "../args.js";
import type { CliContext, Command } from "../command.js";
import { serveStatic } from "../staticServer.js";

const USAGE = `afmsims view [FILE] [--port P]
  FILE          an afmsims-volume, or an afmsims-input (reconstructed first, with default options),
                or an AFM image (Park TIFF, Gwyddion .gwy/.gsf, text matrix or XYZ) shown as a
                height map; without it, the bundled demo
  --port P      port on 127.0.0.1 (default 5180; 0 picks a free one)`;

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const viewerBuild = path.join(repoRoot, "build", "web");
/** The `<afmsims-viewer>` module, served beside the viewer so public/'s example supplementary page works too. */
const embedBuild = path.join(repoRoot, "build", "embed");
/** Where that example page finds its data: the dataset being viewed. */
const EXAMPLE_PAGE_DATA = "/volume.h5";
export const EXAMPLE_PAGE = "/supplementary-example.html";
export const bundledDemo = path.join(repoRoot, "public", "demo.h5");

/**
 * When this build of afmsims was made: a rebuilt (upgraded or changed) reconstruction must not be
 * served a volume its predecessor made.
 */
const buildStamp = Math.round(fs.statSync(fileURLToPath(import.meta.url)).mtimeMs);

/**
 * Where the volume reconstructed from an input is kept, keyed by the input's identity (path, size,
 * modification time) and the build, so a second view is instant and never stale.
 */
function cachedVolumePath(input: string): string {
  const stat = fs.statSync(input);
  const identity = [path.resolve(input), stat.size, Math.round(stat.mtimeMs), buildStamp].join("\0");
  const key = `${path.basename(input, ".h5")}-${createHash("sha256").update(identity).digest("hex").slice(0, 16)}`;
  const dir = path.join(os.tmpdir(), "afmsims-view");
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${key}.volume.h5`);
}

/**
 * An AFM image is served as it is (the page shows it as a height map), once it has been read by
 * the page's own rules (fileKind.ts), so a broken file fails here in one line; null for a file no
 * importer reads.
 */
async function afmImageFile(file: string): Promise<string | null> {
  if (mayBeHdf5(file)) return null;
  const { readInstrumentBytes } = await import("../../importers/index.js");
  const { instrumentFileKind, readHeightMapImages } = await import("../../viewer/app/fileKind.js");
  const reader = await readInstrumentBytes(file);
  const kind = instrumentFileKind(reader);
  if (kind === "reference-profile") {
    throw fileError(file, "is a SurfaceLab depth profile: view a volume, then drop the profile on the page to overlay it on its profile chart");
  }
  if (kind === "volume") return null;
  readHeightMapImages(reader);
  return file;
}

async function volumeFor(file: string, context: CliContext): Promise<string> {
  const description = await describeAfmsimsFile(file);
  if (!description.valid) throw fileError(file, description.problems[0] ?? "not a valid afmsims file");
  if (description.format === "afmsims-volume") return file;
  if (description.format !== "afmsims-input") throw fileError(file, "neither an afmsims input nor an afmsims volume");
  const volume = cachedVolumePath(file);
  if (!fs.existsSync(volume)) {
    context.stderr(`reconstructing ${file} for the viewer (kept in ${volume})\n`);
    const { main } = await import("../main.js");
    // The reconstruction's error (which may name flags view does not have) becomes part of
    // view's own one line; its warnings pass through.
    const errors: string[] = [];
    const stderr = (text: string) => (text.startsWith("afmsims: warning:") ? context.stderr(text) : errors.push(text));
    const status = await main(["reconstruct", file, "-o", volume], { ...context, stdout: () => {}, stderr });
    if (status !== 0) {
      const problem = errors.join(" ").trim().replace(/^afmsims: /, "").replace(`${file}: `, "");
      throw new AfmsimsError(
        `${file}: cannot be reconstructed with default options (${problem}); run afmsims reconstruct with the options it needs, then view the volume it writes`,
      );
    }
  }
  return volume;
}

/** Serves the built viewer with one dataset on 127.0.0.1; returns the server and the URL to open. */
export async function startViewer(file: string, port: number, context: CliContext): Promise<{ server: Server; url: string }> {
  if (!fs.existsSync(path.join(viewerBuild, "index.html"))) {
    throw new AfmsimsError(`the viewer is not built (${viewerBuild} is missing): run npm run build`);
  }
  const afmImage = await afmImageFile(file);
  const served = afmImage ?? (await volumeFor(file, context));
  const dataPath = `/data/${path.basename(file)}`;
  // Escaped in the page's ?src=, so a name with "#", "?" or "%" reaches the server whole.
  const dataUrlPath = `/data/${encodeURIComponent(path.basename(file))}`;
  let server: Server;
  try {
    // The example page embeds volumes: beside an AFM image it shows the bundled demo.
    server = await serveStatic([viewerBuild, embedBuild], { [dataPath]: served, [EXAMPLE_PAGE_DATA]: afmImage ? bundledDemo : served }, port);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new AfmsimsError(`port ${port} is in use: choose another with --port`);
    throw new AfmsimsError(`cannot serve on port ${port}: ${(err as Error).message}`);
  }
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return { server, url: `http://127.0.0.1:${actualPort}/?src=${encodeURIComponent(dataUrlPath)}` };
}

export const viewCommand: Command = {
  summary: "serve the 3D viewer on localhost with a volume, an input or an AFM image (or the bundled demo)",
  usage: USAGE,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs("view", argv, { port: { type: "string" } });
    if (positionals.length > 1) throw new UsageError(`view: one file at a time, got ${positionals.length}`);
    const port = numberFlag("port", values.port as string | undefined, { min: 0, max: 65535, integer: true }) ?? 5180;
    const file = positionals[0] ?? bundledDemo;
    const { url } = await startViewer(file, port, context);
    const example = new URL(EXAMPLE_PAGE, url).href;
    context.stdout(`afmsims viewer: ${url}\nexample supplementary page with two embedded views: ${example}\n(open them in a browser; Ctrl-C stops the server)\n`);
    await new Promise<never>(() => {});
    return 0;
  },
};
