import type { VolumeModel } from "../model/types.js";
import { H5T_CLASS, type Dataset, type Group } from "./h5/api.js";
import { ContractReader } from "./h5/contractReader.js";
import { numericStorage, storageName } from "./h5/numbers.js";
import { checkFormat } from "./formatAttribute.js";
import type { MemoryLimit } from "./memoryLimit.js";
import { dequantizeF16InPlace, dequantizeInPlace, FLOAT16_ENCODING, U8_MISSING } from "./quantizedVoxels.js";

export const VOLUME_FORMAT = "afmsims-volume";

const DATA_AXES = ["channel", "z-layer", "row", "col"] as const;
const IMAGE_AXES = ["row", "col"] as const;
/** Root attributes of the contract itself; the others are the volume's extra attributes. */
const CONTRACT_ROOT_ATTRIBUTES = new Set(["format", "version"]);

function asFloat32(values: Float32Array | Float64Array): Float32Array {
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

/** Datasets of the volume whose shapes are checked, values not read yet. */
interface VolumePlan {
  data: Dataset;
  shape: [number, number, number, number];
  labels: Dataset;
  surfaceBefore: Dataset;
  surfaceAfter: Dataset;
  afmToSims: Dataset;
  afmAfterToSims?: Dataset;
  drift: Dataset;
  layers: number;
  layerDepth: Dataset;
}

function planVolume(reader: ContractReader): VolumePlan {
  const data = reader.dataset("/volume/data");
  const [channels, nz, rows, cols] = reader.shape(data, DATA_AXES);
  reader.numericStorage(data);
  const dataShape = `/volume/data [channels, nz, rows, cols] ${JSON.stringify([channels, nz, rows, cols])}`;
  const expect = (dataset: Dataset, axes: readonly string[], expected: number[]) =>
    reader.expectShape(dataset, reader.shape(dataset, axes), expected, dataShape);

  const labels = reader.dataset("/volume/labels");
  expect(labels, ["channel"], [channels]);
  const surfaceBefore = reader.dataset("/surface/before");
  expect(surfaceBefore, IMAGE_AXES, [rows, cols]);
  const surfaceAfter = reader.dataset("/surface/after");
  expect(surfaceAfter, IMAGE_AXES, [rows, cols]);
  const afmToSims = reader.dataset("/registration/afm_to_sims");
  reader.expectShape(afmToSims, reader.shape(afmToSims, ["row", "col"]), [3, 3], "a 3x3 affine matrix");
  const afmAfterToSims = reader.optionalDataset("/registration/afm_after_to_sims");
  if (afmAfterToSims) reader.expectShape(afmAfterToSims, reader.shape(afmAfterToSims, ["row", "col"]), [3, 3], "a 3x3 affine matrix");
  const drift = reader.dataset("/drift");
  const [layers] = reader.shape(drift, ["layer", "axis"]);
  reader.expectShape(drift, drift.shape ?? [], [layers, 2], "[layers, 2] (dy, dx)");
  const layerDepth = reader.dataset("/layers/depth");
  expect(layerDepth, ["boundary", "row", "col"], [layers + 1, rows, cols]);

  for (const dataset of [surfaceBefore, surfaceAfter, layerDepth]) {
    reader.checkReadSize(dataset, dataset.shape ?? [], true);
  }
  return { data, shape: [channels, nz, rows, cols], labels, surfaceBefore, surfaceAfter, afmToSims, afmAfterToSims, drift, layers, layerDepth };
}

/** Root attributes beyond the contract's, as numbers, number arrays or strings. */
function extraAttributes(reader: ContractReader): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(reader.root.attrs)) {
    if (CONTRACT_ROOT_ATTRIBUTES.has(name)) continue;
    if (attribute.metadata.type === H5T_CLASS.string) {
      attributes[name] = reader.string(reader.root, name);
    } else if (numericStorage(attribute.metadata)) {
      const values = reader.numbers(reader.root, name) as number[];
      attributes[name] = attribute.shape?.length === 0 ? values[0] : values;
    }
  }
  return attributes;
}

function readLayerDepth(reader: ContractReader, dataset: Dataset, shape: [number, number, number]): Float32Array {
  const depth = asFloat32(reader.readNumbers(dataset, shape, ["boundary", "row", "col"], true));
  decodeQuantized(reader, dataset, shape[0], "boundary", depth);
  return depth;
}

/** Everything of a volume but its voxels (and the file it came from). */
export type VolumeHeader = Omit<VolumeModel, "data" | "source">;

