import { describe, expect, it } from "vitest";
import { downsampleBlockMean } from "../../src/viewer/lib/downsample.js";

describe("downsampleBlockMean", () => {
  it("averages 2 x 2 x 2 blocks", () => {
    // [layers 2, rows 2, cols 2]: one block, the mean of 1..8.
    const values = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    expect([...downsampleBlockMean(values, [2, 2, 2], [2, 2, 2])]).toEqual([4.5]);
  });

  it("keeps partial edge blocks and ignores NaN, leaving all-NaN blocks as NaN", () => {
    // One layer, one row, five columns, blocks of two: [1, NaN] [3, 5] [NaN].
    const values = Float32Array.of(1, Number.NaN, 3, 5, Number.NaN);
    const result = downsampleBlockMean(values, [5, 1, 1], [2, 1, 1]);
    expect(result.length).toBe(3);
    expect(result[0]).toBe(1);
    expect(result[1]).toBe(4);
    expect(result[2]).toBeNaN();
  });

  it("places each block where it belongs along every axis", () => {
    // cols 4, rows 2, layers 2, halving cols only: value = 100 * layer + 10 * row + col.
    const values = new Float32Array(16);
    for (let layer = 0; layer < 2; layer++)
      for (let row = 0; row < 2; row++) for (let col = 0; col < 4; col++) values[(layer * 2 + row) * 4 + col] = 100 * layer + 10 * row + col;
    expect([...downsampleBlockMean(values, [4, 2, 2], [2, 1, 1])]).toEqual([0.5, 2.5, 10.5, 12.5, 100.5, 102.5, 110.5, 112.5]);
  });
});
