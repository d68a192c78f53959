import { AfmsimsError, fileError } from "../../errors.js";
import type { FloatArray } from "../../model/types.js";
import { formatBytes, locate, type Failures } from "../checks.js";
import type { MemoryLimit } from "../memoryLimit.js";
import { entityKind, H5T_CLASS, isDataset, isGroup, type Attribute, type Dataset, type Group, type Metadata } from "./api.js";
import { sharedFloat32Array, sharedFloat64Array } from "../../parallel/sharedArrays.js";
import {
  copyExact,
  fitsFloat32,
  numericStorage,
  storageName,
  toNumberArray,
  typeClassName,
  UnsafeIntegerError,
  type NumericStorage,
  type ValueRule,
} from "./numbers.js";

type HasAttributes = Dataset | Group;

/** Numbers as `[a, b]`, NaN and Infinity spelled out (JSON would print them as null). */
function listOf(values: readonly number[]): string {
  return `[${values.join(", ")}]`;
}

/** HDF5's H5T_STR_SPACEPAD: fixed-length strings filled with spaces (Fortran style, and h5wasm's "S<n>"). */
const SPACE_PADDED = 2;

/** A fixed-length string without its padding; null padding h5wasm already strips. */
function unpad(value: string, metadata: Metadata): string {
  return !metadata.vlen && metadata.strpad === SPACE_PADDED ? value.trimEnd() : value;
}

/** Axis names of a dataset, for messages; image axes are "row" and "col". */
export type AxisNames = readonly string[];

const IMAGE_AXES = new Set(["row", "col"]);
/** Axes whose emptiness reads as "no layers", "no channels". */
const COUNTED_AXES = new Set(["layer", "channel"]);

/** Stored bytes one slab read may ask of h5wasm's heap (when the chunking allows). */
const SLAB_BYTES = 16 * 1024 * 1024;

/**
 * How many planes (indices of the first axis) to read at once: whole chunks along that axis, so
 * no chunk is decompressed more than once, and as many as fit in SLAB_BYTES.
 */
export function slabPlanes(planes: number, planeBytes: number, chunkPlanes: number): number {
  const fitting = Math.max(1, Math.floor(SLAB_BYTES / planeBytes));
  const wholeChunks = Math.max(chunkPlanes, fitting - (fitting % chunkPlanes));
  return Math.min(planes, wholeChunks);
}

/**
 * Reads the datasets and attributes of one open HDF5 file as a contract defines them, turning
 * every way they can be wrong into one `FILE: /path: problem` error. Shapes and sizes are checked
 * from the metadata, before any data is read.
 */
export class ContractReader {
  constructor(
    /** The file's name, for messages. */
    readonly file: string,
    readonly root: Group,
    readonly memory: MemoryLimit,
  ) {}

  fail(path: string, problem: string): AfmsimsError {
    return fileError(this.file, path ? `${path}: ${problem}` : problem);
  }

  /** The dataset at `path` (absolute), or undefined when nothing is there. */
  optionalDataset(path: string): Dataset | undefined {
    // HDF5 fails on a path through a dataset, so each parent is checked to be a group first.
    const parts = path.split("/").filter(Boolean);
    for (let depth = 1; depth < parts.length; depth++) {
      const parent = `/${parts.slice(0, depth).join("/")}`;
      const entity = this.root.get(parent);
      if (entity === null || entity === undefined) return undefined;
      if (!isGroup(entity)) throw this.fail(parent, `expected a group (holding ${path}), found ${entityKind(entity)}`);
    }
    const entity = this.root.get(path);
    if (entity === null || entity === undefined) return undefined;
    if (!isDataset(entity)) throw this.fail(path, `expected a dataset, found ${entityKind(entity)}`);
    return entity;
  }

  dataset(path: string): Dataset {
    const dataset = this.optionalDataset(path);
    if (!dataset) throw this.fail(path, "missing required dataset");
    return dataset;
  }

  /**
   * The shape of a dataset with one entry per axis name; an axis of length 0 is refused
   * ("no layers", "no channels", or "empty image" for the row and col axes).
   */
  shape(dataset: Dataset, axes: AxisNames): number[] {
    const shape = dataset.shape;
    if (shape === null) throw this.fail(dataset.path, "holds no data (null dataspace)");
    if (shape.length !== axes.length) {
      throw this.fail(
        dataset.path,
        `expected ${axes.length} dimension${axes.length === 1 ? "" : "s"} [${axes.join(", ")}], found ${shape.length} ${JSON.stringify(shape)}`,
      );
    }
    const emptyAxis = shape.findIndex((extent) => extent === 0);
    if (emptyAxis >= 0) {
      const axis = axes[emptyAxis];
      const problem = IMAGE_AXES.has(axis) ? "empty image" : COUNTED_AXES.has(axis) ? `no ${axis}s` : `empty along its ${axis} axis`;
      throw this.fail(dataset.path, `${problem} (shape ${JSON.stringify(shape)})`);
    }
    return shape;
  }

