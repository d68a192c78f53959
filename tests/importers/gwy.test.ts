import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { AfmsimsError } from "../../src/errors.js";
import { describeInstrumentFile, readImages, readInstrumentBytes, selectChannel } from "../../src/importers/index.js";
import { gwyDataField, gwyFile, gwyObject } from "./support/writers.js";
import { HAS_GWYDDION, NO_GWYDDION, NO_REAL_DATA, gwyddionConvert, pythonReference, realFile, relativeError, tempDir, writeTemp, type GwyReference } from "./support/env.js";

const real = realFile("gwyddion-test.gwy");
const dir = tempDir("gwy");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!real)(`Gwyddion .gwy, real file${real ? "" : ` (skipped: ${NO_REAL_DATA})`}`, () => {
  it("reports every channel as the independent Python .gwy reader decodes it", async () => {
    const ref = pythonReference<GwyReference>("gwy_dump.py", real!);
    const description = (await describeInstrumentFile(real!))!;
    expect(description.format).toBe("gwyddion-gwy");
    expect(description.valid).toBe(true);
    expect(description.images.map((image) => image.title)).toEqual(ref.fields.map((field) => field.title));
    expect(ref.fields.length).toBeGreaterThan(0);
    ref.fields.forEach((field, i) => {
      const image = description.images[i];
      expect([image.rows, image.cols]).toEqual([field.yres, field.xres]);
      expect(image.units).toBe(field.unit_z);
      const span = field.max - field.min;
      expect(relativeError(image.min, field.min, span)).toBeLessThan(1e-12);
      expect(relativeError(image.max, field.max, span)).toBeLessThan(1e-12);
      expect(relativeError(image.mean, field.mean, span)).toBeLessThan(1e-12);
      expect(image.values_00).toBe(field.v00);
      expect(image.values_01).toBe(field.v01);
      expect(image.values_10).toBe(field.v10);
      const header = (description.details.channels as { header: Record<string, unknown> }[])[i].header;
      expect(header.xreal).toBe(field.xreal);
      expect(header.yreal).toBe(field.yreal);
      expect(header.xoff ?? 0).toBe(field.xoff);
      expect(header.yoff ?? 0).toBe(field.yoff);
      expect(header.si_unit_xy).toBe(field.unit_xy);
    });
  });

  it.skipIf(!HAS_GWYDDION)(`matches the channels Gwyddion itself loads from it${HAS_GWYDDION ? "" : ` (skipped: ${NO_GWYDDION})`}`, async () => {
    const ref = pythonReference<GwyReference>("gwy_dump.py", gwyddionConvert(real!, dir));
    const description = (await describeInstrumentFile(real!))!;
    expect(description.images).toHaveLength(ref.fields.length);
    ref.fields.forEach((field, i) => {
      const image = description.images[i];
      expect(image.title).toBe(field.title);
      expect([image.rows, image.cols]).toEqual([field.yres, field.xres]);
      expect([image.min, image.max, image.values_00, image.values_01, image.values_10]).toEqual([field.min, field.max, field.v00, field.v01, field.v10]);
    });
  });

  it("leaves the pixel size unknown when the lateral unit is not a length (this file has none)", async () => {
    const ref = pythonReference<GwyReference>("gwy_dump.py", real!);
    expect(ref.fields[0].unit_xy).toBe("");
    const description = (await describeInstrumentFile(real!))!;
    expect(description.images[0].pixel_size.every(Number.isNaN)).toBe(true);
  });
});

describe("Gwyddion .gwy, written by hand", () => {
  // Channel 0: heights in m on a 2 x 3 grid of 6 um x 4 um; channel 3: a phase image in deg.
  const heights = [1e-9, 2e-9, 3e-9, 4e-9, 5e-9, -6e-9];
  const phase = [10, 20, 30, 40, 50, 60];
  const container = gwyObject("GwyContainer", [
    ["/0/data/title", "s", "Height"],
    ["/0/data", "o", gwyDataField(3, 2, 6e-6, 4e-6, "m", "m", heights)],
    ["/3/data/title", "s", "Phase"],
    ["/3/data", "o", gwyDataField(3, 2, 6e-6, 4e-6, "m", "deg", phase)],
    ["/3/data/visible", "b", 1],
  ]);
  const file = writeTemp(dir, "hand.gwy", gwyFile(container));

  it("reports both channels with their sizes, units and values", async () => {
    const description = (await describeInstrumentFile(file))!;
    expect(description.valid).toBe(true);
    const [height, phaseImage] = description.images;
    expect(height).toMatchObject({ title: "Height", rows: 2, cols: 3, units: "m", values_00: 1e-9, values_01: 2e-9, values_10: 4e-9 });
    expect(height.pixel_size[0]).toBeCloseTo(2e-6, 18);
    expect(height.pixel_size[1]).toBeCloseTo(2e-6, 18);
    expect(height.min).toBe(-6e-9);
    expect(height.max).toBe(5e-9);
    expect(phaseImage).toMatchObject({ title: "Phase", units: "deg", min: 10, max: 60, mean: 35 });
    const channels = description.details.channels as { id: number; origin: number[] }[];
    expect(channels.map((channel) => channel.id)).toEqual([0, 3]);
    // Offsets (yoff 2 um, xoff 1 um) place the outer corner; pixel (0, 0)'s centre is half a 2 um pixel in.
    expect(channels[0].origin[0]).toBeCloseTo(3e-6, 18);
    expect(channels[0].origin[1]).toBeCloseTo(2e-6, 18);
  });

  it("picks a channel by id or by title, and names the choices otherwise", async () => {
    const images = readImages(await readInstrumentBytes(file), "gwyddion-gwy", { textUnit: "m" })!.images;
    expect(selectChannel(file, images, "3").title).toBe("Phase");
    expect(selectChannel(file, images, "height").id).toBe(0);
    expect(() => selectChannel(file, images, undefined)).toThrow(/holds 2 channels; pick one with FILE:channel \(0 "Height", 3 "Phase"\)/);
    expect(() => selectChannel(file, images, "Amplitude")).toThrow(AfmsimsError);
    expect(() => selectChannel(file, images, "Amplitude")).toThrow(/no channel "Amplitude"/);
  });
});
