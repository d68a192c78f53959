// The shape of one Gauss-Newton step of the registration refinement (src/pipeline/refine.ts),
// shared by the WebAssembly kernel (assembly/refine.ts) and its TypeScript reference.
import type { Affine } from "../model/types.js";

export type TransformModel = "similarity" | "affine";

/** The images one refinement compares; fixed, its derivatives and moving stay fixed across steps. */
export interface RefineImages {
  fixed: Float32Array;
  /** d/dcol and d/drow of `fixed`. */
  fixedDx: Float32Array;
  fixedDy: Float32Array;
  fixedRows: number;
  fixedCols: number;
  moving: Float32Array;
  /** The moving image's edge normals (col, row components) when an edge shift is fitted. */
  normals?: [Float32Array, Float32Array];
  /** Weight of each moving pixel's terms (moving grid); all 1 when absent, pixels of weight 0 unused. */
  weights?: Float32Array;
  movingRows: number;
  movingCols: number;
}

/** Where one step starts from. */
export interface RefineState {
  model: TransformModel;
  /** Moving pixel (col, row, 1) to fixed pixel. */
  movingToFixed: Affine;
  /** The moving pixel the geometry is linearised about (col, row). */
  centre: readonly [number, number];
  gain: number;
  offset: number;
  /** Edge shift along the normals, fixed pixels; ignored without normals. */
  shift: number;
}

export interface NormalEquations {
  /** Parameters: the geometry (similarity 4, affine 6), the edge shift with normals, gain, offset. */
  parameters: number;
  /** J^T J, parameters x parameters, symmetric. */
  normal: Float64Array;
  /** J^T r. */
  rhs: Float64Array;
}

export function refineParameters(model: TransformModel, withNormals: boolean): number {
  return (model === "similarity" ? 4 : 6) + (withNormals ? 1 : 0) + 2;
}
