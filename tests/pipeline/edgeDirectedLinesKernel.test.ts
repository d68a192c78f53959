// The edge-directed line kernel (assembly/edgeLines.ts) against its TypeScript reference
// (src/pipeline/edgeDirectedLines.ts), and that reference against the method written out term by
// term, as it stood before either was made fast: all three must agree bit for bit, since a rim
// shift chosen differently would move the surface.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRawKernels } from "../../src/kernels/loader.js";
import { edgeDirectedLines, lineMatching } from "../../src/pipeline/edgeDirectedLines.js";
import { edgeDirectedLinesWasm } from "../../src/pipeline/edgeDirectedLinesWasm.js";
import { normal, uniform } from "../kernels/random.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

beforeAll(() => {
  if (!existsSync(`${root}build/kernels/afmsims-simd.wasm`) || !existsSync(`${root}build/kernels/afmsims-scalar.wasm`)) {
    execFileSync(process.execPath, ["scripts/build-kernels.mjs"], { cwd: root, stdio: "inherit" });
  }
});

/**
 * Plateaus 20 units high behind rims at random angles to the lines, noise of 0.3 and a few NaN
 * pixels: rims the matching follows, noise it must not, and NaNs it must carry.
 */
function rimmedMap(rows: number, cols: number, linePitch: number, seed: number): Float64Array {
  const next = uniform(seed);
  const gauss = normal(seed + 100);
  const rims = Array.from({ length: 4 }, () => ({ at: next() * cols, slope: (next() * 2 - 1) * 2 * linePitch }));
  const map = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let z = 0.3 * gauss();
      for (const rim of rims) z += c > rim.at + rim.slope * r ? 5 : 0;
      map[r * cols + c] = next() < 0.002 ? NaN : z;
    }
  }
  return map;
}

/** edgeDirectedLines as the method reads: every mismatch term interpolated along its line. */
function termByTerm(heights: Float64Array, rows: number, cols: number, factor: number, linePitch: number): Float64Array {
  const { halfWidth, maxShift, threshold, matchGain } = lineMatching(heights, rows, cols, linePitch);
  const along = (r: number, col: number) => {
    if (col < 0 || col > cols - 1) return NaN;
    const c = Math.min(Math.floor(col), cols - 2);
    const t = col - c;
    return cols < 2 ? heights[r * cols]! : heights[r * cols + c]! * (1 - t) + heights[r * cols + c + 1]! * t;
  };
  const mismatch = (r: number, c: number, s: number) => {
    let sum = 0;
    for (let w = -halfWidth; w <= halfWidth; w++) sum += (along(r, c + w - s / 2) - along(r + 1, c + w + s / 2)) ** 2;
    return sum;
  };
  const out = new Float64Array(((rows - 1) * factor + 1) * cols);
  for (let r = 0; r < rows; r++) {
    out.set(heights.subarray(r * cols, (r + 1) * cols), r * factor * cols);
    if (r === rows - 1) break;
    for (let c = 0; c < cols; c++) {
      const straight = mismatch(r, c, 0);
      let best = straight;
      let shift = 0;
      for (let s = -maxShift; straight > threshold && s <= maxShift; s++) {
        const cost = s === 0 ? Infinity : mismatch(r, c, s);
        if (cost < best) [best, shift] = [cost, s];
      }
      if (!(best < matchGain * straight)) shift = 0;
      for (let k = 1; k < factor; k++) {
        const t = k / factor;
        const value = (1 - t) * along(r, c - t * shift) + t * along(r + 1, c + (1 - t) * shift);
        out[(r * factor + k) * cols + c] = Number.isNaN(value) ? (1 - t) * heights[r * cols + c]! + t * heights[(r + 1) * cols + c]! : value;
      }
    }
  }
  return out;
}

/** Positions where two arrays differ, NaN equal to NaN. */
function differing(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

/** Points between the lines that differ from straight interpolation across: where rims were followed. */
function followed(heights: Float64Array, lines: Float64Array, rows: number, cols: number, factor: number): number {
  let n = 0;
  for (let r = 0; r + 1 < rows; r++) {
    for (let k = 1; k < factor; k++) {
      const t = k / factor;
      for (let c = 0; c < cols; c++) {
        const straight = (1 - t) * heights[r * cols + c]! + t * heights[(r + 1) * cols + c]!;
        if (Math.abs(lines[(r * factor + k) * cols + c]! - straight) > 1e-9) n++;
      }
    }
  }
  return n;
}

// [rows, cols, factor, line pitch, seed]: scan-like maps, and the shapes at the edges of the method.
const CASES: [number, number, number, number, number][] = [
  [24, 256, 5, 8, 1],
  [16, 300, 3, 16, 2],
  [12, 97, 4, 2.5, 3],
  [2, 64, 2, 4, 4],
  [1, 64, 5, 4, 5],
  [6, 2, 3, 1, 6],
  [5, 1, 2, 1, 7],
  [10, 50, 1, 4, 8],
];

describe("edge-directed lines: the reference", () => {
  it.each(CASES)("matches the method term by term (%i x %i, factor %i, pitch %f)", (rows, cols, factor, pitch, seed) => {
    const heights = rimmedMap(rows, cols, pitch, seed);
    expect(differing(edgeDirectedLines(heights, rows, cols, factor, pitch), termByTerm(heights, rows, cols, factor, pitch))).toBe(0);
  });

  it("follows rims on the test maps (the comparison is not only of straight interpolation)", () => {
    const heights = rimmedMap(24, 256, 8, 1);
    expect(followed(heights, edgeDirectedLines(heights, 24, 256, 5, 8), 24, 256, 5)).toBeGreaterThan(500);
  });
});

describe.each(["simd", "scalar"] as const)("edge-directed lines: the %s kernel", (build) => {
  it.each(CASES)("matches the reference bit for bit (%i x %i, factor %i, pitch %f)", async (rows, cols, factor, pitch, seed) => {
    const kernel = edgeDirectedLinesWasm(await loadRawKernels(build));
    const heights = rimmedMap(rows, cols, pitch, seed);
    expect(differing(kernel(heights, rows, cols, factor, pitch), edgeDirectedLines(heights, rows, cols, factor, pitch))).toBe(0);
  });

  it("takes a float32 map as its float64 values", async () => {
    const kernel = edgeDirectedLinesWasm(await loadRawKernels(build));
    const heights = Float32Array.from(rimmedMap(16, 128, 4, 9));
    expect(differing(kernel(heights, 16, 128, 3, 4), edgeDirectedLines(heights, 16, 128, 3, 4))).toBe(0);
  });
});
