import { describe, expect, it } from "vitest";
import { niceTicks } from "../../src/viewer/lib/ticks.js";

describe("niceTicks", () => {
  it("steps by 1, 2 or 5 times a power of ten and includes exact ends", () => {
    expect(niceTicks(0, 40, 5)).toEqual({ values: [0, 10, 20, 30, 40], step: 10, decimals: 0 });
    expect(niceTicks(0, 240, 4)).toEqual({ values: [0, 100, 200], step: 100, decimals: 0 });
    expect(niceTicks(0, 12.5, 5)).toEqual({ values: [0, 5, 10], step: 5, decimals: 0 });
  });

  it("gives decimals for sub-unit steps and clean values despite float steps", () => {
    expect(niceTicks(0, 0.7, 5)).toEqual({ values: [0, 0.2, 0.4, 0.6], step: 0.2, decimals: 1 });
    expect(niceTicks(0.3, 0.6, 3)).toEqual({ values: [0.3, 0.4, 0.5, 0.6], step: 0.1, decimals: 1 });
  });

  it("returns the single value of an empty range", () => {
    expect(niceTicks(5, 5).values).toEqual([5]);
  });
});
