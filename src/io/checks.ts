/** Value checks over typed arrays, reporting how many values fail and where the first one is. */

export interface Failures {
  count: number;
  /** Flat index of the first failing value; -1 when none fails. */
  first: number;
}

function findFailures(values: ArrayLike<number>, fails: (value: number) => boolean): Failures {
  let count = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (fails(values[i])) {
      if (first < 0) first = i;
      count++;
    }
  }
  return { count, first };
}

export function nonFinite(values: ArrayLike<number>): Failures {
  return findFailures(values, (v) => !Number.isFinite(v));
}

/** Counts must be 0 or more: a negative, NaN or infinite value fails. */
export function negativeOrNonFinite(values: ArrayLike<number>): Failures {
  return findFailures(values, (v) => !(v >= 0 && v < Infinity));
}

/** A flat row-major index in words: "layer 0, channel 1, row 2, col 3". */
export function locate(flatIndex: number, shape: readonly number[], axisNames: readonly string[]): string {
  const parts: string[] = [];
  let rest = flatIndex;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    parts.unshift(`${axisNames[axis]} ${rest % shape[axis]}`);
    rest = Math.floor(rest / shape[axis]);
  }
  return parts.join(", ");
}

/** Byte counts for messages: "1.5 GiB". */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