  /** Refuses a shape that differs from the one `reference` (a description such as "/sims/counts") implies. */
  expectShape(dataset: Dataset, shape: readonly number[], expected: readonly number[], reference: string): void {
    if (shape.length !== expected.length || shape.some((extent, i) => extent !== expected[i])) {
      throw this.fail(dataset.path, `shape ${JSON.stringify(shape)} does not match ${JSON.stringify(expected)} of ${reference}`);
    }
  }

  numericStorage(dataset: Dataset): NumericStorage {
    const storage = numericStorage(dataset.metadata);
    if (!storage) throw this.fail(dataset.path, `expected numbers, found ${typeClassName(dataset.metadata)}`);
    return storage;
  }

  /** Refuses, before reading anything, a dataset whose values would not fit in memory once read. */
  checkSize(dataset: Dataset, shape: readonly number[], bytesPerValue: number): void {
    const values = shape.reduce((product, extent) => product * extent, 1);
    const bytes = values * bytesPerValue;
    if (bytes > this.memory.perDataset) {
      throw this.fail(
        dataset.path,
        `declares ${JSON.stringify(shape)} = ${values} values (${formatBytes(bytes)} in memory), too large to hold in memory ` +
          `(limit ${formatBytes(this.memory.perDataset)}: ${this.memory.reason})`,
      );
    }
  }

  /** Like `checkSize`, for the array `readNumbers` would make of this dataset. */
  checkReadSize(dataset: Dataset, shape: readonly number[], allowFloat32: boolean): void {
    this.checkSize(dataset, shape, allowFloat32 && fitsFloat32(this.numericStorage(dataset)) ? 4 : 8);
  }

  /**
   * Reads a numeric dataset exactly: float32 when every value of the stored type is a float32
   * (and `allowFloat32`), float64 otherwise. Datasets of rank 2 or more are read in slabs along
   * their first axis, so h5wasm's heap holds a slab, not the whole dataset.
   */
  readNumbers(dataset: Dataset, shape: readonly number[], axes: AxisNames, allowFloat32: boolean): FloatArray {
    return this.readCheckedNumbers(dataset, shape, axes, allowFloat32).values;
  }

  /**
   * `readNumbers`, also counting the values that break `rule` (and finding the first) as they are
   * copied, so a large dataset is checked without a second pass over it.
   */
  readCheckedNumbers(
    dataset: Dataset, shape: readonly number[], axes: AxisNames, allowFloat32: boolean, rule?: ValueRule,
  ): { values: FloatArray; bad: Failures } {
    const storage = this.numericStorage(dataset);
    const float32 = allowFloat32 && fitsFloat32(storage);
    this.checkReadSize(dataset, shape, allowFloat32);
    const total = shape.reduce((product, extent) => product * extent, 1);
    // Shared, so that worker threads can correct and shift the SIMS stack in place.
    const target = float32 ? sharedFloat32Array(total) : sharedFloat64Array(total);
    const planes = shape.length >= 2 ? shape[0] : 1;
    const planeSize = total / planes;
    const step = slabPlanes(planes, planeSize * storage.bytes, dataset.metadata.chunks?.[0] ?? 1);
    const bad: Failures = { count: 0, first: -1 };
    for (let start = 0; start < planes; start += step) {
      const values = planes === 1 ? dataset.value : dataset.slice([[start, Math.min(start + step, planes)]]);
      if (values === null) throw this.fail(dataset.path, "holds no data");
      try {
        const slabBad = copyExact(values, target, start * planeSize, rule);
        if (bad.first < 0 && slabBad.first >= 0) bad.first = start * planeSize + slabBad.first;
        bad.count += slabBad.count;
      } catch (err) {
        if (!(err instanceof UnsafeIntegerError)) throw err;
        const where = locate(start * planeSize + err.index, shape, axes);
        throw this.fail(dataset.path, `${storageName(storage)} value ${err.message} (at ${where})`);
      }
    }
    return { values: target, bad };
  }

