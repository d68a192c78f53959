import { describe, expect, it } from "vitest";
import { applyWindow, autoWindow, bulkWindow, finiteMaximum, percentiles } from "../../src/viewer/lib/windowing.js";

describe("percentiles", () => {
  it("interpolates between order statistics like numpy.percentile", () => {
    // numpy.percentile([4, 1, 3, 2], [0, 25, 50, 90, 100]) = [1, 1.75, 2.5, 3.7, 4]
    const result = percentiles(Float32Array.of(4, 1, 3, 2), [0, 0.25, 0.5, 0.9, 1]);
    [1, 1.75, 2.5, 3.7, 4].forEach((expected, i) => expect(result[i]).toBeCloseTo(expected, 12));
  });

  it("ignores NaN (no-data voxels)", () => {
    expect(percentiles(Float32Array.of(Number.NaN, 10, Number.NaN, 20), [0.5])).toEqual([15]);
    expect(percentiles(Float32Array.of(Number.NaN), [0.5])[0]).toBeNaN();
  });

  it("reads large arrays at a stride", () => {
    const values = Float32Array.from({ length: 1001 }, (_, i) => i);
    // Every 10th value: 0, 10, ..., 1000 -> the median is still 500.
    expect(percentiles(values, [0.5], 101)).toEqual([500]);
  });
});

describe("autoWindow", () => {
  it("spans the 0.5 and 99.8 percentiles of a spread-out channel", () => {
    const values = Float32Array.from({ length: 1001 }, (_, i) => i);
    const window = autoWindow(values);
    expect(window.min).toBeCloseTo(5, 9);
    expect(window.max).toBeCloseTo(998, 9);
  });

  it("reaches the maximum of a sparse channel whose percentiles coincide", () => {
    const values = new Float32Array(10_000);
    values[17] = 60;
    expect(autoWindow(values)).toEqual({ min: 0, max: 60 });
  });

  it("windows a localised channel from clearly above its bulk to its brightest voxels", () => {
    // 99.5 % weak matrix (0..0.99) and 0.5 % bright spot voxels (20..30): the 99.8th percentile is
    // far above the 90th, so the window starts at the 99th percentile, the top of the matrix.
    const spots = Float32Array.from({ length: 100_000 }, (_, i) => (i < 99_500 ? (i % 100) / 100 : 20 + (i % 11)));
    const [p99, p9999] = percentiles(spots, [0.99, 0.9999]);
    expect(autoWindow(spots)).toEqual({ min: p99, max: p9999 });
    expect(p99).toBeCloseTo(0.99, 5);
    expect(p9999).toBeGreaterThan(20);
    // A context channel keeps the bulk in view.
    const [p05, p998] = percentiles(spots, [0.005, 0.998]);
    expect(bulkWindow(spots)).toEqual({ min: p05, max: p998 });

    // 95 % matrix at 1 and 5 % crystals at 60..70: the 99th percentile lies inside the crystals,
    // so the window starts at 5 x the bulk instead and keeps the crystals in it.
    const crystals = Float32Array.from({ length: 100_000 }, (_, i) => (i < 95_000 ? 1 : 60 + (i % 11)));
    const window = autoWindow(crystals);
    expect(window.min).toBe(5);
    expect(window.max).toBe(percentiles(crystals, [0.9999])[0]);
  });

  it("falls back to a unit window for a channel without data", () => {
    expect(autoWindow(Float32Array.of(Number.NaN, Number.NaN))).toEqual({ min: 0, max: 1 });
    expect(autoWindow(Float32Array.of(3, 3))).toEqual({ min: 3, max: 4 });
  });
});

describe("finiteMaximum", () => {
  it("skips NaN and infinities and is 0 for a channel without positive data", () => {
    expect(finiteMaximum(Float32Array.of(Number.NaN, 3, Infinity, 7, -Infinity))).toBe(7);
    expect(finiteMaximum(Float32Array.of(Number.NaN, 0))).toBe(0);
  });
});

describe("applyWindow", () => {
  it("maps the window linearly, clamps outside it and applies gamma", () => {
    const window = { min: 10, max: 20 };
    expect(applyWindow(10, window, 1)).toBe(0);
    expect(applyWindow(15, window, 1)).toBe(0.5);
    expect(applyWindow(25, window, 1)).toBe(1);
    expect(applyWindow(5, window, 1)).toBe(0);
    expect(applyWindow(15, window, 2)).toBe(0.25);
    expect(applyWindow(12.5, window, 0.5)).toBe(0.5);
  });
});
