/**
 * `afmsims embed`: a self-contained folder (index.html, the viewer module and its assets, a
 * compact volume) that works from any path of any static server. Written beside the target and
 * renamed into place, so a failure leaves no half-written folder.
 */
import fs from "node:fs";
import path from "node:path";
import { AfmsimsError, fileError } from "../errors.js";
import { readVolumeFile } from "../io/nodeFiles.js";
import { trackPartialOutput } from "../io/partialOutputs.js";
import { binLateral, binZ, selectChannels, writeCompactVolume, type CompactDtype, type VolumeContent } from "./compactVolume.js";
import { readAuthorPage } from "./authorPage.js";
import { embedPage, VIEWER_MODULE, VOLUME_FILE } from "./embedPage.js";
import { chooseBinning, type Binning } from "./sizeBudget.js";

export interface EmbedOptions {
  /** An afmsims-volume file. */
  volume: string;
  out: string;
  /** The built viewer module folder (build/embed). */
  viewerBuild: string;
  /** Channel labels to keep, in order; all when absent. */
  channels?: string[];
  /** Voxel storage of the copy (default u8). */
  dtype?: CompactDtype;
  /** Sum this many z-layers into one. */
  zBin?: number;
  /** Bin this many pixels along rows and columns into one. */
  bin?: number;
  /** Without bin and zBin: bin as little as keeps the folder within this many bytes. */
  maxBytes?: number;
  /** An HTML page of the author's to use as index.html instead of the generated one. */
  page?: string;
  force?: boolean;
}

interface FolderSize {
  bytes: number;
  files: number;
}

export interface EmbedResult extends FolderSize, Binning {
  /** [cols, rows, nz] of the volume and of its copy. */
  sourceDims: [number, number, number];
  copyDims: [number, number, number];
}

/** Room left for the generated index.html when the budget is shared out. */
const PAGE_BYTES = 4096;

function folderSize(dir: string): FolderSize {
  let bytes = 0;
  let files = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
}

/**
 * The folder's parent must exist, as for every other output: making it would need Node's
 * recursive mkdir, which never returns for a path under /proc (it retries a parent that exists
 * but takes no new entries).
 */
function assertUsableOutput(out: string, force: boolean): void {
  const parent = path.dirname(path.resolve(out));
  let ancestor = parent;
  while (!fs.existsSync(ancestor)) ancestor = path.dirname(ancestor);
  if (!fs.statSync(ancestor).isDirectory()) throw fileError(out, `${ancestor} is not a folder`);
  if (ancestor !== parent) throw fileError(out, `directory ${parent} does not exist`);
  if (!fs.existsSync(out)) return;
  if (!fs.statSync(out).isDirectory()) throw new AfmsimsError(`${out}: exists and is not a folder`);
  if (fs.readdirSync(out).length > 0 && !force) throw new AfmsimsError(`${out}: folder exists and is not empty (use --force to replace it)`);
}

/** --force replaces the folder whole: an input inside it (the volume, the page) would be deleted with it. */
function assertOutsideOutput(input: string, out: string): void {
  if (!fs.existsSync(out) || !fs.existsSync(input)) return;
  const relative = path.relative(fs.realpathSync(out), fs.realpathSync(input));
  if (relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative)) {
    throw fileError(out, `holds ${input}, which replacing the folder would delete; write to another folder`);
  }
}

