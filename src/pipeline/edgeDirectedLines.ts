// Heights between the scan lines of an AFM map, which lie several times further apart than the
// points along a line. Where a particle's rim crosses the lines obliquely, interpolating straight
// across puts a ramp where there is a step: the rim lies at another place on each line. Here each
// point between two lines follows the rim instead: the two lines' profiles are matched locally
// (which shift along the line makes them agree), and the point is interpolated along that shift,
// as edge-based line averaging does for interlaced video. Where no shift fits clearly better
// than none (smooth relief, noise), the interpolation runs straight across.
import { kthSmallest } from "./stats.js";

/** Half the stretch of the two profiles compared, in line pitches. */
const MATCH_HALF_WIDTH = 1;
/**
 * The largest shift between the rim on two neighbouring lines, in line pitches: rims at 22
 * degrees or more to the lines. Shallower ones cross too far apart to be told from another rim.
 */
const MAX_SHIFT = 2.5;
/** A shift is taken only where the lines differ straight across by this many noise sigmas... */
const EDGE_SIGMAS = 5;
/** ...and it leaves less than this share of that difference. */
const MATCH_GAIN = 0.25;

/** How profiles are matched: widths in points along the line. */
export interface Matching {
  halfWidth: number;
  maxShift: number;
  /** Least sum of squared differences straight across at which a rim is sought. */
  threshold: number;
  /** A shift is taken where it leaves less than this share of the straight mismatch. */
  matchGain: number;
}

/** How the lines of a map are matched; `linePitch` is the distance between lines in points along a line. */
export function lineMatching(heights: ArrayLike<number>, rows: number, cols: number, linePitch: number): Matching {
  const halfWidth = Math.max(1, Math.round(MATCH_HALF_WIDTH * linePitch));
  return {
    halfWidth,
    maxShift: Math.round(MAX_SHIFT * linePitch),
    threshold: (EDGE_SIGMAS * lineDifferenceSigma(heights, rows, cols)) ** 2 * (2 * halfWidth + 1),
    matchGain: MATCH_GAIN,
  };
}

/**
 * The map with `factor` - 1 lines put between each two neighbouring lines, `(rows - 1) * factor
 * + 1` lines in all (line r of the input is line r * factor of the output); `linePitch` is the
 * distance between lines in points along a line. NaN propagates.
 */
export function edgeDirectedLines(heights: ArrayLike<number>, rows: number, cols: number, factor: number, linePitch: number): Float64Array {
  const outRows = (rows - 1) * factor + 1;
  const out = new Float64Array(outRows * cols);
  const matching = lineMatching(heights, rows, cols, linePitch);
  const margin = halfGridMargin(matching);
  let upper = halfGridLine(heights, 0, cols, margin);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * factor * cols + c] = heights[r * cols + c]!;
    if (r === rows - 1) break;
    const lower = halfGridLine(heights, r + 1, cols, margin);
    const shifts = rimShifts(upper, lower, cols, margin, matching);
    upper = lower;
    for (let k = 1; k < factor; k++) lineBetween(heights, r, cols, k / factor, shifts, out.subarray((r * factor + k) * cols, (r * factor + k + 1) * cols));
  }
  return out;
}

/** Into `line`: the line a share t of the way from line r to line r + 1, along `shifts`. */
function lineBetween(heights: ArrayLike<number>, r: number, cols: number, t: number, shifts: Float64Array, line: Float64Array): void {
  for (let c = 0; c < cols; c++) {
    const along = (1 - t) * alongLine(heights, r, cols, c - t * shifts[c]!) + t * alongLine(heights, r + 1, cols, c + (1 - t) * shifts[c]!);
    // A shifted point that falls off the line's end: straight across instead.
    line[c] = Number.isNaN(along) ? (1 - t) * heights[r * cols + c]! + t * heights[(r + 1) * cols + c]! : along;
  }
}

/**
 * Line r sampled every half point along it (alongLine at j / 2, at index margin + j), with
 * `margin` NaNs on either side: the profiles compared for a shift s sit s / 2 points either way
 * of the column, so every point any of them touches is a lookup, and one off the line is NaN.
 */
function halfGridLine(heights: ArrayLike<number>, r: number, cols: number, margin: number): Float64Array {
  const points = Math.max(0, 2 * cols - 1);
  const line = new Float64Array(points + 2 * margin).fill(NaN);
  for (let j = 0; j < points; j++) line[margin + j] = alongLine(heights, r, cols, j / 2);
  return line;
}

/** Half points beyond the line's ends that a profile compared can reach. */
function halfGridMargin(matching: Matching): number {
  return 2 * matching.halfWidth + matching.maxShift;
}

/**
 * Per position c between two lines (`upper` and `lower`, as halfGridLine), the shift s (points
 * along the line) such that the upper line around c - s/2 matches the lower one around c + s/2;
 * 0 where none matches clearly better.
 */
function rimShifts(upper: Float64Array, lower: Float64Array, cols: number, margin: number, matching: Matching): Float64Array {
  const shifts = new Float64Array(cols);
  for (let c = 0; c < cols; c++) {
    const straight = mismatch(upper, lower, margin + 2 * c, 0, matching.halfWidth);
    if (!(straight > matching.threshold)) continue;
    let best = straight;
    let bestShift = 0;
    for (let s = -matching.maxShift; s <= matching.maxShift; s++) {
      if (s === 0) continue;
      const cost = mismatch(upper, lower, margin + 2 * c, s, matching.halfWidth, best);
      if (cost < best) {
        best = cost;
        bestShift = s;
      }
    }
    if (best < matching.matchGain * straight) shifts[c] = bestShift;
  }
  return shifts;
}

/**
 * Sum of squared differences of the upper line around c - s/2 and the lower one around c + s/2
 * (`centre` = margin + 2 c, the half-grid index of column c); NaN off the map. Stops once the sum
 * reaches `enough`: adding squares never lowers it, so the rest could not bring it below.
 */
function mismatch(upper: Float64Array, lower: Float64Array, centre: number, s: number, halfWidth: number, enough = Infinity): number {
  let sum = 0;
  for (let j = centre - 2 * halfWidth; j <= centre + 2 * halfWidth && !(sum >= enough); j += 2) sum += (upper[j - s]! - lower[j + s]!) ** 2;
  return sum;
}

/** Height of line r at fractional column `col`, linear along the line; NaN off the line. */
function alongLine(heights: ArrayLike<number>, r: number, cols: number, col: number): number {
  if (col < 0 || col > cols - 1) return NaN;
  const c = Math.min(Math.floor(col), cols - 2);
  const t = col - c;
  return cols < 2 ? heights[r * cols]! : heights[r * cols + c]! * (1 - t) + heights[r * cols + c + 1]! * t;
}

/** Robust sigma of the differences between neighbouring lines: what noise and fine relief make. */
function lineDifferenceSigma(heights: ArrayLike<number>, rows: number, cols: number): number {
  const differences = new Float64Array(Math.max(0, (rows - 1) * cols));
  let n = 0;
  for (let i = cols; i < rows * cols; i++) {
    const d = heights[i]! - heights[i - cols]!;
    if (Number.isFinite(d)) differences[n++] = Math.abs(d);
  }
  // Median absolute difference of zero-centred values; 1.4826 makes it a normal sigma.
  return n > 0 ? 1.4826 * kthSmallest(differences.subarray(0, n), n >> 1) : 0;
}