  /** Reads a string dataset of rank 1 (fixed or variable length, ASCII or UTF-8). */
  readStrings(dataset: Dataset): string[] {
    if (dataset.metadata.type !== H5T_CLASS.string) {
      throw this.fail(dataset.path, `expected strings, found ${typeClassName(dataset.metadata)}`);
    }
    const values = dataset.value;
    return (Array.isArray(values) ? values : [values]).map((value) => unpad(String(value), dataset.metadata));
  }

  attribute(owner: HasAttributes, name: string): Attribute | undefined {
    return Object.prototype.hasOwnProperty.call(owner.attrs, name) ? owner.attrs[name] : undefined;
  }

  private requireAttribute(owner: HasAttributes, name: string): Attribute {
    const attribute = this.attribute(owner, name);
    if (!attribute) throw this.fail(owner.path, `missing required attribute "${name}"`);
    return attribute;
  }

  /** All values of a numeric attribute (scalar or array), exactly. */
  numbers(owner: HasAttributes, name: string): number[] | undefined {
    const attribute = this.attribute(owner, name);
    if (!attribute) return undefined;
    if (!numericStorage(attribute.metadata)) {
      throw this.fail(owner.path, `attribute "${name}" must be numeric, found ${typeClassName(attribute.metadata)}`);
    }
    const value = attribute.value;
    if (value === null) throw this.fail(owner.path, `attribute "${name}" holds no value`);
    try {
      return toNumberArray(value);
    } catch (err) {
      if (err instanceof UnsafeIntegerError) throw this.fail(owner.path, `attribute "${name}": ${err.message}`);
      throw err;
    }
  }

  /** A numeric attribute holding one value, stored as a scalar or a 1-element array. */
  number(owner: HasAttributes, name: string): number | undefined {
    const values = this.numbers(owner, name);
    if (values === undefined) return undefined;
    if (values.length !== 1) throw this.fail(owner.path, `attribute "${name}" must hold one number, found ${values.length}`);
    if (!Number.isFinite(values[0])) throw this.fail(owner.path, `attribute "${name}" is ${values[0]}, not a finite number`);
    return values[0];
  }

  /** A pair of finite numbers, e.g. `origin` [y, x]. */
  pair(owner: HasAttributes, name: string): [number, number] | undefined {
    const values = this.numbers(owner, name);
    if (values === undefined) return undefined;
    if (values.length !== 2 || !values.every(Number.isFinite)) {
      throw this.fail(owner.path, `attribute "${name}" must be 2 finite numbers, found ${listOf(values)}`);
    }
    return [values[0], values[1]];
  }

  /** Finite positive numbers, as many as `names` (e.g. pixel_size [dy, dx]); required. */
  positiveSizes(owner: HasAttributes, name: string, names: readonly string[]): number[] {
    this.requireAttribute(owner, name);
    const values = this.numbers(owner, name) as number[];
    if (values.length !== names.length) {
      throw this.fail(owner.path, `attribute "${name}" must be [${names.join(", ")}] (${names.length} values), found ${values.length}`);
    }
    if (!values.every((v) => Number.isFinite(v) && v > 0)) {
      throw this.fail(owner.path, `attribute "${name}" must be positive and finite, found ${listOf(values)}`);
    }
    return values;
  }

  positiveInteger(owner: HasAttributes, name: string): number | undefined {
    const value = this.number(owner, name);
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw this.fail(owner.path, `attribute "${name}" must be a positive integer, found ${value}`);
    }
    return value;
  }

  /** A boolean attribute, as h5py writes it (an enum FALSE/TRUE) or as an integer 0/1. */
  boolean(owner: HasAttributes, name: string): boolean | undefined {
    const value = this.number(owner, name);
    if (value === undefined) return undefined;
    if (value !== 0 && value !== 1) throw this.fail(owner.path, `attribute "${name}" must be a boolean (0 or 1), found ${value}`);
    return value === 1;
  }

  /** A string attribute: scalar or 1-element, fixed or variable length. */
  string(owner: HasAttributes, name: string): string | undefined {
    const attribute = this.attribute(owner, name);
    if (!attribute) return undefined;
    const value = attribute.value;
    const single = Array.isArray(value) && value.length === 1 ? value[0] : value;
    if (attribute.metadata.type !== H5T_CLASS.string || typeof single !== "string") {
      throw this.fail(owner.path, `attribute "${name}" must be a string, found ${typeClassName(attribute.metadata)}`);
    }
    return unpad(single, attribute.metadata);
  }
}
