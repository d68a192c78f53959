/** What `afmsims info` reports about a file (CLI.md): the same shape for every format. */

export interface ImageSummary {
  title: string;
  rows: number;
  cols: number;
  /** `[dy, dx]`, metres. */
  pixel_size: [number, number];
  /** Units of the values: "m" for heights (always converted to metres), "counts", ... */
  units: string;
  min: number;
  max: number;
  mean: number;
  /** Values at row 0 col 0, row 0 col 1 and row 1 col 0, row 0 being the top line as Gwyddion shows it. */
  values_00: number;
  values_01: number;
  values_10: number;
}

export interface FileDescription {
  file: string;
  /** "afmsims-input", "afmsims-volume", "park-tiff", "gwyddion-gwy", "surfacelab-profile", ... */
  format: string;
  valid: boolean;
  /** Why the file is not valid, one line each; empty when valid. */
  problems: string[];
  images: ImageSummary[];
  /** Format-specific facts: shapes, labels, header fields, ... */
  details: Record<string, unknown>;
}

/** Summary statistics of an image, ignoring non-finite values; min/max/mean are NaN when none is finite. */
export function summariseImage(
  title: string,
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  pixelSize: readonly [number, number],
  units: string,
): ImageSummary {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let finite = 0;
  for (let i = 0; i < rows * cols; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    finite++;
  }
  return {
    title,
    rows,
    cols,
    pixel_size: [pixelSize[0], pixelSize[1]],
    units,
    min: finite ? min : NaN,
    max: finite ? max : NaN,
    mean: finite ? sum / finite : NaN,
    values_00: values[0],
    values_01: cols > 1 ? values[1] : NaN,
    values_10: rows > 1 ? values[cols] : NaN,
  };
}
