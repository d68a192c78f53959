/**
 * The compact copy of a volume that an embed folder carries: chosen channels, optionally binned
 * in z, voxels as 8-bit codes (quantizedVoxels.ts), gzip-compressed. Pure functions of the model,
 * then one atomic write.
 */
import { AfmsimsError } from "../errors.js";
import type { WriteOptions } from "../io/h5/node.js";
import { writeH5Atomically } from "../io/h5/node.js";
import { quantizeU8, U8_MISSING } from "../io/quantizedVoxels.js";
import { checkHeader, writeHeader } from "../io/writeVolume.js";
import type { VolumeModel } from "../model/types.js";
import { binCounts, binHeights, binnedGrid } from "../pipeline/binning.js";

export type VolumeContent = Omit<VolumeModel, "source">;

const GZIP_LEVEL = 9;

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
 * Keeps `bits` of float32's 23 mantissa bits (relative error below 2^-bits), so that gzip finds
 * repeats in smooth fields. For the layer depths, which the viewer does not draw but the format
 * requires: at full precision they are most of a compact file.
 */
export function roundMantissa(values: Float32Array, bits: number): Float32Array {
  const rounded = Float32Array.from(values);
  const raw = new Uint32Array(rounded.buffer);
  const dropped = 23 - bits;
  const half = 1 << (dropped - 1);
  const mask = ~((1 << dropped) - 1) >>> 0;
  for (let i = 0; i < raw.length; i++) {
    const exponent = (raw[i] >>> 23) & 0xff;
    // NaN and infinity keep their bit patterns; rounding could turn a NaN payload into infinity.
    if (exponent === 0xff) continue;
    raw[i] = ((raw[i] + half) & mask) >>> 0;
  }
  return rounded;
}

/** Layer depths keep this many mantissa bits in the compact copy: better than 0.05 % of each depth. */
const LAYER_DEPTH_BITS = 11;

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

/** Writes `model` as an afmsims-volume whose voxels are u8 codes with per-channel scale_factor/add_offset. */
export async function writeCompactVolume(file: string, model: VolumeContent, options: WriteOptions = {}): Promise<void> {
  const { data, ...exact } = model;
  const header = { ...exact, layerDepth: roundMantissa(exact.layerDepth, LAYER_DEPTH_BITS) };
  checkHeader(header);
  const { channels, nz, rows, cols } = header;
  const { codes, scaleFactor, addOffset } = quantizeU8(data, channels);
  await writeH5Atomically(file, options, async (h5) => {
    const volume = writeHeader(h5, header);
    const dataset = volume.create_dataset({
      name: "data",
      data: codes,
      shape: [channels, nz, rows, cols],
      dtype: "<B",
      chunks: [1, 1, rows, cols],
      compression: GZIP_LEVEL,
    });
    dataset.create_attribute("voxel_size", new Float64Array(header.voxelSize));
    dataset.create_attribute("z_top", new Float64Array([header.zTop]), []);
    dataset.create_attribute("scale_factor", scaleFactor);
    dataset.create_attribute("add_offset", addOffset);
    dataset.create_attribute("missing_value", new Uint8Array([U8_MISSING]), [], "<B");
  });
}
