// Scars in a levelled AFM map (streaks along a scan line): the kernel of findScars in
// src/pipeline/level.ts, which says why and is the reference it must match. Same arithmetic in
// the same order, and medians as exact order statistics, so the results agree bit for bit.

import { medianOfCopy, robustSigma, robustSigmaAbout } from "./order";

const SCAR_SIGMAS: f64 = 2;
const SCAR_MIN_RUN: i32 = 8;
const SCAR_MAX_SPREAD: f64 = 0.25;

// @ts-ignore: decorator
@inline
function valueAt(values: usize, i: i32): f64 {
  return load<f64>(values + (<usize>i << 3));
}

function lineExists(line: i32, rows: i32): bool {
  return line >= 0 && line < rows;
}

function lineClear(line: i32, rows: i32, cols: i32, c: i32, raised: usize, hasRaised: bool): bool {
  return lineExists(line, rows) && !(hasRaised && load<u8>(raised + <usize>(line * cols + c)) != 0);
}

// The reference lines of the last referenceLines call (a kernel instance runs one job at a time).
let nearLine: i32 = 0;
let farLine: i32 = 0;

/** The two lines pixel (r, c) is compared with, into nearLine and farLine; see level.ts. */
function referenceLines(rows: i32, cols: i32, r: i32, c: i32, raised: usize, hasRaised: bool, strict: bool): bool {
  if (lineClear(r - 1, rows, cols, c, raised, hasRaised) && lineClear(r + 1, rows, cols, c, raised, hasRaised)) {
    nearLine = r - 1;
    farLine = r + 1;
  } else if ((!strict || !lineExists(r - 1, rows)) && lineClear(r + 1, rows, cols, c, raised, hasRaised) && lineClear(r + 2, rows, cols, c, raised, hasRaised)) {
    nearLine = r + 1;
    farLine = r + 2;
  } else if ((!strict || !lineExists(r + 1, rows)) && lineClear(r - 1, rows, cols, c, raised, hasRaised) && lineClear(r - 2, rows, cols, c, raised, hasRaised)) {
    nearLine = r - 1;
    farLine = r - 2;
  } else {
    return false;
  }
  return true;
}

/** What pixel (r, c) would be without a scar: the mean of its reference lines, or the nearer one. */
function scarFreeValue(residual: usize, rows: i32, cols: i32, r: i32, c: i32, raised: usize, hasRaised: bool): f64 {
  if (!referenceLines(rows, cols, r, c, raised, hasRaised, false)) return NaN;
  const i = r * cols + c;
  const nearValue = valueAt(residual, i + (nearLine - r) * cols);
  return abs(farLine - r) == 1 ? (nearValue + valueAt(residual, i + (farLine - r) * cols)) / 2 : nearValue;
}

/** SCAR_SIGMAS noise sigmas of the finite differences between neighbouring lines. */
function scarThreshold(residual: usize, count: i32, cols: i32, differences: usize, work: usize): f64 {
  let n = 0;
  for (let i = cols; i < count; i++) {
    const d = valueAt(residual, i) - valueAt(residual, i - cols);
    if (!isFinite(d)) continue;
    store<f64>(differences + (<usize>n << 3), d);
    n++;
  }
  return SCAR_SIGMAS * robustSigma(differences, n, work);
}

/** Per pixel of line r: 1 or -1 where it stands above or below both reference lines by more than `threshold`. */
function lineSigns(residual: usize, rows: i32, cols: i32, r: i32, raised: usize, hasRaised: bool, threshold: f64, signs: usize): void {
  for (let c = 0; c < cols; c++) {
    let sign: i32 = 0;
    if (referenceLines(rows, cols, r, c, raised, hasRaised, true)) {
      const v = valueAt(residual, r * cols + c);
      const above = v - valueAt(residual, nearLine * cols + c);
      const below = v - valueAt(residual, farLine * cols + c);
      if (isFinite(above) && isFinite(below)) {
        if (above > threshold && below > threshold) sign = 1;
        else if (above < -threshold && below < -threshold) sign = -1;
      }
    }
    store<i32>(signs + (<usize>c << 2), sign);
  }
}

/** The step by which line r stands out over [start, end), NaN unless it is nearly constant. */
function stepOf(residual: usize, rows: i32, cols: i32, r: i32, start: i32, end: i32, raised: usize, hasRaised: bool, deviations: usize, work: usize): f64 {
  const n = end - start;
  for (let c = start; c < end; c++) {
    store<f64>(deviations + (<usize>(c - start) << 3), valueAt(residual, r * cols + c) - scarFreeValue(residual, rows, cols, r, c, raised, hasRaised));
  }
  const step = medianOfCopy(deviations, n, work);
  return robustSigmaAbout(deviations, n, step, work) < SCAR_MAX_SPREAD * Math.abs(step) ? step : NaN;
}

function sameStep(residual: usize, rows: i32, cols: i32, r: i32, c: i32, step: f64, raised: usize, hasRaised: bool): bool {
  return Math.abs(valueAt(residual, r * cols + c) - scarFreeValue(residual, rows, cols, r, c, raised, hasRaised) - step) < 0.5 * Math.abs(step);
}

/** Bytes of scratch findScars needs for a rows x cols map. */
export function findScarsScratchBytes(rows: i32, cols: i32): usize {
  return (<usize>rows * <usize>cols << 3) + (<usize>cols << 2) + (<usize>cols << 4);
}

/**
 * Marks in `scars` (u8 per pixel, zeroed here) the runs of at least SCAR_MIN_RUN pixels along a
 * line of `residual` (rows x cols f64) that stand out with one sign from both reference lines
 * by a nearly constant step, grown along the line while the step holds. `raised` (u8 per
 * pixel, read only where hasRaised) marks particles; `scratch` holds findScarsScratchBytes.
 */
export function findScars(residual: usize, rows: i32, cols: i32, raised: usize, hasRaised: bool, scars: usize, scratch: usize): void {
  const count = rows * cols;
  memory.fill(scars, 0, <usize>count);
  if (rows < 3) return;
  const differences = scratch;
  const signs = differences + (<usize>count << 3);
  const deviations = signs + (<usize>cols << 2);
  const work = deviations + (<usize>cols << 3);
  // The differences are their own work space: a map's worth of scratch, not two.
  const threshold = scarThreshold(residual, count, cols, differences, differences);
  for (let r = 0; r < rows; r++) {
    lineSigns(residual, rows, cols, r, raised, hasRaised, threshold, signs);
    let runStart = 0;
    let runSign = 0;
    for (let c = 0; c <= cols; c++) {
      const sign = c < cols ? load<i32>(signs + (<usize>c << 2)) : 0;
      if (sign == runSign) continue;
      if (runSign != 0 && c - runStart >= SCAR_MIN_RUN) {
        const step = stepOf(residual, rows, cols, r, runStart, c, raised, hasRaised, deviations, work);
        if (!isNaN(step)) {
          let start = runStart;
          let end = c;
          while (start > 0 && sameStep(residual, rows, cols, r, start - 1, step, raised, hasRaised)) start--;
          while (end < cols && sameStep(residual, rows, cols, r, end, step, raised, hasRaised)) end++;
          memory.fill(scars + <usize>(r * cols + start), 1, <usize>(end - start));
        }
      }
      runStart = c;
      runSign = sign;
    }
  }
}
