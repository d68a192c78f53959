/**
 * `afmsims embed`: a self-contained folder (index.html, the viewer module and its assets, a
 * compact volume) that works from any path of any static server. Written beside the target and
 * renamed into place, so a failure leaves no half-written folder.
 */
import fs from "node:fs";
import path from "node:path";
import { AfmsimsError } from "../errors.js";
import { readVolumeFile } from "../io/nodeFiles.js";
import { binLateral, binZ, selectChannels, writeCompactVolume } from "./compactVolume.js";
import { embedPage, VIEWER_MODULE, VOLUME_FILE } from "./embedPage.js";

export interface EmbedOptions {
  /** An afmsims-volume file. */
  volume: string;
  out: string;
  /** The built viewer module folder (build/embed). */
  viewerBuild: string;
  /** Channel labels to keep, in order; all when absent. */
  channels?: string[];
  /** Sum this many z-layers into one. */
  zBin?: number;
  /** Bin this many pixels along rows and columns into one. */
  bin?: number;
  force?: boolean;
}

export interface EmbedResult {
  bytes: number;
  files: number;
}

function folderSize(dir: string): EmbedResult {
  let bytes = 0;
  let files = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
}

function assertUsableOutput(out: string, force: boolean): void {
  if (!fs.existsSync(out)) return;
  if (!fs.statSync(out).isDirectory()) throw new AfmsimsError(`${out}: exists and is not a folder`);
  if (fs.readdirSync(out).length > 0 && !force) throw new AfmsimsError(`${out}: folder exists and is not empty (use --force to replace it)`);
}

export async function writeEmbedFolder(options: EmbedOptions): Promise<EmbedResult> {
  const { out, viewerBuild, force = false } = options;
  if (!fs.existsSync(path.join(viewerBuild, VIEWER_MODULE))) {
    throw new AfmsimsError(`the embeddable viewer is not built (${path.join(viewerBuild, VIEWER_MODULE)} is missing): run npm run build`);
  }
  assertUsableOutput(out, force);
  const full = await readVolumeFile(options.volume);
  const { source: _source, ...content } = full;
  const chosen = options.channels ? selectChannels(content, options.channels) : content;
  const compact = binLateral(binZ(chosen, options.zBin ?? 1), options.bin ?? 1);

  const staging = `${path.resolve(out)}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    fs.cpSync(viewerBuild, staging, { recursive: true });
    await writeCompactVolume(path.join(staging, VOLUME_FILE), compact);
    fs.writeFileSync(path.join(staging, "index.html"), embedPage({ title: path.basename(options.volume), channels: compact.labels }));
    fs.rmSync(out, { recursive: true, force: true });
    fs.renameSync(staging, out);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  return folderSize(out);
}
