/**
 * The validated in-memory model of the afmsims file formats (../shared/spec/FORMATS.md).
 * Every length is in metres. Images are row-major `[rows, cols]`.
 */

/** Either float width: 32-bit where the source type fits exactly, 64-bit otherwise. */
export type FloatArray = Float32Array | Float64Array;

/** `[dy, dx]`: row pitch and column pitch, metres. */
export type PixelSize = readonly [number, number];

/** 3x3 affine matrix, row-major, acting on column vectors `(col, row, 1)`. */
export type Affine = Float64Array;

export interface HeightMap {
  /** Heights in metres, `rows * cols`, row-major. */
  heights: Float64Array;
  rows: number;
  cols: number;
  pixelSize: PixelSize;
  /** Stage position `[y, x]` of pixel (0,0), metres; a registration hint only. */
  origin?: readonly [number, number];
  /** After scan only: mean sputtered depth over this scan's field, metres. */
  meanDepth?: number;
}

export interface SimsStack {
  /** Counts `[layers, channels, rows, cols]`, row-major. */
  counts: FloatArray;
  layers: number;
  channels: number;
  rows: number;
  cols: number;
  pixelSize: PixelSize;
  origin?: readonly [number, number];
  labels: string[];
  masses?: Float64Array;
  /** Total-ion counts `[layers, rows, cols]`; absent means the sum of the channels. */
  total?: FloatArray;
  /** Cumulative sputter dose (or time) at the end of each layer's sputter frame; absent means equal doses. */
  sputterDose?: Float64Array;
  scansPerLayer?: number;
  shotsPerPixel?: number;
  /** True when the counts are already dead-time corrected (as SurfaceLab exports are). */
  deadTimeCorrected?: boolean;
}

export interface InputModel {
  /** The file it was read from, for messages. */
  source: string;
  afmBefore: HeightMap;
  afmAfter?: HeightMap;
  sims: SimsStack;
}

export interface VolumeModel {
  source: string;
  /** Voxels `[channels, nz, rows, cols]`, dead-time-corrected counts; NaN = no data. */
  data: Float32Array;
  channels: number;
  nz: number;
  rows: number;
  cols: number;
  /** `[dz, dy, dx]`, metres. */
  voxelSize: readonly [number, number, number];
  /** Height of the centre of voxel layer 0, metres, in the frame of `surfaceBefore`. */
  zTop: number;
  labels: string[];
  surfaceBefore: Float32Array;
  surfaceAfter: Float32Array;
  afmToSims: Affine;
  afmAfterToSims?: Affine;
  /** `[layers, 2]` as `(dy, dx)` SIMS pixels per layer. */
  drift: Float64Array;
  layers: number;
  /** `[layers + 1, rows, cols]`, metres below the original surface. */
  layerDepth: Float32Array;
  /** Extra attributes the writer adds and the reader keeps (fitted rates, provenance). */
  attributes?: Record<string, unknown>;
}
