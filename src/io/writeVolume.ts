import type { VolumeModel } from "../model/types.js";
import { FORMAT_VERSION } from "./formatAttribute.js";
import type { H5File, WriteOptions } from "./h5/node.js";
import { writeH5Atomically } from "./h5/node.js";
import { VOLUME_FORMAT, type VolumeHeader } from "./readVolume.js";

export type { VolumeHeader };

export type H5Group = ReturnType<H5File["create_group"]>;

export interface VolumeWriteOptions extends WriteOptions {
  /** Gzip level 0-9 of the voxels and layer depths (0: none); default DEFAULT_VOLUME_COMPRESSION. */
  compression?: number;
  /**
   * Rows in a chunk of the voxels; default all rows (one chunk per plane). A streaming producer
   * gives its band height, so that each chunk is written once: a chunk written in parts is read
   * back (and inflated and deflated again, when compressed) for every part.
   */
  rowsPerChunk?: number;
}

type Compression = { compression?: number };

/** h5wasm's compression argument: a gzip level, or none for 0. */
function gzip(level: number): Compression {
  if (!(Number.isInteger(level) && level >= 0 && level <= 9)) throw new RangeError(`writeVolume: gzip level ${level} is not an integer 0-9`);
  return level > 0 ? { compression: level } : {};
}

/**
 * Takes the voxels of one channel in a band of rows, every z-layer: `[nz, rowTo - rowFrom, cols]`,
 * so that a producer can make every channel of a band in one pass without holding whole planes.
 */
export interface VolumeRowSink {
  /** `voxels` is the producer's to reuse once this returns: keep a copy, not the array. */
  writeRows(channel: number, rowFrom: number, rowTo: number, voxels: Float32Array): void;
}

/**
 * Gzip level of the voxels and layer depths. Deflate is most of the cost of writing: for the
 * 512 x 512 paper preset (711 MiB raw), level 1 costs 8.3 s of CPU in h5wasm for a 2.6x smaller
 * file, against 0.45 s uncompressed, twice the whole reconstruction's time target. So the default is
 * uncompressed, and `--compression` trades time for size (docs/reconstruct-speed.md).
 */
export const DEFAULT_VOLUME_COMPRESSION = 0;
/** The small header datasets (the two surfaces) compress cheaply. */
const HEADER_GZIP_LEVEL = 4;
/** UTF-8 variable-length strings, as h5wasm spells the type. */
const UTF8_STRING = "S";

function checkLength(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`writeVolume: ${what} has ${actual} values, expected ${expected}`);
}

/** A volume whose arrays disagree with its shape is a programming error, caught before anything is written. */
export function checkHeader(header: VolumeHeader): void {
  const { channels, nz, rows, cols, layers } = header;
  if (![channels, nz, rows, cols, layers].every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`writeVolume: bad shape ${JSON.stringify({ channels, nz, rows, cols, layers })}`);
  }
  checkLength("labels", header.labels.length, channels);
  checkLength("surfaceBefore", header.surfaceBefore.length, rows * cols);
  checkLength("surfaceAfter", header.surfaceAfter.length, rows * cols);
  checkLength("afmToSims", header.afmToSims.length, 9);
  if (header.afmAfterToSims) checkLength("afmAfterToSims", header.afmAfterToSims.length, 9);
  checkLength("drift", header.drift.length, layers * 2);
  checkLength("layerDepth", header.layerDepth.length, (layers + 1) * rows * cols);
}

function writeRootAttributes(h5: H5File, attributes: Record<string, unknown>): void {
  h5.create_attribute("format", VOLUME_FORMAT, null, UTF8_STRING);
  h5.create_attribute("version", new Int32Array([FORMAT_VERSION]), []);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || name === "format" || name === "version") continue;
    if (typeof value === "number") {
      h5.create_attribute(name, new Float64Array([value]), []);
    } else if (typeof value === "string") {
      h5.create_attribute(name, value, null, UTF8_STRING);
    } else if (ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array || value instanceof BigUint64Array)) {
      h5.create_attribute(name, Float64Array.from(value as unknown as ArrayLike<number>));
    } else if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "number")) {
      h5.create_attribute(name, Float64Array.from(value));
    } else {
      // Objects, booleans and mixed arrays keep their content as JSON text.
      h5.create_attribute(name, JSON.stringify(value), null, UTF8_STRING);
    }
  }
}

/**
 * Writes everything but the voxels; returns the /volume group for them. `layerDepth` writes the
 * /layers/depth dataset (float32 at the volume's gzip level; a compact copy stores codes).
 */
