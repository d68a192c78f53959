import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatBytes, locate } from "../../src/io/checks.js";
import { withH5Read } from "../../src/io/h5/node.js";
import { memoryLimit } from "../../src/io/memoryLimit.js";
import { readInputH5 } from "../../src/io/readInput.js";
import { writeInput } from "../../src/io/writeInput.js";
import { makeTempDir } from "./h5pyFixtures.js";

const GiB = 1024 ** 3;
const dir = makeTempDir("memory");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("memoryLimit", () => {
  it("is h5wasm's 2 GiB on a large machine and a quarter of memory on a small one", () => {
    expect(memoryLimit(64 * GiB).perDataset).toBe(2 * GiB);
    expect(memoryLimit(4 * GiB).perDataset).toBe(1 * GiB);
    expect(memoryLimit(4 * GiB).reason).toBe(
      "the smaller of 2.0 GiB per dataset (what h5wasm can hold) and 1/4 of this machine's 4.0 GiB memory (1.0 GiB)",
    );
    expect(memoryLimit(undefined).perDataset).toBe(2 * GiB);
  });

  it("refuses counts over the limit before reading them, whatever their stored width", async () => {
    const file = path.join(dir, "small.h5");
    const counts = new Float32Array(2 * 3 * 4 * 5).fill(1);
    await writeInput(
      file,
      {
        afmBefore: { heights: new Float64Array(4), rows: 2, cols: 2, pixelSize: [1e-8, 1e-8] },
        sims: { counts, layers: 2, channels: 3, rows: 4, cols: 5, pixelSize: [1e-7, 1e-7], labels: ["a", "b", "c"] },
      },
      { countsDtype: "<I" },
    );
    // u32 counts become float64: 120 values take 960 bytes, over a 900-byte limit but not a 1000-byte one.
    const limit = (bytes: number) => ({ perDataset: bytes, reason: "a test limit" });
    await expect(withH5Read(file, (h5) => readInputH5(h5, file, limit(900)))).rejects.toThrow(
      `${file}: /sims/counts: declares [2,3,4,5] = 120 values (960 bytes in memory), too large to hold in memory (limit 900 bytes: a test limit)`,
    );
    const model = await withH5Read(file, (h5) => readInputH5(h5, file, limit(1000)));
    expect(model.sims.counts).toEqual(Float64Array.from(counts));
  });
});

describe("message helpers", () => {
  it("locate names each axis of a flat row-major index", () => {
    expect(locate(0, [2, 3, 4, 5], ["layer", "channel", "row", "col"])).toBe("layer 0, channel 0, row 0, col 0");
    expect(locate(1 * 60 + 2 * 20 + 3 * 5 + 4, [2, 3, 4, 5], ["layer", "channel", "row", "col"])).toBe("layer 1, channel 2, row 3, col 4");
  });

  it("formatBytes uses binary units", () => {
    expect([formatBytes(900), formatBytes(1536), formatBytes(4 * 1024 ** 4)]).toEqual(["900 bytes", "1.5 KiB", "4.0 TiB"]);
  });
});