export async function writeEmbedFolder(options: EmbedOptions): Promise<EmbedResult> {
  const { out, viewerBuild, force = false } = options;
  if (!fs.existsSync(path.join(viewerBuild, VIEWER_MODULE))) {
    throw new AfmsimsError(`the embeddable viewer is not built (${path.join(viewerBuild, VIEWER_MODULE)} is missing): run npm run build`);
  }
  assertUsableOutput(out, force);
  for (const input of [options.volume, options.page]) if (input !== undefined) assertOutsideOutput(input, out);
  const page = options.page === undefined ? undefined : readAuthorPage(options.page);
  // Checked before the volume is read: reading a large one takes minutes.
  const volumeBudget = volumeBudgetOf(options, page?.byteLength ?? PAGE_BYTES);
  const full = await readVolumeFile(options.volume);
  const { source: _source, ...content } = full;
  const chosen = options.channels ? selectChannels(content, options.channels) : content;
  const { bin, zBin } = binningFor(chosen, options, volumeBudget);
  const binned = binLateral(binZ(chosen, zBin), bin);
  const compact = { ...binned, attributes: copyAttributes(binned.attributes ?? {}, options.volume, { bin, zBin }, options.dtype ?? "u8") };

  const staging = `${path.resolve(out)}.partial-${process.pid}`;
  // Not there when a file in its path keeps it from being made; rmSync would fail on that path.
  const removeStaging = () => fs.existsSync(staging) && fs.rmSync(staging, { recursive: true, force: true });
  // Registered, so that a Ctrl-C removes the staging folder too.
  const untrack = trackPartialOutput(staging);
  try {
    removeStaging();
    fs.cpSync(viewerBuild, staging, { recursive: true });
    await writeCompactVolume(path.join(staging, VOLUME_FILE), compact, { dtype: options.dtype });
    fs.writeFileSync(path.join(staging, "index.html"), page ?? embedPage({ title: path.basename(options.volume), channels: compact.labels }));
    fs.rmSync(out, { recursive: true, force: true });
    fs.renameSync(staging, out);
  } catch (err) {
    removeStaging();
    const code = (err as NodeJS.ErrnoException).code;
    throw code ? fileError(out, `cannot be written in ${path.dirname(path.resolve(out))} (${code})`) : err;
  } finally {
    untrack();
  }
  const dims = (model: VolumeContent): [number, number, number] => [model.cols, model.rows, model.nz];
  return { ...folderSize(out), bin, zBin, sourceDims: dims(chosen), copyDims: dims(compact) };
}

/**
 * The copy's root attributes: the volume's, plus how the copy was made; file paths are cut to
 * their names, since the folder is published and a path tells about the author's machine.
 */
function copyAttributes(attributes: Record<string, unknown>, volume: string, { bin, zBin }: Binning, dtype: CompactDtype): Record<string, unknown> {
  const { source, ...kept } = attributes;
  return {
    ...kept,
    ...(typeof source === "string" ? { source: path.basename(source) } : {}),
    embed_source: path.basename(volume),
    embed_bin: bin,
    embed_z_bin: zBin,
    embed_dtype: dtype,
  };
}

/** Bytes the copy of the volume may take within `maxBytes`; undefined when the binning is given. */
function volumeBudgetOf({ bin, zBin, maxBytes, viewerBuild, page }: EmbedOptions, pageBytes: number): number | undefined {
  if (bin !== undefined || zBin !== undefined || maxBytes === undefined) return undefined;
  const viewerBytes = folderSize(viewerBuild).bytes;
  const budget = maxBytes - viewerBytes - pageBytes;
  if (budget > 0) return budget;
  // The author's page may be what leaves no room: "the viewer alone" would then ask for too little.
  if (page === undefined) throw new AfmsimsError(`--max-mb: the viewer alone takes ${(viewerBytes / 1e6).toFixed(1)} MB; raise --max-mb above that`);
  throw new AfmsimsError(
    `--max-mb: the viewer and the page (${path.basename(page)}) take ${((viewerBytes + pageBytes) / 1e6).toFixed(1)} MB; raise --max-mb above that`,
  );
}

function binningFor(model: VolumeContent, options: EmbedOptions, volumeBudget: number | undefined): Binning {
  const { bin, zBin } = options;
  // Beyond the volume's extent a bin would only leave a copy one pixel or one layer thick.
  if (bin !== undefined && bin > Math.min(model.rows, model.cols)) {
    throw new AfmsimsError(`--bin ${bin}: the volume has only ${model.cols} x ${model.rows} pixels`);
  }
  if (zBin !== undefined && zBin > model.nz) throw new AfmsimsError(`--z-bin ${zBin}: the volume has only ${model.nz} z-layers`);
  if (volumeBudget === undefined) return { bin: bin ?? 1, zBin: zBin ?? 1 };
  return chooseBinning(model, options.dtype ?? "u8", volumeBudget);
}
