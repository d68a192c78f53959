// Line offsets of one AFM scan against a second scan of the same area (AFM-after against
// AFM-before): the relief is common to both and cancels in their difference, the instruments'
// line offsets do not. What stays in the difference besides them (the sputter crater, particles
// sputtered at their own rate) changes from one line to the next only where an edge crosses,
// which the median of the line-to-line differences skips; the crater's own rim, which may run
// along a whole line, is kept out by comparing pixels on the same side of it only.
import type { Affine, HeightMap } from "../model/types.js";
import { apply, invert } from "./affine.js";
import { median } from "./stats.js";

// Fewer of the scan's lines than this share of them overlapping the other scan: no estimate.
// A line the other scan does not reach has no offset difference, and carrying the last one over
// it hands that line's removed offset back as relief: with an after scan sharing 58 % of the
// lines the surface came out worse than with none (small preset seeds 11-13, 3.46-3.68 nm
// against 3.45-3.55). A second scan of the same field, offset by the stage's few um, shares
// over 90 % of them.
const MIN_SHARED_LINES = 0.85;

/** Which side of the crater's rim each pixel lies on (0 outside, 1 inside), or RIM to leave it out. */
export const RIM = 255;

/**
 * Per line of `scan`: its line offset less that of the line of `other` it lies on (the nearest
 * one, so that no two of the other's offsets are mixed), up to a constant and a linear trend.
 * `otherToScan` maps the other's pixel (col, row) to the scan's. Both are the raw recordings.
 * `side` (per scan pixel, see RIM) keeps pixels on opposite sides of the crater's rim apart.
 * Undefined where the scans share too few lines to tell.
 */
export function pairedLineOffsets(scan: HeightMap, other: HeightMap, otherToScan: Affine, side?: Uint8Array): Float64Array | undefined {
  const { rows, cols } = scan;
  const scanToOther = invert(otherToScan);
  const difference = new Float64Array(rows * cols);
  let sharedLines = 0;
  for (let r = 0; r < rows; r++) {
    let shared = false;
    for (let c = 0; c < cols; c++) {
      const [x, y] = apply(scanToOther, c, r);
      const i = r * cols + c;
      const d = side?.[i] === RIM ? NaN : scan.heights[i]! - alongLine(other, Math.round(y), x);
      difference[i] = d;
      shared ||= Number.isFinite(d);
    }
    if (shared) sharedLines++;
  }
  if (sharedLines < MIN_SHARED_LINES * rows) return undefined;
  const offsets = new Float64Array(rows);
  const steps = new Float64Array(cols);
  for (let r = 1; r < rows; r++) {
    let n = 0;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (side && side[i] !== side[i - cols]) continue;
      const step = difference[i]! - difference[i - cols]!;
      if (Number.isFinite(step)) steps[n++] = step;
    }
    offsets[r] = offsets[r - 1]! + (n > 0 ? median(steps.subarray(0, n)) : 0);
  }
  return offsets;
}

/** Height of `map` at fractional column `col` of line `row`, linear along the line; NaN outside. */
function alongLine(map: HeightMap, row: number, col: number): number {
  if (row < 0 || row >= map.rows || col < 0 || col > map.cols - 1 || map.cols < 2) return NaN;
  const c = Math.min(Math.floor(col), map.cols - 2);
  const t = col - c;
  const at = row * map.cols + c;
  return map.heights[at]! * (1 - t) + map.heights[at + 1]! * t;
}
