import { describe, expect, it } from "vitest";
import { loadKernels } from "../../src/kernels/index.js";
import { referenceKernels } from "../../src/kernels/reference/index.js";
import { relativeDifference, smoothImage, uniform } from "./random.js";

/** `planes` independent smooth random planes of rows x cols, one array. */
function planeStack(planes: number, rows: number, cols: number, seed: number): Float32Array {
  const stack = new Float32Array(planes * rows * cols);
  for (let p = 0; p < planes; p++) stack.set(smoothImage(rows, cols, seed + p), p * rows * cols);
  return stack;
}

// Shifts past both edges, exact integers, exact halves (the NaN boundary) and a whole plane off.
const SHIFTS: [number, number][] = [[0.3, -0.45], [-2.75, 1.6], [3, -2], [0.5, -0.5], [-1.5, 2.5], [-0.001, 0.999], [9.2, -1], [-12, 40]];

describe.each(["simd", "scalar"] as const)("%s plane translation", (build) => {
  // Odd widths leave a scalar tail after the 4-wide blocks.
  it.each(SHIFTS)("matches resampleAffine's bilinear translation by (%f, %f), NaN where it left the plane", async (dy, dx) => {
    const kernels = await loadKernels(build);
    const [planes, rows, cols] = [3, 11, 13];
    const stack = planeStack(planes, rows, cols, 7);
    const expected = new Float32Array(stack.length);
    const dstToSrc = Float64Array.from([1, 0, dx, 0, 1, dy, 0, 0, 1]);
    for (let p = 0; p < planes; p++) {
      const plane = stack.subarray(p * rows * cols, (p + 1) * rows * cols);
      expected.set(kernels.resampleAffine(plane, rows, cols, rows, cols, dstToSrc, { areaAverage: false }), p * rows * cols);
    }
    const moved = stack.slice();
    kernels.translatePlanes(moved, rows, cols, dy, dx);
    expect(relativeDifference(moved, expected)).toBeLessThan(1e-6);
    const referenceMoved = stack.slice();
    referenceKernels.translatePlanes(referenceMoved, rows, cols, dy, dx);
    expect(relativeDifference(moved, referenceMoved)).toBeLessThan(1e-6);
  });

  it("reproduces a linear ramp exactly where both taps lie inside, and counts the NaN border by hand", async () => {
    const kernels = await loadKernels(build);
    const [rows, cols] = [6, 9];
    const ramp = Float32Array.from({ length: rows * cols }, (_, i) => 2 * Math.floor(i / cols) + 0.5 * (i % cols));
    kernels.translatePlanes(ramp, rows, cols, 1.25, -2.5);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const [y, x] = [r + 1.25, c - 2.5];
        const v = ramp[r * cols + c]!;
        if (y > rows - 0.5 || x < -0.5) expect(v, `(${r}, ${c})`).toBeNaN();
        else if (y <= rows - 1 && x >= 0) expect(v, `(${r}, ${c})`).toBeCloseTo(2 * y + 0.5 * x, 5);
      }
    }
  });

  it("accepts float64 planes, rounding through float32 like the file's counts", async () => {
    const kernels = await loadKernels(build);
    const next = uniform(3);
    const values = Float64Array.from({ length: 2 * 8 * 8 }, () => Math.round(next() * 20));
    const asFloat32 = Float32Array.from(values);
    kernels.translatePlanes(values, 8, 8, -0.4, 0.7);
    kernels.translatePlanes(asFloat32, 8, 8, -0.4, 0.7);
    expect(Array.from(values)).toEqual(Array.from(asFloat32));
  });
});
