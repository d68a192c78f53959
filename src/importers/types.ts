import type { PixelSize } from "../model/types.js";

/** Header fields kept as provenance: they become HDF5 attributes of the imported dataset. */
export type HeaderFields = Record<string, string | number>;

/** One image read from an instrument file, row 0 being the top line as Gwyddion shows it. */
export interface ImportedImage {
  title: string;
  /** Channel id inside its file (the N of a Gwyddion `/N/data`, 0 for single-image files). */
  id: number;
  rows: number;
  cols: number;
  /** Row-major values; metres when `units` is "m". */
  values: Float64Array;
  /** `[dy, dx]` in metres, or undefined when the file does not say (plain-text exports). */
  pixelSize?: PixelSize;
  /** "m" for heights (converted to metres), "counts", or the file's own unit string. */
  units: string;
  /** Stage position `[y, x]` of pixel (0, 0), metres, when the file gives one. */
  origin?: readonly [number, number];
  /** The file's header fields that describe this image, kept as provenance. */
  header: HeaderFields;
}

/** Everything an AFM-style importer read from one file. */
export interface ImportedImages {
  format: string;
  images: ImportedImage[];
}
