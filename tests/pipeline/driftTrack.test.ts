import { describe, expect, it } from "vitest";
import { trackOrigin } from "../../src/pipeline/driftTrack.js";
import { normal } from "../kernels/random.js";

const LAYERS = 100;
const NOISE = 0.04;
const SEEDS = 40;

/** RMS over seeds of the origin's error when `truth` is measured with white noise NOISE. */
function originRmsError(truth: (k: number, seed: number) => number): number {
  let squares = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const noise = normal(seed);
    const values = Float64Array.from({ length: LAYERS }, (_, k) => truth(k, seed) + NOISE * noise());
    squares += (trackOrigin(values) - truth(0, seed)) ** 2;
  }
  return Math.sqrt(squares / SEEDS);
}

/** A random walk of the position itself, steps of `step` px: rough at every layer. */
function randomWalk(step: number): (k: number, seed: number) => number {
  const walks = new Map<number, Float64Array>();
  return (k, seed) => {
    if (!walks.has(seed)) {
      const steps = normal(1000 + seed);
      let position = 0;
      walks.set(seed, Float64Array.from({ length: LAYERS }, (_, j) => (j === 0 ? 0 : (position += step * steps()))));
    }
    return walks.get(seed)![k]!;
  };
}

describe("origin of the drift track", () => {
  // Measured alone, layer 0 is off by NOISE RMS. Measured: 0.29x on a line, 0.66x on a sine,
  // 0.86x with a jump at layer 30, 0.91x on a random walk of the position.
  it("places a steady drift's origin to a fraction of one layer's noise", () => {
    expect(originRmsError((k) => 0.03 * k)).toBeLessThan(0.4 * NOISE);
    expect(originRmsError((k, seed) => 1.5 * Math.sin(k / 15 + seed))).toBeLessThan(0.8 * NOISE);
  });

  it("does no worse than layer 0 alone when the drift jumps", () => {
    expect(originRmsError((k) => 0.02 * k + (k >= 30 ? 2 : 0))).toBeLessThan(NOISE);
  });

  it("does no worse than layer 0 alone on a rough random walk", () => {
    expect(originRmsError(randomWalk(0.1))).toBeLessThan(NOISE);
  });

  it("places an exact line's origin exactly, and keeps three measurements or fewer as they are", () => {
    expect(trackOrigin(Float64Array.from({ length: 10 }, (_, k) => 0.5 - 0.2 * k))).toBeCloseTo(0.5, 9);
    expect(trackOrigin(Float64Array.from([0.3, -1, 2]))).toBe(0.3);
  });

  it("keeps layer 0's own measurement when a later one failed (NaN), instead of a NaN origin", () => {
    const values = Float64Array.from({ length: 10 }, (_, k) => 0.5 - 0.2 * k);
    values[6] = NaN;
    expect(trackOrigin(values)).toBe(0.5);
  });
});
