import fs from "node:fs";
import path from "node:path";
import { AfmsimsError, fileError } from "../errors.js";
import type { PixelSize, SimsStack } from "../model/types.js";
import { locate, negativeOrNonFinite } from "../io/checks.js";
import { readBif6, type Bif6Image } from "./bif6.js";
import { detectFormat } from "./detect.js";
import { readInstrumentBytes } from "./readFile.js";
import { readTextMatrix } from "./textImage.js";

/** Float32 holds every integer count up to 2^24 exactly; larger counts need float64. */
const FLOAT32_EXACT = 2 ** 24;
/** Relative tolerance for the same mass interval in different layer files. */
const MASS_TOLERANCE = 1e-6;

export interface ImportedSims {
  stack: SimsStack;
  /** Storage type: u32 when every count is a non-negative integer that fits, float32 otherwise. */
  countsDtype: "<I" | "<f";
  format: "iontof-bif6" | "ascii-matrix";
  /** The files read, layer by layer (and channel by channel for ASCII). */
  sources: string[];
}

export interface SimsReadOptions {
  labels?: string[];
  pixelSize: PixelSize;
}

/** One layer's images, `[channels][rows * cols]`. */
interface LayerImages {
  file: string;
  rows: number;
  cols: number;
  channels: ArrayLike<number>[];
}

function assemble(layers: LayerImages[], labels: string[], pixelSize: PixelSize): { stack: SimsStack; countsDtype: "<I" | "<f" } {
  const { rows, cols } = layers[0];
  const channels = labels.length;
  const plane = rows * cols;
  let max = 0;
  let integral = true;
  for (const layer of layers) {
    for (const image of layer.channels) {
      for (let i = 0; i < plane; i++) {
        const v = image[i];
        if (v > max) max = v;
        if (integral && !(Number.isInteger(v) && v >= 0)) integral = false;
      }
    }
  }
  const counts = max <= FLOAT32_EXACT ? new Float32Array(layers.length * channels * plane) : new Float64Array(layers.length * channels * plane);
  layers.forEach((layer, l) => layer.channels.forEach((image, c) => counts.set(image, (l * channels + c) * plane)));
  return {
    stack: { counts, layers: layers.length, channels, rows, cols, pixelSize, labels },
    countsDtype: integral && max <= 0xffffffff ? "<I" : "<f",
  };
}

function checkSameShape(layers: LayerImages[]): void {
  const first = layers[0];
  for (const layer of layers) {
    if (layer.rows !== first.rows || layer.cols !== first.cols || layer.channels.length !== first.channels.length) {
      throw fileError(
        layer.file,
        `${layer.channels.length} images of ${layer.cols} x ${layer.rows}, but ${first.file} (layer 0) has ${first.channels.length} of ${first.cols} x ${first.rows}`,
      );
    }
  }
}

function resolveLabels(given: string[] | undefined, defaults: string[]): string[] {
  if (!given) return defaults;
  if (given.length !== defaults.length) {
    throw new AfmsimsError(`--labels names ${given.length} channels, the SIMS files hold ${defaults.length} (${defaults.join(", ")})`);
  }
  return given;
}

async function readBif6Stack(files: string[], options: SimsReadOptions): Promise<ImportedSims> {
  const images: { file: string; image: Bif6Image }[] = [];
  for (const file of files) images.push({ file, image: readBif6(await readInstrumentBytes(file)) });
  const reference = images[0].image.intervals;
  for (const { file, image } of images) {
    image.intervals.forEach((interval, i) => {
      const expected = reference[i]?.massCentre;
      if (expected !== undefined && Math.abs(interval.massCentre - expected) > MASS_TOLERANCE * Math.max(1, Math.abs(expected))) {
        throw fileError(file, `BIF6 interval ${i} is centred at m/z ${interval.massCentre}, but layer 0 (${files[0]}) has ${expected} there`);
      }
    });
  }
  const layers = images.map(({ file, image }) => ({ file, rows: image.rows, cols: image.cols, channels: image.intervals.map((interval) => interval.counts) }));
  checkSameShape(layers);
  const labels = resolveLabels(
    options.labels,
    reference.map((interval) => `m/z ${interval.massCentre.toFixed(2)}`),
  );
  const { stack, countsDtype } = assemble(layers, labels, options.pixelSize);
  stack.masses = Float64Array.from(reference, (interval) => interval.massCentre);
  return { stack, countsDtype, format: "iontof-bif6", sources: files };
}

/** `{layer}` and `{channel}` placeholders of an ASCII name pattern, as a regular expression over file names. */
function patternRegex(pattern: string): RegExp {
  const parts = pattern.split(/(\{layer\}|\{channel\})/);
  const source = parts
    .map((part) => (part === "{layer}" ? "(?<layer>.+?)" : part === "{channel}" ? "(?<channel>.+?)" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}

function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true });
}

