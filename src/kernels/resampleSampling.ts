// How many samples a destination pixel averages so that the area average does not alias.
import type { Affine } from "../model/types.js";

/**
 * Samples along a destination pixel's columns and rows so that neighbouring samples lie at
 * most one source pixel apart. `dstToSrc` maps destination `(col, row, 1)` to the source.
 */
export function footprintSamples(dstToSrc: Affine): { subCols: number; subRows: number } {
  const alongCols = Math.max(Math.abs(dstToSrc[0]!), Math.abs(dstToSrc[3]!));
  const alongRows = Math.max(Math.abs(dstToSrc[1]!), Math.abs(dstToSrc[4]!));
  return { subCols: Math.max(1, Math.ceil(alongCols - 1e-9)), subRows: Math.max(1, Math.ceil(alongRows - 1e-9)) };
}