function readHeader(reader: ContractReader, plan: VolumePlan): VolumeHeader {
  const [channels, nz, rows, cols] = plan.shape;
  const [dz, dy, dx] = reader.positiveSizes(plan.data, "voxel_size", ["dz", "dy", "dx"]);
  const zTop = reader.number(plan.data, "z_top");
  if (zTop === undefined) throw reader.fail(plan.data.path, 'missing required attribute "z_top"');
  const image = (dataset: Dataset) => asFloat32(reader.readNumbers(dataset, [rows, cols], IMAGE_AXES, true));
  const matrix = (dataset: Dataset) => reader.readNumbers(dataset, [3, 3], ["row", "col"], false) as Float64Array;
  const header: VolumeHeader = {
    channels,
    nz,
    rows,
    cols,
    voxelSize: [dz, dy, dx],
    zTop,
    labels: reader.readStrings(plan.labels),
    surfaceBefore: image(plan.surfaceBefore),
    surfaceAfter: image(plan.surfaceAfter),
    afmToSims: matrix(plan.afmToSims),
    drift: reader.readNumbers(plan.drift, [plan.layers, 2], ["layer", "axis"], false) as Float64Array,
    layers: plan.layers,
    layerDepth: readLayerDepth(reader, plan.layerDepth, [plan.layers + 1, rows, cols]),
    attributes: extraAttributes(reader),
  };
  if (plan.afmAfterToSims) header.afmAfterToSims = matrix(plan.afmAfterToSims);
  return header;
}

/**
 * Reads and validates everything of an open `afmsims-volume` file but its voxels: what `info`
 * needs, and what a viewer needs before it streams planes. The voxels may exceed the memory limit.
 */
export function readVolumeHeaderH5(h5: Group, file: string, memory: MemoryLimit): VolumeHeader {
  const reader = new ContractReader(file, h5, memory);
  checkFormat(reader, VOLUME_FORMAT);
  return readHeader(reader, planVolume(reader));
}

/**
 * Decodes numbers stored compactly (quantizedVoxels.ts): `scale_factor` and `add_offset` on the
 * dataset, one per block (channel of /volume/data, boundary of /layers/depth); either u8 codes
 * with optionally `missing_value` (default 255) for NaN, or u16 binary16 bit patterns marked
 * `encoding = "float16"`.
 */
function decodeQuantized(reader: ContractReader, data: Dataset, blocks: number, block: string, values: Float32Array): void {
  const scaleFactor = reader.numbers(data, "scale_factor");
  const addOffset = reader.numbers(data, "add_offset");
  const encoding = reader.string(data, "encoding");
  if (!scaleFactor && !addOffset && encoding === undefined) return;
  const pairs = [["scale_factor", scaleFactor, "add_offset", addOffset], ["add_offset", addOffset, "scale_factor", scaleFactor]] as const;
  for (const [name, list, otherName, other] of pairs) {
    if (!list) throw reader.fail(data.path, `has "${other ? otherName : "encoding"}" but not "${name}"`);
    if (list.length !== blocks || !list.every(Number.isFinite)) {
      throw reader.fail(data.path, `attribute "${name}" must be ${blocks} finite numbers (one per ${block})`);
    }
  }
  if (encoding === undefined) {
    dequantizeInPlace(values, scaleFactor!, addOffset!, reader.number(data, "missing_value") ?? U8_MISSING);
    return;
  }
  const storage = reader.numericStorage(data);
  if (encoding !== FLOAT16_ENCODING || storage.kind !== "int" || storage.bytes !== 2 || storage.signed) {
    throw reader.fail(data.path, `attribute "encoding" must be "${FLOAT16_ENCODING}" on u16 data, found "${encoding}" on ${storageName(storage)}`);
  }
  dequantizeF16InPlace(values, scaleFactor!, addOffset!);
}

/**
 * Reads an open `afmsims-volume` file (FORMATS.md) into the model. Shapes and declared sizes are
 * checked before the voxels are read; any problem is one `FILE: /path: problem` error.
 */
export function readVolumeH5(h5: Group, file: string, memory: MemoryLimit): VolumeModel {
  const reader = new ContractReader(file, h5, memory);
  checkFormat(reader, VOLUME_FORMAT);
  const plan = planVolume(reader);
  reader.checkReadSize(plan.data, plan.shape, true);
  const header = readHeader(reader, plan);
  const data = asFloat32(reader.readNumbers(plan.data, plan.shape, DATA_AXES, true));
  decodeQuantized(reader, plan.data, plan.shape[0], "channel", data);
  return { source: file, data, ...header };
}
