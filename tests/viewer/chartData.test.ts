import { describe, expect, it } from "vitest";
import { alignSeries } from "../../src/viewer/lib/chartData.js";

describe("alignSeries", () => {
  const a = { x: [5, 15, 25], y: [1, 0, 4] };
  const b = { x: [15, 25, 35, 45], y: [7, Number.NaN, 9, -2] };

  it("shares one sorted x column and leaves gaps where a series has no point", () => {
    expect(alignSeries([b, a], false)).toEqual([
      [5, 15, 25, 35, 45],
      [null, 7, null, 9, -2],
      [1, 0, 4, null, null],
    ]);
  });

  it("drops values a log axis cannot show", () => {
    expect(alignSeries([a, b], true)).toEqual([
      [5, 15, 25, 35, 45],
      [1, null, 4, null, null],
      [null, 7, null, 9, null],
    ]);
  });
});
