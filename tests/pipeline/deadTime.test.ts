import { beforeAll, describe, expect, it } from "vitest";
import { type KernelApi, loadKernels } from "../../src/kernels/index.js";
import { referenceKernels } from "../../src/kernels/reference/index.js";
import { correctDeadTime, windowSums } from "../../src/pipeline/deadTime.js";
import { resolveParams, simulate } from "../../src/sim/index.js";
import { Random } from "../../src/sim/random.js";
import { relativeDifference, uniform } from "../kernels/random.js";

/** A rows x cols plane of observed counts: each of N pulses gives at most one count, with probability p. */
function binomialPlane(rows: number, cols: number, pulses: number, p: number, seed: number): Float32Array {
  const next = uniform(seed);
  return Float32Array.from({ length: rows * cols }, () => {
    let n = 0;
    for (let i = 0; i < pulses; i++) if (next() < p) n++;
    return n;
  });
}

function mean(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

let simd: KernelApi;
let scalar: KernelApi;
beforeAll(async () => {
  simd = await loadKernels("simd");
  scalar = await loadKernels("scalar");
});

describe("windowSums", () => {
  it("sums each pixel's 5 x 5 window, shifted inwards at the border, against a direct sum", () => {
    const rows = 9;
    const cols = 7;
    const next = uniform(5);
    const plane = Float32Array.from({ length: rows * cols }, () => Math.round(next() * 10));
    const { sums, size } = windowSums(plane, rows, cols, 2);
    expect(size).toBe(25);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const r0 = Math.min(Math.max(r - 2, 0), rows - 5);
        const c0 = Math.min(Math.max(c - 2, 0), cols - 5);
        let direct = 0;
        for (let i = r0; i < r0 + 5; i++) for (let j = c0; j < c0 + 5; j++) direct += plane[i * cols + j]!;
        expect(sums[r * cols + c], `(${r}, ${c})`).toBe(direct);
      }
    }
  });

  it("shrinks the window to an image narrower than it", () => {
    const { sums, size } = windowSums([1, 2, 3, 4, 5, 6], 1, 6, 2);
    expect(size).toBe(5);
    expect(Array.from(sums)).toEqual([15, 15, 15, 20, 20, 20]);
  });
});

describe("pooled dead-time correction", () => {
  it.each([8, 15])("keeps a uniform region's corrected mean within 1 percent of the truth up to 90 percent of N = %i", (pulses) => {
    for (const fraction of [0.05, 0.3, 0.6, 0.8, 0.9]) {
      const lambda = -pulses * Math.log(1 - fraction);
      const plane = binomialPlane(128, 128, pulses, fraction, pulses * 100 + fraction * 10);
      const pooled = mean(correctDeadTime(simd, plane, 128, 128, pulses));
      expect(Math.abs(pooled / lambda - 1), `pooled at ${fraction}`).toBeLessThan(0.01);
      // The per-pixel formula, on the same counts, is several percent high (Jensen).
      if (fraction <= 0.8) {
        const formula = mean(correctDeadTime(simd, plane, 128, 128, pulses, "formula"));
        expect(formula / lambda - 1, `formula at ${fraction}`).toBeGreaterThan(0.03);
      }
    }
  });

  it("keeps each pixel's relative variation: pixels of one window share one correction factor", () => {
    const plane = binomialPlane(16, 16, 8, 0.5, 3);
    const corrected = correctDeadTime(simd, plane, 16, 16, 8);
    // The top-left 3 x 3 pixels all pool the window of rows 0-4, cols 0-4 (shifted in from the border).
    const factors = [0, 1, 2, 16, 17, 18, 32, 33, 34].filter((p) => plane[p]! > 0).map((p) => corrected[p]! / plane[p]!);
    expect(factors.length).toBeGreaterThan(3);
    for (const f of factors) expect(f).toBeCloseTo(factors[0]!, 5);
    expect(factors[0]).toBeGreaterThan(1);
  });

  it("stays finite where every pulse counted, and leaves zeros at zero", () => {
    const saturated = new Float32Array(36).fill(8);
    saturated[0] = 0;
    const corrected = correctDeadTime(simd, saturated, 6, 6, 8);
    for (const v of corrected) expect(Number.isFinite(v)).toBe(true);
    expect(corrected[0]).toBe(0);
    expect(corrected[35]).toBeGreaterThan(8 * 2);
  });

  it("keeps a pixel without data (NaN) to itself", () => {
    const plane = binomialPlane(8, 8, 8, 0.4, 21);
    plane[27] = NaN;
    const corrected = correctDeadTime(simd, plane, 8, 8, 8);
    expect(corrected[27]).toBeNaN();
    for (let p = 0; p < plane.length; p++) if (p !== 27) expect(Number.isFinite(corrected[p]!), `pixel ${p}`).toBe(true);
  });

  it("agrees between the SIMD, scalar and TypeScript-reference kernels to 1e-5 relative", () => {
    const plane = binomialPlane(40, 33, 15, 0.7, 9);
    const reference = correctDeadTime(referenceKernels, plane, 40, 33, 15);
    expect(relativeDifference(correctDeadTime(simd, plane, 40, 33, 15), reference)).toBeLessThan(1e-5);
    expect(relativeDifference(correctDeadTime(scalar, plane, 40, 33, 15), reference)).toBeLessThan(1e-5);
  });

  it("recovers the simulator's expected counts within 1% per channel on the small preset, where the formula is 4% high or more", () => {
    // Fresh dead-time-limited observations of /truth/expected_counts, several per pixel: one
    // realisation's channel total has Poisson noise of 1-1.3%, which would hide the estimator's bias.
    const sim = simulate(resolveParams({ preset: "small", seed: 4, layers: 12 }));
    const { sims } = sim.input;
    const pulses = sims.scansPerLayer! * sims.shotsPerPixel!;
    const pixels = sims.rows * sims.cols;
    const realisations = 8;
    const draws = new Random(11, "dead-time realisations");
    for (let c = 0; c < sims.channels; c++) {
      let expected = 0;
      let pooled = 0;
      let formula = 0;
      for (let k = 0; k < sims.layers; k++) {
        const at = (k * sims.channels + c) * pixels;
        const lambda = sim.expectedCounts.subarray(at, at + pixels);
        for (const v of lambda) expected += realisations * v;
        for (let r = 0; r < realisations; r++) {
          const plane = Float32Array.from(lambda, (l) => draws.binomial(pulses, 1 - Math.exp(-l / pulses)));
          for (const v of correctDeadTime(simd, plane, sims.rows, sims.cols, pulses)) pooled += v;
          for (const v of correctDeadTime(simd, plane, sims.rows, sims.cols, pulses, "formula")) formula += v;
        }
      }
      expect(Math.abs(pooled / expected - 1), `pooled, ${sims.labels[c]}`).toBeLessThan(0.01);
      expect(formula / expected - 1, `formula, ${sims.labels[c]}`).toBeGreaterThan(0.04);
    }
  });
});
