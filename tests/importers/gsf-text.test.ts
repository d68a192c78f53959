import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { describeInstrumentFile, readImages, readInstrumentBytes } from "../../src/importers/index.js";
import { gsf } from "./support/writers.js";
import { HAS_GWYDDION, NO_GWYDDION, gwyddionConvert, pythonReference, relativeError, tempDir, writeTemp, type GwyReference } from "./support/env.js";

const dir = tempDir("gsf-text");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// float32-exact values, so the file holds exactly what the test expects.
const values = [0.25e-9, 0.5e-9, 1.5e-9, -2e-9, 4e-9, 0.125e-9].map(Math.fround);

describe("Gwyddion Simple Field (.gsf), written by hand", () => {
  const header = { XRes: 3, YRes: 2, XReal: 6e-6, YReal: 3e-6, XOffset: 1e-6, YOffset: 0, XYUnits: "m", ZUnits: "m", Title: "Topo fwd" };
  const file = writeTemp(dir, "hand.gsf", gsf(header, values));

  it("reports every header field and value as written", async () => {
    const description = (await describeInstrumentFile(file))!;
    expect(description).toMatchObject({ format: "gwyddion-gsf", valid: true });
    const [image] = description.images;
    expect(image).toMatchObject({ title: "Topo fwd", rows: 2, cols: 3, units: "m", values_00: values[0], values_01: values[1], values_10: values[3] });
    expect(image.pixel_size[0]).toBeCloseTo(1.5e-6, 18);
    expect(image.pixel_size[1]).toBeCloseTo(2e-6, 18);
    expect(image.min).toBe(values[3]);
    expect(image.max).toBe(values[4]);
    expect(image.mean).toBeCloseTo(values.reduce((a, b) => a + b) / 6, 22);
    // XOffset/YOffset place the outer corner; the origin is pixel (0, 0)'s centre, half a pixel in.
    const [channel] = description.details.channels as { origin: number[] }[];
    expect(channel.origin[0]).toBeCloseTo(0.75e-6, 18);
    expect(channel.origin[1]).toBeCloseTo(2e-6, 18);
  });

  it("pads with 1 to 4 NULs whatever the header length, as the format requires", async () => {
    for (const title of ["a", "ab", "abc", "abcd"]) {
      const padded = writeTemp(dir, `pad-${title}.gsf`, gsf({ ...header, Title: title }, values));
      const description = (await describeInstrumentFile(padded))!;
      expect(description.valid, description.problems.join()).toBe(true);
      expect(description.images[0].values_00).toBe(values[0]);
    }
  });

  it("has no pixel size in metres without XYUnits (the format's default is no unit)", async () => {
    const { XYUnits: _dropped, ...noUnits } = header;
    const bare = writeTemp(dir, "no-units.gsf", gsf(noUnits, values));
    const description = (await describeInstrumentFile(bare))!;
    expect(description.images[0].pixel_size.every(Number.isNaN)).toBe(true);
  });

  it.skipIf(!HAS_GWYDDION)(`matches Gwyddion's own GSF reader${HAS_GWYDDION ? "" : ` (skipped: ${NO_GWYDDION})`}`, async () => {
    const ref = pythonReference<GwyReference>("gwy_dump.py", gwyddionConvert(file, dir)).fields[0];
    const [image] = (await describeInstrumentFile(file))!.images;
    expect([image.rows, image.cols]).toEqual([ref.yres, ref.xres]);
    expect(image.title).toBe(ref.title);
    expect(relativeError(image.pixel_size[1], ref.xreal / ref.xres)).toBeLessThan(1e-12);
    expect(relativeError(image.pixel_size[0], ref.yreal / ref.yres)).toBeLessThan(1e-12);
    expect(image.values_00).toBe(ref.v00);
    expect(image.values_01).toBe(ref.v01);
    expect(image.values_10).toBe(ref.v10);
    expect(image.min).toBe(ref.min);
  });
});

