import { describe, expect, it } from "vitest";
import { kthSmallest, median, medianAndRobustSigma, robustSigma } from "../../src/pipeline/stats.js";
import { normal, uniform } from "../kernels/random.js";

function sortedMedian(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// Large enough to be bucketed (stats.ts buckets from 8192 values), and small ones that are not.
const SIZES = [1, 2, 7, 1000, 8191, 50000, 50001];

function samples(n: number, seed: number): Record<string, Float64Array> {
  const gauss = normal(seed);
  const next = uniform(seed + 1);
  return {
    gaussian: Float64Array.from({ length: n }, () => 1e-9 * gauss()),
    "few distinct values": Float64Array.from({ length: n }, () => Math.floor(next() * 5) - 2),
    "heavy tail": Float64Array.from({ length: n }, () => (next() < 0.01 ? 1e30 : next())),
    constant: new Float64Array(n).fill(3.5),
    "with infinities": Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? -Infinity : i % 89 === 0 ? Infinity : gauss())),
  };
}

describe("order statistics", () => {
  for (const n of SIZES) {
    it(`median and k-th smallest equal a full sort's (n = ${n})`, () => {
      for (const [name, values] of Object.entries(samples(n, n))) {
        const copy = Float64Array.from(values);
        expect(median(values), name).toBe(sortedMedian(values));
        const sorted = Float64Array.from(values).sort();
        for (const k of [0, 1, n >> 2, n >> 1, n - 1].filter((k) => k < n)) expect(kthSmallest(values, k), `${name} k=${k}`).toBe(sorted[k]);
        expect(values.every((v, i) => Object.is(v, copy[i])), `${name}: input untouched`).toBe(true);
      }
    });
  }

  it("robust sigma of Gaussian noise is its standard deviation, with the median alongside", () => {
    const gauss = normal(3);
    const values = Float64Array.from({ length: 100001 }, () => 5 + 2 * gauss());
    const [centre, sigma] = medianAndRobustSigma(values);
    expect(centre).toBe(median(values));
    expect(sigma).toBe(robustSigma(values));
    expect(Math.abs(centre - 5)).toBeLessThan(0.02);
    expect(Math.abs(sigma - 2)).toBeLessThan(0.03);
  });

  it("is NaN for an empty input", () => {
    expect(median(new Float64Array(0))).toBeNaN();
  });
});
