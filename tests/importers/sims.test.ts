import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { describeInstrumentFile, readSimsStack } from "../../src/importers/index.js";
import { bif6, type Bif6Interval } from "./support/writers.js";
import { tempDir, writeTemp } from "./support/env.js";

const dir = tempDir("sims");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const NX = 3;
const NY = 2;
/** Count at (layer, interval, row, col): every field distinct and known. */
const count = (layer: number, interval: number, row: number, col: number) => 1000 * layer + 100 * interval + 10 * row + col;

function layerIntervals(layer: number, masses: [number, number, number][] = [[22.9, 23, 23.1], [38.9, 39, 39.1]]): Bif6Interval[] {
  return masses.map((m, interval) => ({
    id: interval + 1,
    masses: m,
    counts: Array.from({ length: NX * NY }, (_, p) => count(layer, interval, Math.floor(p / NX), p % NX)),
  }));
}

describe("IONTOF BIF6, written by hand", () => {
  const files = [0, 1, 2].map((layer) => writeTemp(dir, `layer${layer}.bif6`, bif6(NX, NY, layerIntervals(layer))));

  it("describes each mass interval as a counts image, x running fastest", async () => {
    const description = (await describeInstrumentFile(files[1]))!;
    expect(description).toMatchObject({ format: "iontof-bif6", valid: true });
    expect(description.images).toHaveLength(2);
    const [first, second] = description.images;
    expect(first.title).toBe("m/z 22.9-23.1 (id 1)");
    expect(first).toMatchObject({ rows: NY, cols: NX, units: "counts", values_00: count(1, 0, 0, 0), values_01: count(1, 0, 0, 1), values_10: count(1, 0, 1, 0) });
    expect(second.max).toBe(count(1, 1, 1, 2));
    expect(second.min).toBe(count(1, 1, 0, 0));
    const intervals = description.details.intervals as { id: number; mass_lower: number; mass_centre: number; mass_upper: number }[];
    expect(intervals.map((interval) => interval.id)).toEqual([1, 2]);
    expect(intervals[0].mass_lower).toBe(Math.fround(22.9));
    expect(intervals[1].mass_centre).toBe(39);
  });

  it("stacks one file per layer, in the order given, as [layers, channels, rows, cols]", async () => {
    const { stack, countsDtype, format } = await readSimsStack(files, { pixelSize: [1e-7, 1e-7] });
    expect(format).toBe("iontof-bif6");
    expect(countsDtype).toBe("<I");
    expect(stack).toMatchObject({ layers: 3, channels: 2, rows: NY, cols: NX, labels: ["m/z 23.00", "m/z 39.00"] });
    expect(Array.from(stack.masses!)).toEqual([23, 39]);
    for (let l = 0; l < 3; l++)
      for (let c = 0; c < 2; c++)
        for (let r = 0; r < NY; r++)
          for (let x = 0; x < NX; x++) expect(stack.counts[((l * 2 + c) * NY + r) * NX + x]).toBe(count(l, c, r, x));
    const reversed = await readSimsStack([...files].reverse(), { pixelSize: [1e-7, 1e-7], labels: ["Na+", "K+"] });
    expect(reversed.stack.labels).toEqual(["Na+", "K+"]);
    expect(reversed.stack.counts[0]).toBe(count(2, 0, 0, 0));
  });

  it("refuses layers whose mass intervals or image sizes differ, naming the file", async () => {
    const shifted = writeTemp(dir, "shifted.bif6", bif6(NX, NY, layerIntervals(1, [[22.9, 23, 23.1], [40.9, 41, 41.1]])));
    await expect(readSimsStack([files[0], shifted], { pixelSize: [1e-7, 1e-7] })).rejects.toThrow(
      `${shifted}: BIF6 interval 1 is centred at m/z 41, but layer 0 (${files[0]}) has 39 there`,
    );
    const wider = writeTemp(dir, "wider.bif6", bif6(NX + 1, NY, [{ id: 1, masses: [22.9, 23, 23.1], counts: new Array((NX + 1) * NY).fill(1) }, { id: 2, masses: [38.9, 39, 39.1], counts: new Array((NX + 1) * NY).fill(1) }]));
    await expect(readSimsStack([files[0], wider], { pixelSize: [1e-7, 1e-7] })).rejects.toThrow(`${wider}: 2 images of 4 x 2, but ${files[0]} (layer 0) has 2 of 3 x 2`);
    await expect(readSimsStack(files, { pixelSize: [1e-7, 1e-7], labels: ["Na+"] })).rejects.toThrow(/--labels names 1 channels, the SIMS files hold 2/);
  });
});

describe("ASCII image matrices with a name pattern", () => {
  const asciiDir = path.join(dir, "ascii");
  fs.mkdirSync(asciiDir);
  // Layers named 1, 2, 10: natural order, not text order; channels Na+ and K+.
  const layerNames = ["1", "2", "10"];
  const channelNames = ["K+", "Na+"];
  layerNames.forEach((layer, l) =>
    channelNames.forEach((channel, c) => {
      const lines = [0, 1].map((row) => [0, 1, 2].map((col) => count(l, c, row, col)).join(" "));
      fs.writeFileSync(path.join(asciiDir, `depth_${layer}_${channel}.txt`), `# ${channel} layer ${layer}\n${lines.join("\n")}\n`);
    }),
  );

  it("orders layers naturally and channels by name (or by --labels)", async () => {
    const pattern = path.join(asciiDir, "depth_{layer}_{channel}.txt");
    const { stack, countsDtype, sources } = await readSimsStack([pattern], { pixelSize: [1e-7, 1e-7] });
    expect(stack).toMatchObject({ layers: 3, channels: 2, rows: 2, cols: 3, labels: ["K+", "Na+"] });
    expect(countsDtype).toBe("<I");
    expect(path.basename(sources[4])).toBe("depth_10_K+.txt");
    expect(stack.counts[((2 * 2 + 1) * 2 + 1) * 3 + 2]).toBe(count(2, 1, 1, 2));
    const relabelled = await readSimsStack([pattern], { pixelSize: [1e-7, 1e-7], labels: ["Na+", "K+"] });
    expect(relabelled.stack.labels).toEqual(["Na+", "K+"]);
    expect(relabelled.stack.counts[0]).toBe(count(0, 1, 0, 0));
  });

  it("names the missing file of an incomplete pattern", async () => {
    fs.renameSync(path.join(asciiDir, "depth_2_Na+.txt"), path.join(asciiDir, "moved.txt"));
    try {
      await expect(readSimsStack([path.join(asciiDir, "depth_{layer}_{channel}.txt")], { pixelSize: [1e-7, 1e-7] })).rejects.toThrow(
        /no file for layer "2", channel "Na\+"/,
      );
    } finally {
      fs.renameSync(path.join(asciiDir, "moved.txt"), path.join(asciiDir, "depth_2_Na+.txt"));
    }
  });
});