describe("plain-text exports", () => {
  it("reads a Gwyddion-style text matrix with its Width, Height and Value units comments", async () => {
    const text = "# Channel: Height\n# Width: 3.000 \u00b5m\n# Height: 1.000 \u00b5m\n# Value units: nm\n1.5\t2\t3\n4\t5\t-6\n";
    const file = writeTemp(dir, "matrix.txt", text);
    const description = (await describeInstrumentFile(file))!;
    expect(description.format).toBe("text-matrix");
    const [image] = description.images;
    expect(image).toMatchObject({ title: "Height", rows: 2, cols: 3, units: "m" });
    expect(image.values_00).toBeCloseTo(1.5e-9, 22);
    expect(image.values_10).toBeCloseTo(4e-9, 22);
    expect(image.min).toBeCloseTo(-6e-9, 22);
    expect(image.pixel_size[0]).toBeCloseTo(0.5e-6, 18);
    expect(image.pixel_size[1]).toBeCloseTo(1e-6, 18);
  });

  it("takes the user's pixel size for a bare matrix, and metres when the caller says so", async () => {
    const file = writeTemp(dir, "bare.txt", "1e-9 2e-9\n3e-9 4e-9\n5e-9 6e-9\n");
    const bare = (await describeInstrumentFile(file))!.images[0];
    expect(bare.pixel_size.every(Number.isNaN)).toBe(true);
    expect(bare.units).toBe("");
    const read = readImages(await readInstrumentBytes(file), "text-matrix", { textUnit: "m", pixelSize: [2e-8, 1e-8] })!;
    expect(read.images[0]).toMatchObject({ rows: 3, cols: 2, units: "m", pixelSize: [2e-8, 1e-8] });
    expect(Array.from(read.images[0].values)).toEqual([1e-9, 2e-9, 3e-9, 4e-9, 5e-9, 6e-9]);
  });

  it("grids XYZ points in any order, rows along increasing y", async () => {
    // 3 x 2 grid, x step 1e-7, y step 2e-7, z = 10 * row + col (nm), lines shuffled.
    const points: string[] = [];
    for (const [row, col] of [[1, 2], [0, 0], [1, 0], [0, 2], [0, 1], [1, 1]]) points.push(`${col * 1e-7} ${row * 2e-7} ${(10 * row + col) * 1e-9}`);
    const file = writeTemp(dir, "points.xyz", `${points.join("\n")}\n`);
    const [image] = (await describeInstrumentFile(file))!.images;
    expect(image).toMatchObject({ rows: 2, cols: 3, units: "m" });
    expect(image.values_00).toBeCloseTo(0, 22);
    expect(image.values_01).toBeCloseTo(1e-9, 22);
    expect(image.values_10).toBeCloseTo(10e-9, 22);
    expect(image.pixel_size[0]).toBeCloseTo(2e-7, 18);
    expect(image.pixel_size[1]).toBeCloseTo(1e-7, 18);
  });

  it("leaves the row pitch of a single XYZ line unknown instead of inventing 1 m, unless the user gives it", async () => {
    const file = writeTemp(dir, "line.xyz", "0 5e-7 1e-9\n1e-7 5e-7 2e-9\n2e-7 5e-7 3e-9\n");
    const [image] = (await describeInstrumentFile(file))!.images;
    expect(image).toMatchObject({ rows: 1, cols: 3 });
    expect(image.pixel_size.every(Number.isNaN)).toBe(true);
    const given = readImages(await readInstrumentBytes(file), "text-xyz", { textUnit: "m", pixelSize: [3e-7, 1e-7] })!;
    expect(given.images[0].pixelSize).toEqual([3e-7, 1e-7]);
  });

  it("rejects XYZ points that do not fill a regular grid, naming the file", async () => {
    const file = writeTemp(dir, "gappy.xyz", "0 0 1\n1 0 2\n0 1 3\n");
    const description = (await describeInstrumentFile(file))!;
    expect(description.valid).toBe(false);
    expect(description.problems[0]).toBe("3 points do not fill the 2 x 2 grid their x and y values span");
  });

  it("ignores text that is not a table of numbers", async () => {
    const file = writeTemp(dir, "notes.txt", "Sample 12, polished\nsee lab book p. 4\n");
    expect(await describeInstrumentFile(file)).toBeNull();
  });
});
