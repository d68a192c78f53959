/**
 * The size budget of an embed folder: the estimate against the size of the file actually
 * written, the order of binnings tried, and the choice of the finest binning that fits.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { binLateral, binZ, writeCompactVolume, type VolumeContent } from "../../src/embed/compactVolume.js";
import { binningCandidates, chooseBinning, estimateCompactBytes } from "../../src/embed/sizeBudget.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { makeTempDir } from "../io/h5pyFixtures.js";

const dir = makeTempDir("budget");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const { source: _source, ...model } = syntheticVolume({ rows: 96, cols: 96, nz: 40, seed: 11 });

/** Bytes of the compact file written for `model` binned `bin` x `bin` and `zBin` in z. */
async function writtenBytes(content: VolumeContent, bin: number, zBin: number, dtype: "u8" | "f16" = "u8"): Promise<number> {
  const file = path.join(dir, `copy-${bin}-${zBin}-${dtype}.h5`);
  await writeCompactVolume(file, binLateral(binZ(content, zBin), bin), { dtype, force: true });
  return fs.statSync(file).size;
}

describe("binning candidates", () => {
  it("coarsen the axis with more samples first, and stop at 32 pixels and 16 z-layers", () => {
    expect(binningCandidates(512, 512, 148).slice(0, 6)).toEqual([
      { bin: 1, zBin: 1 },
      { bin: 2, zBin: 1 },
      { bin: 3, zBin: 1 },
      { bin: 4, zBin: 1 },
      // 128 pixels against 148 z-layers: z is binned next.
      { bin: 4, zBin: 2 },
      { bin: 5, zBin: 2 },
    ]);
    const last = binningCandidates(512, 512, 148).at(-1)!;
    expect(last).toEqual({ bin: 16, zBin: 9 });
    expect(binningCandidates(40, 40, 20)).toEqual([{ bin: 1, zBin: 1 }]);
  });
});

describe("size estimate", () => {
  it("is within 10 % of the file written, u8 and f16, fine and binned", async () => {
    for (const [bin, zBin, dtype] of [[1, 1, "u8"], [2, 2, "u8"], [1, 1, "f16"], [3, 1, "f16"]] as const) {
      const binned = binLateral(binZ(model, zBin), bin);
      const estimate = estimateCompactBytes(binned, dtype);
      const actual = await writtenBytes(model, bin, zBin, dtype);
      // The file adds HDF5's own structures (superblock, chunk indices, attributes) to the data.
      expect(Math.abs(estimate - actual) / actual, `bin ${bin}, z-bin ${zBin}, ${dtype}: ${estimate} vs ${actual}`).toBeLessThan(0.1);
    }
  });
});

describe("choosing the binning", () => {
  it("picks the finest candidate whose copy fits, and refuses a budget nothing fits", async () => {
    const [first, second] = binningCandidates(model.rows, model.cols, model.nz);
    const sizes = [await writtenBytes(model, first.bin, first.zBin), await writtenBytes(model, second.bin, second.zBin)];
    // Budgets 15 % above a size: an estimate within 10 % of the written size (above) stays inside.
    const roomy = (bytes: number) => bytes * 1.15;
    expect(sizes[0] * 0.9).toBeGreaterThan(roomy(sizes[1]));
    expect(chooseBinning(model, "u8", roomy(sizes[0]))).toMatchObject(first);
    expect(chooseBinning(model, "u8", roomy(sizes[1]))).toMatchObject(second);
    expect(() => chooseBinning(model, "u8", 1000)).toThrow(/does not fit in 0\.0 MB even binned 3 x 3 with --z-bin 2 .*raise --max-mb or keep fewer --channels/);
  });
});
