import { describe, expect, it } from "vitest";
import { loadKernels } from "../../src/kernels/index.js";
import { fft2dReference } from "../../src/kernels/reference/fft.js";
import { relativeDifference, uniform } from "./random.js";

/** The textbook O(n^2) separable DFT, independent of both implementations under test. */
function naiveDft2d(complex: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(complex.length);
  for (let u = 0; u < rows; u++) {
    for (let v = 0; v < cols; v++) {
      let re = 0;
      let im = 0;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const angle = -2 * Math.PI * ((u * r) / rows + (v * c) / cols);
          const xr = complex[2 * (r * cols + c)]!;
          const xi = complex[2 * (r * cols + c) + 1]!;
          re += xr * Math.cos(angle) - xi * Math.sin(angle);
          im += xr * Math.sin(angle) + xi * Math.cos(angle);
        }
      }
      out[2 * (u * cols + v)] = re;
      out[2 * (u * cols + v) + 1] = im;
    }
  }
  return out;
}

function randomComplex(rows: number, cols: number, seed: number): Float64Array {
  const next = uniform(seed);
  return Float64Array.from({ length: rows * cols * 2 }, () => next() * 2 - 1);
}

const SIZES: [number, number][] = [[8, 16], [7, 9], [12, 10], [1, 5], [3, 1], [13, 32], [25, 6]];

describe("TypeScript reference FFT", () => {
  it.each(SIZES)("matches the direct DFT for %i x %i", (rows, cols) => {
    const input = randomComplex(rows, cols, rows * 100 + cols);
    expect(relativeDifference(fft2dReference(input, rows, cols), naiveDft2d(input, rows, cols))).toBeLessThan(1e-12);
  });
});

describe.each(["simd", "scalar"] as const)("%s FFT kernel", (build) => {
  it.each([...SIZES, [64, 48], [30, 17], [128, 128], [97, 101]] as [number, number][])(
    "matches the reference forward and inverse for %i x %i",
    async (rows, cols) => {
      const kernels = await loadKernels(build);
      const input = randomComplex(rows, cols, rows * 7 + cols);
      const forward = kernels.fft2d(input, rows, cols);
      expect(relativeDifference(forward, fft2dReference(input, rows, cols))).toBeLessThan(1e-5);
      expect(relativeDifference(kernels.fft2d(forward, rows, cols, true), input)).toBeLessThan(1e-12);
    },
  );

  it("transforms a real image into a Hermitian spectrum whose DC term is the sum", async () => {
    const kernels = await loadKernels(build);
    const rows = 18;
    const cols = 11;
    const next = uniform(5);
    const image = Float32Array.from({ length: rows * cols }, () => next());
    const spectrum = kernels.fft2dReal(image, rows, cols);
    expect(spectrum[0]).toBeCloseTo(image.reduce((a, b) => a + b, 0), 9);
    for (let u = 0; u < rows; u++) {
      for (let v = 0; v < cols; v++) {
        const mirror = ((rows - u) % rows) * cols + ((cols - v) % cols);
        expect(spectrum[2 * (u * cols + v)]).toBeCloseTo(spectrum[2 * mirror]!, 9);
        expect(spectrum[2 * (u * cols + v) + 1]).toBeCloseTo(-spectrum[2 * mirror + 1]!, 9);
      }
    }
  });
});
