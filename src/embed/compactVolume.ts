/**
 * The compact copy of a volume that an embed folder carries: chosen channels, optionally binned,
 * voxels as 8-bit codes or 16-bit floats (quantizedVoxels.ts), gzip-compressed. Pure functions of
 * the model, then one atomic write.
 */
import { AfmsimsError } from "../errors.js";
import type { WriteOptions } from "../io/h5/node.js";
import { writeH5Atomically } from "../io/h5/node.js";
import { FLOAT16_ENCODING, quantizeF16, quantizeU8, U8_MISSING, type Quantized } from "../io/quantizedVoxels.js";
import { checkHeader, writeHeader, type H5Group } from "../io/writeVolume.js";
import type { VolumeModel } from "../model/types.js";
import { binCounts, binHeights, binnedGrid } from "../pipeline/binning.js";

export type VolumeContent = Omit<VolumeModel, "source">;

export const COMPACT_GZIP_LEVEL = 9;

/** The volume with only the channels labelled `labels`, in that order. */
export function selectChannels(model: VolumeContent, labels: readonly string[]): VolumeContent {
  const voxels = model.nz * model.rows * model.cols;
  const indices = labels.map((label) => {
    const index = model.labels.indexOf(label);
    if (index < 0) throw new AfmsimsError(`--channels: no channel "${label}" in the volume (it has ${model.labels.join(", ")})`);
    return index;
  });
  const data = new Float32Array(indices.length * voxels);
  indices.forEach((source, target) => data.set(model.data.subarray(source * voxels, (source + 1) * voxels), target * voxels));
  return { ...model, channels: indices.length, labels: indices.map((i) => model.labels[i]), data };
}

/**
 * Sums each run of `factor` z-layers into one (counts are conserved; NaN voxels are skipped, a run
 * of NaN stays NaN). The last run may be shorter. Layer i of the result is centred on the centre of
 * its full run, so `z_top` moves down by (factor - 1) / 2 layers.
 */
export function binZ(model: VolumeContent, factor: number): VolumeContent {
  if (factor === 1) return model;
  const { channels, nz, rows, cols } = model;
  const plane = rows * cols;
  const binnedNz = Math.ceil(nz / factor);
  const data = new Float32Array(channels * binnedNz * plane).fill(NaN);
  for (let c = 0; c < channels; c++) {
    for (let z = 0; z < nz; z++) {
      const source = (c * nz + z) * plane;
      const target = (c * binnedNz + Math.floor(z / factor)) * plane;
      for (let i = 0; i < plane; i++) {
        const v = model.data[source + i];
        if (Number.isNaN(v)) continue;
        data[target + i] = Number.isNaN(data[target + i]) ? v : data[target + i] + v;
      }
    }
  }
  const [dz, dy, dx] = model.voxelSize;
  return { ...model, nz: binnedNz, data, voxelSize: [dz * factor, dy, dx], zTop: model.zTop - ((factor - 1) / 2) * dz };
}

/**
 * Bins factor x factor pixels into one, as reconstruct's `--bin` does (pipeline/binning.ts):
 * voxels summed (a block with no data stays NaN), surfaces and layer depths averaged. SIMS pixel
 * coordinates change from `p` to `(p - (f-1)/2) / f`, so the registrations and the drift follow.
 */
export function binLateral(model: VolumeContent, factor: number): VolumeContent {
  if (factor === 1) return model;
  const { channels, nz, rows, cols, layers } = model;
  const [dz, dy, dx] = model.voxelSize;
  const grid = binnedGrid(rows, cols, [dy, dx], factor);
  const sums = binCounts(model.data, channels * nz, rows, cols, factor);
  const means = binHeights(model.data, channels * nz, rows, cols, factor);
  const data = sums.map((sum, i) => (Number.isNaN(means[i]) ? NaN : sum));
  const shift = (factor - 1) / 2;
  // Row-major 3x3: new = S * old, S scaling by 1/f and shifting by -shift/f.
  const rescale = (m: Float64Array) => {
    const out = Float64Array.from(m);
    for (const row of [0, 1]) for (let c = 0; c < 3; c++) out[row * 3 + c] = (m[row * 3 + c] - shift * m[6 + c]) / factor;
    return out;
  };
  const binned: VolumeContent = {
    ...model,
    rows: grid.rows,
    cols: grid.cols,
    voxelSize: [dz, grid.pixelSize[0], grid.pixelSize[1]],
    data,
    surfaceBefore: binHeights(model.surfaceBefore, 1, rows, cols, factor),
    surfaceAfter: binHeights(model.surfaceAfter, 1, rows, cols, factor),
    layerDepth: binHeights(model.layerDepth, layers + 1, rows, cols, factor),
    afmToSims: rescale(model.afmToSims),
    drift: model.drift.map((d) => d / factor),
  };
  if (model.afmAfterToSims) binned.afmAfterToSims = rescale(model.afmAfterToSims);
  return binned;
}

