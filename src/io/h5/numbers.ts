import type { Failures } from "../checks.js";
import { H5T_CLASS, type Metadata, type OutputData } from "./api.js";

/** How a numeric dataset or attribute is stored: integer or float, width and sign. */
export interface NumericStorage {
  kind: "int" | "float";
  bytes: number;
  signed: boolean;
  littleEndian: boolean;
}

/** The numeric storage of an HDF5 type, or null when it is not numeric. Enums (h5py bools) count as their integer base. */
export function numericStorage(metadata: Metadata): NumericStorage | null {
  const typeClass = metadata.type === H5T_CLASS.enum ? metadata.enum_type?.type : metadata.type;
  const { size: bytes, signed, littleEndian } = metadata;
  if (typeClass === H5T_CLASS.integer && [1, 2, 4, 8].includes(bytes)) return { kind: "int", bytes, signed, littleEndian };
  if (typeClass === H5T_CLASS.float && (bytes === 4 || bytes === 8)) return { kind: "float", bytes, signed: true, littleEndian };
  return null;
}

/** Every value of u8, i8, u16, i16 and f32 is exactly a float32; wider types need float64. */
export function fitsFloat32(storage: NumericStorage): boolean {
  return storage.kind === "int" ? storage.bytes <= 2 : storage.bytes === 4;
}

/** numpy-style name of a stored type, for messages: "u16", "f32", "i64". */
export function storageName(storage: NumericStorage): string {
  const prefix = storage.kind === "float" ? "f" : storage.signed ? "i" : "u";
  return `${prefix}${storage.bytes * 8}`;
}

const CLASS_NAMES: Record<number, string> = {
  [H5T_CLASS.string]: "a string",
  2: "a time",
  4: "a bitfield",
  5: "opaque data",
  6: "a compound type",
  7: "a reference",
  9: "a variable-length sequence",
  10: "an array type",
};

/** The stored type in words, for messages about a value of the wrong kind. */
export function typeClassName(metadata: Metadata): string {
  const storage = numericStorage(metadata);
  if (storage) return `a number (${storageName(storage)})`;
  if (metadata.type === H5T_CLASS.float) return `f${metadata.size * 8}, a float width h5wasm cannot read (store f32 or f64)`;
  return CLASS_NAMES[metadata.type] ?? `an HDF5 type of class ${metadata.type}`;
}

const LARGEST_EXACT = 2n ** 53n;

/** A 64-bit integer beyond 2^53 in magnitude: it has no exact float64 value. */
export class UnsafeIntegerError extends Error {
  constructor(
    readonly value: bigint,
    readonly index: number,
  ) {
    super(`${value} is beyond 2^53, where float64 can no longer hold every integer exactly`);
  }
}

/** Which values a copy refuses (counts them, and finds the first): "finite", or "nonNegative" (and finite). */
export type ValueRule = "finite" | "nonNegative";

const NO_FAILURES: Failures = { count: 0, first: -1 };

/**
 * Copies numeric values as h5wasm returns them (a typed array, a BigInt array, or a scalar) into
 * `target` from `offset`, exactly, and checks them against `rule` in the same pass; returns the
 * values that fail it (index relative to `values`). Integers are finite, and unsigned ones never
 * negative, so those are copied without a test. Throws UnsafeIntegerError for 64-bit integers
 * that a float64 cannot hold.
 */
export function copyExact(values: OutputData, target: Float32Array | Float64Array, offset: number, rule?: ValueRule): Failures {
  if (typeof values === "number" || typeof values === "bigint") {
    const value = typeof values === "number" ? values : exactBigInt(values, 0);
    target[offset] = value;
    return rule && !passes(value, rule) ? { count: 1, first: 0 } : NO_FAILURES;
  }
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    for (let i = 0; i < values.length; i++) target[offset + i] = exactBigInt(values[i], i);
    if (!(rule === "nonNegative" && values instanceof BigInt64Array)) return NO_FAILURES;
    // Checked where they now are (copied onto themselves, unchanged).
    return copyChecked(target.subarray(offset, offset + values.length), target, offset, rule);
  }
  if (!ArrayBuffer.isView(values) || values instanceof DataView) throw new TypeError("not numeric data");
  const numbers = values as unknown as NumberArray;
  const floating = numbers instanceof Float32Array || numbers instanceof Float64Array;
  const unsigned = numbers instanceof Uint8Array || numbers instanceof Uint16Array || numbers instanceof Uint32Array;
  if (rule === "finite" ? floating : rule === "nonNegative" ? !unsigned : false) return copyChecked(numbers, target, offset, rule!);
  target.set(numbers, offset);
  return NO_FAILURES;
}

type NumberArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

function passes(value: number, rule: ValueRule): boolean {
  return rule === "finite" ? Number.isFinite(value) : value >= 0 && value < Infinity;
}

function copyChecked(values: NumberArray, target: Float32Array | Float64Array, offset: number, rule: ValueRule): Failures {
  let count = 0;
  let first = -1;
  if (rule === "finite") {
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      target[offset + i] = value;
      if (!(value > -Infinity && value < Infinity)) {
        if (first < 0) first = i;
        count++;
      }
    }
  } else {
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      target[offset + i] = value;
      if (!(value >= 0 && value < Infinity)) {
        if (first < 0) first = i;
        count++;
      }
    }
  }
  return { count, first };
}

function exactBigInt(value: bigint, index: number): number {
  if (value > LARGEST_EXACT || value < -LARGEST_EXACT) throw new UnsafeIntegerError(value, index);
  return Number(value);
}

/** Numeric values as a plain array (attributes: a handful of values). */
export function toNumberArray(values: OutputData): number[] {
  const count = typeof values === "number" || typeof values === "bigint" ? 1 : (values as ArrayLike<unknown>).length;
  const target = new Float64Array(count);
  copyExact(values, target, 0);
  return Array.from(target);
}
