import { describe, expect, it } from "vitest";
import { loadKernels } from "../../src/kernels/index.js";
import { deadTimeCorrectReference } from "../../src/kernels/reference/deadtime.js";
import { relativeDifference, uniform } from "./random.js";

/** Observed counts of one pixel: N pulses, each giving at most one count (Poisson lambda / N). */
function observe(lambda: number, pulses: number, next: () => number): number {
  const p = 1 - Math.exp(-lambda / pulses);
  let n = 0;
  for (let i = 0; i < pulses; i++) if (next() < p) n++;
  return n;
}

describe("dead-time reference", () => {
  it("inverts the expected observation n = N (1 - exp(-lambda / N)) exactly", () => {
    const pulses = 150;
    const lambdas = [0.01, 0.5, 3, 40, 150, 300, -pulses * Math.log(0.1)];
    const expected = lambdas.map((l) => pulses * (1 - Math.exp(-l / pulses)));
    const corrected = deadTimeCorrectReference(expected, pulses);
    lambdas.forEach((l, i) => expect(corrected[i]! / l).toBeCloseTo(1, 6));
  });

  it("leaves saturated pixels finite by clamping at N - 1/2", () => {
    const corrected = deadTimeCorrectReference([100, 120], 100);
    expect(corrected[0]).toBeCloseTo(-100 * Math.log(0.005), 3);
    expect(corrected[1]).toBe(corrected[0]);
  });
});

describe.each(["simd", "scalar"] as const)("%s dead-time kernel", (build) => {
  it("agrees with the reference to 1e-5 relative from single counts to saturation", async () => {
    const kernels = await loadKernels(build);
    for (const pulses of [1, 15, 150, 1000, 65536]) {
      const next = uniform(pulses);
      // 1001 values: not a multiple of four, so the scalar tail of the SIMD loop runs too.
      const counts = Float32Array.from({ length: 1001 }, (_, i) =>
        i < 8 ? i : i % 3 === 0 ? Math.round(next() * 3) : next() * pulses * 1.1,
      );
      const kernel = kernels.deadTimeCorrect(counts, pulses);
      const reference = deadTimeCorrectReference(counts, pulses);
      for (let i = 0; i < counts.length; i++) {
        const scale = Math.max(Math.abs(reference[i]!), 1e-30);
        expect(Math.abs(kernel[i]! - reference[i]!) / scale, `N=${pulses} n=${counts[i]}`).toBeLessThan(1e-5);
      }
    }
  });

  it("recovers the true mean within 1% up to 90% of N on simulated pulse trains", async () => {
    const kernels = await loadKernels(build);
    const pulses = 1000;
    const next = uniform(42);
    for (const fraction of [0.05, 0.3, 0.6, 0.9]) {
      const lambda = -pulses * Math.log(1 - fraction);
      const counts = Float32Array.from({ length: 2000 }, () => observe(lambda, pulses, next));
      const corrected = kernels.deadTimeCorrect(counts, pulses);
      const mean = corrected.reduce((a, b) => a + b, 0) / corrected.length;
      expect(Math.abs(mean / lambda - 1), `observed ${fraction} of N`).toBeLessThan(0.01);
    }
  });

  it("keeps the length and handles an empty input", async () => {
    const kernels = await loadKernels(build);
    expect(kernels.deadTimeCorrect(new Float32Array(0), 10)).toHaveLength(0);
    expect(relativeDifference(kernels.deadTimeCorrect([0, 0, 0], 10), [0, 0, 0])).toBe(0);
  });
});
