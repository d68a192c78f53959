import { describe, expect, it } from "vitest";
import { edgeDirectedLines } from "../../src/pipeline/edgeDirectedLines.js";
import { normal } from "../kernels/random.js";

const NM = 1e-9;
// A fine grid of truth, FACTOR times finer across the lines than the scan, which samples every
// FACTOR-th fine line; along a line the scan has every point (the line pitch is FACTOR points).
const FACTOR = 8;
const LINES = 24;
const COLS = 256;
const FINE_ROWS = (LINES - 1) * FACTOR + 1;

/** A plateau `height` high beyond a straight rim at `angleDeg` to the lines, 5 points wide. */
function plateau(angleDeg: number, height: number) {
  const slope = 1 / Math.tan((angleDeg * Math.PI) / 180);
  return (fineRow: number, c: number) => {
    // Distance of the point from the rim along the line, in points.
    const beyond = c - (COLS / 2 + (fineRow / FACTOR - LINES / 2) * FACTOR * slope);
    const t = Math.min(1, Math.max(0, beyond / 5 + 0.5));
    return height * t * t * (3 - 2 * t);
  };
}

function sampled(surface: (fineRow: number, c: number) => number, noise = 0, seed = 1) {
  const gauss = normal(seed);
  const truth = Float64Array.from({ length: FINE_ROWS * COLS }, (_, i) => surface(Math.floor(i / COLS), i % COLS));
  const scan = Float64Array.from({ length: LINES * COLS }, (_, i) => truth[Math.floor(i / COLS) * FACTOR * COLS + (i % COLS)]! + noise * gauss());
  return { truth, scan };
}

/** Straight interpolation across the lines, what the reconstruction did before. */
function straightAcross(scan: Float64Array): Float64Array {
  return Float64Array.from({ length: FINE_ROWS * COLS }, (_, i) => {
    const row = Math.floor(i / COLS) / FACTOR;
    const r = Math.min(Math.floor(row), LINES - 2);
    const t = row - r;
    return (1 - t) * scan[r * COLS + (i % COLS)]! + t * scan[(r + 1) * COLS + (i % COLS)]!;
  });
}

/** RMS difference over the fine grid, leaving out the 40 points at either end of each line. */
function rms(a: Float64Array, b: Float64Array): number {
  let squares = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const c = i % COLS;
    if (c < 40 || c >= COLS - 40) continue;
    squares += (a[i]! - b[i]!) ** 2;
    n++;
  }
  return Math.sqrt(squares / n);
}

describe("lines put between the scan lines", () => {
  it.each([25, 35, 50])("follow a particle rim crossing the lines at %i degrees", (angle) => {
    const { truth, scan } = sampled(plateau(angle, 30 * NM), 0.3 * NM);
    const finer = edgeDirectedLines(scan, LINES, COLS, FACTOR, FACTOR);
    // Straight across, the rim becomes a ramp from one line to the next (1.4-2.1 nm RMS over
    // the field here); following it leaves less than the scan's noise (measured 0.25 nm).
    expect(rms(straightAcross(scan), truth)).toBeGreaterThan(1 * NM);
    expect(rms(finer, truth)).toBeLessThan(0.35 * NM);
  });

  it("are no worse than straight across where a steep rim leaves little between the lines (75 degrees)", () => {
    const { truth, scan } = sampled(plateau(75, 30 * NM), 0.3 * NM, 4);
    expect(rms(edgeDirectedLines(scan, LINES, COLS, FACTOR, FACTOR), truth)).toBeLessThanOrEqual(rms(straightAcross(scan), truth));
  });

  it("keep the scan's own lines as they are", () => {
    const { scan } = sampled(plateau(45, 30 * NM), 0.3 * NM);
    const finer = edgeDirectedLines(scan, LINES, COLS, FACTOR, FACTOR);
    for (let r = 0; r < LINES; r++) {
      expect(Array.from(finer.subarray(r * FACTOR * COLS, (r * FACTOR + 1) * COLS))).toEqual(Array.from(scan.subarray(r * COLS, (r + 1) * COLS)));
    }
  });

  it("run straight across smooth relief and noise, where no rim stands out", () => {
    const smooth = (fineRow: number, c: number) => 4 * NM * Math.sin(fineRow / 40 + c / 30) + 2 * NM * Math.cos(c / 17 - fineRow / 25);
    const { scan } = sampled(smooth, 0.3 * NM, 2);
    expect(rms(edgeDirectedLines(scan, LINES, COLS, FACTOR, FACTOR), straightAcross(scan))).toBe(0);
  });

  it("run straight across a rim too shallow to follow (8 degrees) and make it no worse", () => {
    const { truth, scan } = sampled(plateau(8, 30 * NM), 0.3 * NM, 3);
    expect(rms(edgeDirectedLines(scan, LINES, COLS, FACTOR, FACTOR), truth)).toBeLessThanOrEqual(rms(straightAcross(scan), truth) * 1.05);
  });
});