/** How the copy stores voxels: u8 codes over each channel's range, or binary16 floats. */
export type CompactDtype = "u8" | "f16";
export const COMPACT_DTYPES: readonly CompactDtype[] = ["u8", "f16"];

export function isCompactDtype(name: string): name is CompactDtype {
  return (COMPACT_DTYPES as readonly string[]).includes(name);
}

export interface CompactWriteOptions extends WriteOptions {
  dtype?: CompactDtype;
}

/** The stored numbers of a compact copy, with their per-channel and per-boundary scales. */
export interface CompactEncoding {
  voxels: Quantized<Uint8Array | Uint16Array>;
  /** Per boundary of /layers/depth: the viewer does not draw them, so u8 codes suffice. */
  layerDepth: Quantized<Uint8Array>;
}

export function encodeCompact(model: VolumeContent, dtype: CompactDtype): CompactEncoding {
  return {
    voxels: dtype === "f16" ? quantizeF16(model.data, model.channels) : quantizeU8(model.data, model.channels),
    layerDepth: quantizeU8(model.layerDepth, model.layers + 1),
  };
}

/**
 * Every plane of the copy is one gzip chunk: /volume/data by (channel, z), /layers/depth by
 * boundary. u16 codes are binary16 patterns; u8 codes have a missing value.
 */
function writeCoded(group: H5Group, name: string, coded: Quantized<Uint8Array | Uint16Array>, shape: number[]): ReturnType<H5Group["create_dataset"]> {
  const [rows, cols] = shape.slice(-2);
  const float16 = coded.codes instanceof Uint16Array;
  const dataset = group.create_dataset({
    name,
    data: coded.codes,
    shape,
    dtype: float16 ? "<H" : "<B",
    chunks: [...shape.slice(0, -2).map(() => 1), rows, cols],
    compression: COMPACT_GZIP_LEVEL,
  });
  dataset.create_attribute("scale_factor", coded.scaleFactor);
  dataset.create_attribute("add_offset", coded.addOffset);
  if (float16) dataset.create_attribute("encoding", FLOAT16_ENCODING);
  else dataset.create_attribute("missing_value", new Uint8Array([U8_MISSING]), [], "<B");
  return dataset;
}

/**
 * Writes `model` as an afmsims-volume whose voxels and layer depths are stored numbers k with
 * `scale_factor`/`add_offset` (value = add_offset + k * scale_factor) per channel and per
 * boundary: u8 codes (255 = no data), or for voxels with `dtype` f16 binary16 bit patterns in
 * u16 marked `encoding = "float16"` (h5wasm can read no HDF5 16-bit float).
 */
export async function writeCompactVolume(file: string, model: VolumeContent, options: CompactWriteOptions = {}): Promise<void> {
  const { dtype = "u8", ...writeOptions } = options;
  checkHeader(model);
  const { channels, nz, rows, cols, layers } = model;
  const encoded = encodeCompact(model, dtype);
  await writeH5Atomically(file, writeOptions, async (h5) => {
    const volume = writeHeader(h5, model, (group) => writeCoded(group, "depth", encoded.layerDepth, [layers + 1, rows, cols]));
    const data = writeCoded(volume, "data", encoded.voxels, [channels, nz, rows, cols]);
    data.create_attribute("voxel_size", new Float64Array(model.voxelSize));
    data.create_attribute("z_top", new Float64Array([model.zTop]), []);
  });
}