/** Files matching `dir/name{layer}_{channel}.txt`, as `[layer][channel]` paths in layer and channel order. */
function expandPattern(pattern: string, labels: string[] | undefined): { grid: string[][]; channels: string[] } {
  const dir = path.dirname(pattern);
  const regex = patternRegex(path.basename(pattern));
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    throw fileError(dir, "cannot list this folder for the SIMS name pattern");
  }
  const found = new Map<string, Map<string, string>>();
  for (const name of names) {
    const match = regex.exec(name);
    if (!match) continue;
    const layer = match.groups?.layer ?? "0";
    const channel = match.groups?.channel ?? "";
    if (!found.has(layer)) found.set(layer, new Map());
    found.get(layer)!.set(channel, path.join(dir, name));
  }
  if (found.size === 0) throw new AfmsimsError(`--sims ${pattern}: no file in ${dir} matches`);
  const layerKeys = [...found.keys()].sort(naturalOrder);
  const allChannels = [...new Set(layerKeys.flatMap((layer) => [...found.get(layer)!.keys()]))].sort(naturalOrder);
  const channels = labels && pattern.includes("{channel}") ? labels : allChannels;
  const grid = layerKeys.map((layer) =>
    channels.map((channel) => {
      const file = found.get(layer)!.get(channel);
      if (!file) throw new AfmsimsError(`--sims ${pattern}: no file for layer "${layer}", channel "${channel}"`);
      return file;
    }),
  );
  return { grid, channels };
}

async function readAsciiLayer(files: string[], pixelSize: PixelSize): Promise<LayerImages> {
  const images = [];
  for (const file of files) {
    const reader = await readInstrumentBytes(file);
    const image = readTextMatrix(file, new TextDecoder("utf-8").decode(reader.bytes), "counts", pixelSize).images[0];
    // The input's reader refuses such counts; refusing them here names the file they came from.
    const bad = negativeOrNonFinite(image.values);
    if (bad.count > 0) {
      const where = locate(bad.first, [image.rows, image.cols], ["row", "col"]);
      throw fileError(file, `${bad.count} negative or non-finite count${bad.count === 1 ? "" : "s"} (the first, ${image.values[bad.first]}, at ${where})`);
    }
    images.push(image);
  }
  const first = images[0];
  images.forEach((image, i) => {
    if (image.rows !== first.rows || image.cols !== first.cols) {
      throw fileError(files[i], `is ${image.cols} x ${image.rows}, but ${files[0]} of the same layer is ${first.cols} x ${first.rows}`);
    }
  });
  return { file: files[0], rows: first.rows, cols: first.cols, channels: images.map((image) => image.values) };
}

async function readAsciiStack(specs: string[], options: SimsReadOptions): Promise<ImportedSims> {
  let grid: string[][];
  let channelNames: string[];
  if (specs.length === 1 && /\{(layer|channel)\}/.test(specs[0])) {
    ({ grid, channels: channelNames } = expandPattern(specs[0], options.labels));
  } else {
    // Without a pattern each file is one layer of a single channel.
    grid = specs.map((file) => [file]);
    channelNames = ["counts"];
  }
  const layers: LayerImages[] = [];
  for (const files of grid) layers.push(await readAsciiLayer(files, options.pixelSize));
  checkSameShape(layers);
  const labels = resolveLabels(options.labels, channelNames);
  const { stack, countsDtype } = assemble(layers, labels, options.pixelSize);
  return { stack, countsDtype, format: "ascii-matrix", sources: grid.flat() };
}

/**
 * A SIMS stack from one file per layer, in the order given: IONTOF BIF6 images, or ASCII
 * matrices given as files (one channel) or as one name pattern with `{layer}` and `{channel}`.
 */
export async function readSimsStack(specs: string[], options: SimsReadOptions): Promise<ImportedSims> {
  if (specs.length === 0) throw new AfmsimsError("no SIMS files given");
  const isPattern = specs.length === 1 && /\{(layer|channel)\}/.test(specs[0]);
  const firstFile = isPattern ? undefined : specs[0];
  const format = firstFile === undefined ? "text-matrix" : detectFormat(await readInstrumentBytes(firstFile));
  if (format === "iontof-bif6") return readBif6Stack(specs, options);
  if (format === "text-matrix") return readAsciiStack(specs, options);
  if (format === "surfacelab-profile") {
    throw fileError(firstFile!, "is a 1-D SurfaceLab depth profile, not images: it cannot form /sims/counts (use it for overlays via info)");
  }
  throw fileError(firstFile!, `is ${format ?? "not a SIMS format afmsims reads"}; --sims takes BIF6 images or ASCII matrices`);
}
