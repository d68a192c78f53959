import { describe, expect, it } from "vitest";
import { blurAndCrop, gaussianKernel } from "../../src/sim/blur.js";
import { meanObservedCount, observedCount } from "../../src/sim/deadTime.js";
import { analysedShares, depthWeightCdf, erfc } from "../../src/sim/informationDepth.js";
import { logFactorial, Random } from "../../src/sim/random.js";
import { intervalShares, removedDepth } from "../../src/sim/sputter.js";

const NM = 1e-9;

describe("sputtering of one column", () => {
  // 10 nm organic at 2.5 nm/dose, 6 nm inorganic at 0.6 nm/dose, then hard carbon at 1.2 nm/dose:
  // the organic is gone after dose 4, the inorganic after 4 + 10 = 14.
  const depth = (dose: number) => removedDepth(dose, 10 * NM, 6 * NM, 2.5 * NM, 0.6 * NM, 1.2 * NM) / NM;

  it("integrates piecewise through a two-layer stack (hand-computed)", () => {
    expect(depth(0)).toBeCloseTo(0, 12);
    expect(depth(2)).toBeCloseTo(5, 12);
    expect(depth(4)).toBeCloseTo(10, 12);
    expect(depth(5)).toBeCloseTo(10.6, 12);
    expect(depth(14)).toBeCloseTo(16, 12);
    expect(depth(15)).toBeCloseTo(17.2, 12);
    expect(depth(24)).toBeCloseTo(28, 12);
  });

  it("gives each depth interval its shares of the stack", () => {
    const shares = new Float64Array(3);
    intervalShares(8 * NM, 12 * NM, 10 * NM, 6 * NM, shares);
    expect([...shares].map((s) => +s.toFixed(12))).toEqual([0.5, 0.5, 0]);
    intervalShares(14 * NM, 20 * NM, 10 * NM, 6 * NM, shares);
    expect(shares[1]).toBeCloseTo(2 / 6, 12);
    expect(shares[2]).toBeCloseTo(4 / 6, 12);
    intervalShares(0, 5 * NM, 0, 0, shares);
    expect([...shares]).toEqual([0, 0, 1]);
  });
});

describe("beam blur", () => {
  it("keeps a constant image constant and spreads a point into a Gaussian of the beam's variance", () => {
    const sigma = 1.3;
    const kernel = gaussianKernel(sigma);
    const margin = (kernel.length - 1) / 2 + 2;
    const size = 21 + 2 * margin;
    const inner = size - 2 * margin;
    const out = new Float64Array(inner * inner);
    const scratch = new Float64Array((inner + kernel.length - 1) * inner);
    blurAndCrop(new Float64Array(size * size).fill(2.5), size, size, kernel, margin, out, scratch);
    for (const value of out) expect(value).toBeCloseTo(2.5, 12);
    const point = new Float64Array(size * size);
    const centre = Math.floor(size / 2);
    point[centre * size + centre] = 1;
    blurAndCrop(point, size, size, kernel, margin, out, scratch);
    let sum = 0;
    let variance = 0;
    const c = centre - margin;
    for (let r = 0; r < inner; r++) {
      for (let q = 0; q < inner; q++) {
        sum += out[r * inner + q];
        variance += out[r * inner + q] * (q - c) ** 2;
      }
    }
    expect(sum).toBeCloseTo(1, 12);
    // a Gaussian truncated at 4 sigma keeps all but 0.03 % of its variance
    expect(variance).toBeCloseTo(sigma * sigma, 2);
  });
});

