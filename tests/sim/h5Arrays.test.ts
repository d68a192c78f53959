import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeH5Atomically } from "../../src/io/h5/node.js";
import { putArray } from "../../src/sim/h5Arrays.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "afmsims-h5arrays-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("putArray", () => {
  it("stores a stack of planes plane by plane exactly as in one piece (read back by h5py)", async () => {
    const file = path.join(dir, "arrays.h5");
    const shape = [3, 4, 5, 6];
    const data = Float32Array.from({ length: 3 * 4 * 5 * 6 }, (_, i) => i * 0.5 - 7);
    const seen: number[] = [];
    await writeH5Atomically(file, {}, (h5) => {
      putArray(h5, "streamed", data, shape, "a test stack", { units: "m", wholeWriteLimit: 0, onPlanes: (n) => seen.push(n) });
      putArray(h5, "whole", data, shape, "a test stack");
    });
    expect(seen.reduce((a, b) => a + b, 0)).toBe(12);
    const script = `
import sys, json, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
expected = (np.arange(3 * 4 * 5 * 6, dtype=np.float32) * 0.5 - 7).reshape(3, 4, 5, 6)
s = f["streamed"]
print(json.dumps({
  "streamed": bool(np.array_equal(s[:], expected)),
  "whole": bool(np.array_equal(f["whole"][:], expected)),
  "chunks": list(s.chunks), "units": s.attrs["units"], "description": f["whole"].attrs["description"],
}))`;
    const result = spawnSync("/usr/bin/python3", ["-c", script, file], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ streamed: true, whole: true, chunks: [1, 1, 5, 6], units: "m", description: "a test stack" });
  });
});