export function writeHeader(h5: H5File, header: VolumeHeader, layerDepth: (layers: H5Group) => void): H5Group {
  const { rows, cols, layers } = header;
  writeRootAttributes(h5, header.attributes ?? {});
  const volume = h5.create_group("volume");
  volume.create_dataset({ name: "labels", data: header.labels, shape: [header.channels], dtype: UTF8_STRING });
  const surface = h5.create_group("surface");
  for (const [name, values] of [["before", header.surfaceBefore], ["after", header.surfaceAfter]] as const) {
    surface.create_dataset({ name, data: values, shape: [rows, cols], dtype: "<f", chunks: [rows, cols], compression: HEADER_GZIP_LEVEL });
  }
  const registration = h5.create_group("registration");
  registration.create_dataset({ name: "afm_to_sims", data: header.afmToSims, shape: [3, 3], dtype: "<d" });
  if (header.afmAfterToSims) {
    registration.create_dataset({ name: "afm_after_to_sims", data: header.afmAfterToSims, shape: [3, 3], dtype: "<d" });
  }
  h5.create_dataset({ name: "drift", data: header.drift, shape: [layers, 2], dtype: "<d" });
  layerDepth(h5.create_group("layers"));
  return volume;
}

/** Bytes of layer depths handed to h5wasm at a time. */
const LAYER_DEPTH_SLAB_BYTES = 16 * 1024 ** 2;

/**
 * Writes /layers/depth a slab of boundaries at a time into a dataset created empty, as the
 * voxels are: given whole, h5wasm would copy all of it (101 MiB for the paper preset) into its
 * heap, which never shrinks, and so would hold that much more memory while the voxels are made.
 */
function writeLayerDepth(layers: H5Group, header: VolumeHeader, compression: Compression): void {
  const { rows, cols } = header;
  const boundaries = header.layers + 1;
  const shape = [boundaries, rows, cols];
  const depth = layers.create_dataset({
    name: "depth",
    data: new Float32Array(0),
    shape: [0, rows, cols],
    maxshape: shape,
    dtype: "<f",
    chunks: [1, rows, cols],
    ...compression,
  });
  depth.resize(shape);
  const planeSize = rows * cols;
  const step = Math.max(1, Math.floor(LAYER_DEPTH_SLAB_BYTES / (4 * planeSize)));
  for (let from = 0; from < boundaries; from += step) {
    const to = Math.min(boundaries, from + step);
    depth.write_slice([[from, to]], header.layerDepth.subarray(from * planeSize, to * planeSize));
  }
}

/**
 * Writes an `afmsims-volume` file (FORMATS.md) atomically, taking the voxels band by band from
 * `produce`, so a reconstruction never holds the whole volume. Every row of every channel must
 * be written; if `produce` fails or leaves rows out, no file is left behind.
 */
export async function writeVolumeStreaming(
  file: string,
  header: VolumeHeader,
  options: VolumeWriteOptions,
  produce: (sink: VolumeRowSink) => void | Promise<void>,
): Promise<void> {
  checkHeader(header);
  const { channels, nz, rows, cols } = header;
  const compression = gzip(options.compression ?? DEFAULT_VOLUME_COMPRESSION);
  await writeH5Atomically(file, options, async (h5) => {
    const volume = writeHeader(h5, header, (layers) => writeLayerDepth(layers, header, compression));
    const shape = [channels, nz, rows, cols];
    // Created empty and grown to full size, so h5wasm never needs the whole volume in its heap.
    const data = volume.create_dataset({
      name: "data",
      data: new Float32Array(0),
      shape: [channels, 0, rows, cols],
      maxshape: shape,
      dtype: "<f",
      chunks: [1, 1, Math.min(rows, options.rowsPerChunk ?? rows), cols],
      ...compression,
    });
    data.resize(shape);
    data.create_attribute("voxel_size", new Float64Array(header.voxelSize));
    data.create_attribute("z_top", new Float64Array([header.zTop]), []);
    const written = new Uint8Array(channels * rows);
    await produce({
      writeRows(channel, rowFrom, rowTo, voxels) {
        if (!(channel >= 0 && channel < channels && Number.isInteger(rowFrom) && rowFrom >= 0 && rowFrom < rowTo && rowTo <= rows)) {
          throw new Error(`writeRows: no rows [${rowFrom}, ${rowTo}) of channel ${channel}`);
        }
        checkLength(`rows [${rowFrom}, ${rowTo}) of channel ${channel}`, voxels.length, nz * (rowTo - rowFrom) * cols);
        data.write_slice([[channel, channel + 1], [0, nz], [rowFrom, rowTo]], voxels);
        written.fill(1, channel * rows + rowFrom, channel * rows + rowTo);
      },
    });
    const missing = written.indexOf(0);
    if (missing >= 0) {
      throw new Error(`writeVolumeStreaming: row ${missing % rows} of channel ${Math.floor(missing / rows)} was never written`);
    }
  });
}

/** Writes a whole in-memory volume as an `afmsims-volume` file, atomically. */
export async function writeVolume(file: string, model: Omit<VolumeModel, "source">, options: VolumeWriteOptions = {}): Promise<void> {
  const { data, ...header } = model;
  const channelSize = model.nz * model.rows * model.cols;
  checkLength("data", data.length, model.channels * channelSize);
  await writeVolumeStreaming(file, header, options, (sink) => {
    for (let channel = 0; channel < model.channels; channel++) {
      sink.writeRows(channel, 0, model.rows, data.subarray(channel * channelSize, (channel + 1) * channelSize));
    }
  });
}