describe("information depth and mixing", () => {
  it("erfc matches tabulated values", () => {
    // erfc(0.5) = 0.4795001222, erfc(1) = 0.1572992071, erfc(-1) = 1.8427007929
    expect(erfc(0)).toBeCloseTo(1, 6);
    expect(erfc(0.5)).toBeCloseTo(0.4795001222, 6);
    expect(erfc(1)).toBeCloseTo(0.1572992071, 6);
    expect(erfc(-1)).toBeCloseTo(1.8427007929, 6);
  });

  it("the weight CDF is the convolution of an exponential and a Gaussian (numerical check)", () => {
    const lambda = 1.5;
    const sigma = 1;
    for (const u of [-2, -0.5, 0, 0.7, 2, 5]) {
      // P(U + G <= u) = integral over U's density of Phi((u - t)/sigma)
      let sum = 0;
      const step = 0.001;
      for (let t = step / 2; t < 40; t += step) sum += (Math.exp(-t / lambda) / lambda) * 0.5 * erfc(-(u - t) / sigma / Math.SQRT2) * step;
      expect(depthWeightCdf(u, lambda, sigma)).toBeCloseTo(sum, 5);
    }
  });

  it("without mixing, a film of thickness t at the surface has the exponential share 1 - exp(-t/lambda)", () => {
    const shares = new Float64Array(3);
    analysedShares(0, 2 * NM, 0, 1.5 * NM, 0, shares);
    expect(shares[0]).toBeCloseTo(1 - Math.exp(-2 / 1.5), 9);
    expect(shares[2]).toBeCloseTo(Math.exp(-2 / 1.5), 9);
  });

  it("mixing keeps a memory of a removed layer and shares always add up to one", () => {
    const shares = new Float64Array(3);
    analysedShares(11 * NM, 10 * NM, 6 * NM, 1.5 * NM, 1 * NM, shares);
    expect(shares[0]).toBeGreaterThan(0.005);
    expect(shares[0]).toBeLessThan(0.2);
    expect(shares[0] + shares[1] + shares[2]).toBeCloseTo(1, 12);
    analysedShares(40 * NM, 10 * NM, 6 * NM, 1.5 * NM, 1 * NM, shares);
    expect(shares[2]).toBeCloseTo(1, 6);
  });
});

describe("detector dead time", () => {
  it("the mean of many samples matches N (1 - exp(-lambda/N))", () => {
    const random = new Random(7, "dead-time-test");
    for (const [lambda, pulses] of [
      [0.3, 15],
      [8, 15],
      [30, 15],
      [5, 8],
      [200, 600],
    ]) {
      const samples = 40000;
      let sum = 0;
      let sumSquares = 0;
      let largest = 0;
      for (let i = 0; i < samples; i++) {
        const n = observedCount(lambda, pulses, random);
        sum += n;
        sumSquares += n * n;
        largest = Math.max(largest, n);
      }
      const mean = sum / samples;
      const expected = meanObservedCount(lambda, pulses);
      const p = expected / pulses;
      // binomial variance; 5 standard errors
      const standardError = Math.sqrt((pulses * p * (1 - p)) / samples);
      expect(Math.abs(mean - expected)).toBeLessThan(5 * standardError + 1e-9);
      expect(sumSquares / samples - mean * mean).toBeCloseTo(pulses * p * (1 - p), 0);
      expect(largest).toBeLessThanOrEqual(pulses);
    }
  });

  it("saturates: far more ions than pulses still give at most one count per pulse", () => {
    const random = new Random(1, "saturation");
    expect(observedCount(1e4, 15, random)).toBe(15);
    expect(meanObservedCount(1e-6, 15)).toBeCloseTo(1e-6, 10);
  });
});

describe("seeded random numbers", () => {
  it("repeat for one seed and stream, differ between seeds and streams", () => {
    const draw = (seed: number, stream: string) => {
      const random = new Random(seed, stream);
      return Array.from({ length: 5 }, () => random.uniform());
    };
    expect(draw(3, "a")).toEqual(draw(3, "a"));
    expect(draw(3, "a")).not.toEqual(draw(4, "a"));
    expect(draw(3, "a")).not.toEqual(draw(3, "b"));
  });

  it("Poisson samples have the right mean and variance, also for large means", () => {
    const random = new Random(11, "poisson-test");
    for (const mean of [0.5, 12, 95]) {
      const samples = 30000;
      let sum = 0;
      let sumSquares = 0;
      for (let i = 0; i < samples; i++) {
        const n = random.poisson(mean);
        sum += n;
        sumSquares += n * n;
      }
      const sampleMean = sum / samples;
      expect(Math.abs(sampleMean - mean)).toBeLessThan(5 * Math.sqrt(mean / samples));
      expect((sumSquares / samples - sampleMean * sampleMean) / mean).toBeCloseTo(1, 1);
    }
  });

  it("Poisson samples above the inversion range follow the Poisson distribution, value by value", () => {
    const random = new Random(12, "poisson-shape");
    const mean = 20;
    const samples = 50000;
    const histogram = new Float64Array(200);
    for (let i = 0; i < samples; i++) histogram[random.poisson(mean)]++;
    for (let k = 8; k <= 35; k++) {
      const pmf = Math.exp(-mean + k * Math.log(mean) - logFactorial(k));
      const expected = pmf * samples;
      expect(Math.abs(histogram[k] - expected)).toBeLessThan(5 * Math.sqrt(expected) + 1);
    }
  });

  it("ln k! is exact for small k and matches the product for large k", () => {
    let exact = 0;
    for (let k = 1; k <= 60; k++) {
      exact += Math.log(k);
      expect(logFactorial(k)).toBeCloseTo(exact, 9);
    }
  });
});
