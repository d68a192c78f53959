import { describe, expect, it } from "vitest";
import { fileError } from "../../src/errors.js";
import { openFailure } from "../../src/viewer/app/openFailure.js";

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (err) {
    return err;
  }
  throw new Error("expected the action to throw");
}

describe("openFailure", () => {
  it("passes a file problem through as it is worded", () => {
    expect(openFailure("a.h5", fileError("a.h5", "/sims/counts: missing"))).toEqual({ type: "failed", message: "a.h5: /sims/counts: missing", fileProblem: true });
  });

  // The engine's own errors for allocations a browser refuses: too long a typed array, too large
  // an ArrayBuffer, WebAssembly memory that cannot grow.
  for (const [what, allocate] of [
    ["typed array", () => new Float32Array(2 ** 40)],
    ["ArrayBuffer", () => new ArrayBuffer(2 ** 40)],
    ["WebAssembly memory", () => new WebAssembly.Memory({ initial: 1, maximum: 2 }).grow(5)],
  ] as const) {
    it(`says that the file is too large for this browser when a ${what} cannot be allocated`, () => {
      const failure = openFailure("big.h5", thrownBy(allocate));
      expect(failure.fileProblem).toBe(true);
      expect(failure.message).toMatch(/^big\.h5: too large to open in this browser's memory \(.+\)$/);
    });
  }

  it("names the file for any other error, marked as not the file's fault", () => {
    const failure = openFailure("c.h5", new TypeError("x is undefined"));
    expect(failure).toEqual({ type: "failed", message: "c.h5: x is undefined", fileProblem: false });
    expect(openFailure("c.h5", new RangeError("offset is out of bounds")).fileProblem).toBe(false);
  });
});
