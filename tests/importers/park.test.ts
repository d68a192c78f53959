import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { describeInstrumentFile } from "../../src/importers/index.js";
import { parkTiff, type ParkSpec } from "./support/writers.js";
import {
  HAS_GWYDDION,
  NO_GWYDDION,
  NO_REAL_DATA,
  gwyddionConvert,
  pythonReference,
  realFile,
  relativeError,
  tempDir,
  writeTemp,
  type GwyReference,
} from "./support/env.js";

interface ParkReference {
  header: Record<string, number | string>;
  min: number;
  max: number;
  mean: number;
  v00: number;
  v01: number;
  v10: number;
}

const park = realFile("park-nx-topography.tiff");
const dir = tempDir("park");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function describeOne(file: string) {
  const description = await describeInstrumentFile(file);
  expect(description?.valid, description?.problems.join("; ")).toBe(true);
  expect(description!.images).toHaveLength(1);
  return { description: description!, image: description!.images[0] };
}

describe.skipIf(!park)(`Park Systems TIFF, real file${park ? "" : ` (skipped: ${NO_REAL_DATA})`}`, () => {
  it("reads the header fields the independent Python reader decodes at their published offsets", async () => {
    const ref = pythonReference<ParkReference>("park_dump.py", park!);
    const { description } = await describeOne(park!);
    const header = (description.details.channels as { header: Record<string, unknown> }[])[0].header;
    expect(description.format).toBe("park-tiff");
    // Values the Python reader decoded (and README.md states: header version 2, 580 bytes, 256 x 256).
    expect(ref.header.version).toBe(0x01000002);
    expect(ref.header.header_bytes).toBe(580);
    expect(header.header_version).toBe(2);
    expect(header.source_name).toBe(ref.header.source_name);
    expect(header.source_name).toBe("Topography");
    expect(header.image_mode).toBe(ref.header.image_mode);
    expect(header.xres).toBe(256);
    expect(header.yres).toBe(256);
    expect(header.scan_size_x_um).toBe(ref.header.xreal_um);
    expect(header.scan_size_y_um).toBe(ref.header.yreal_um);
    expect(header.scan_offset_x_um).toBe(ref.header.xoff_um);
    expect(header.scan_offset_y_um).toBe(ref.header.yoff_um);
    expect(header.data_gain).toBe(ref.header.data_gain);
    expect(header.z_scale).toBe(ref.header.z_scale);
    expect(header.z_offset).toBe(ref.header.z_offset);
    expect(header.z_unit).toBe(ref.header.z_unit);
    expect(header.data_type).toBe(ref.header.data_type);
  });

  it("reports the image as the Python reference computes it (heights in m, top line first)", async () => {
    const ref = pythonReference<ParkReference>("park_dump.py", park!);
    const { image } = await describeOne(park!);
    expect([image.rows, image.cols]).toEqual([256, 256]);
    expect(image.units).toBe("m");
    expect(image.pixel_size[0]).toBeCloseTo(((ref.header.yreal_um as number) * 1e-6) / 256, 20);
    expect(image.pixel_size[1]).toBeCloseTo(((ref.header.xreal_um as number) * 1e-6) / 256, 20);
    const span = ref.max - ref.min;
    const pairs: [string, number, number][] = [
      ["min", image.min, ref.min],
      ["max", image.max, ref.max],
      ["mean", image.mean, ref.mean],
      ["values_00", image.values_00, ref.v00],
      ["values_01", image.values_01, ref.v01],
      ["values_10", image.values_10, ref.v10],
    ];
    for (const [name, ours, theirs] of pairs) expect(relativeError(ours, theirs, span), name).toBeLessThan(1e-12);
  });

  it.skipIf(!HAS_GWYDDION)(`matches what Gwyddion's own Park reader gives${HAS_GWYDDION ? "" : ` (skipped: ${NO_GWYDDION})`}`, async () => {
    const ref = pythonReference<GwyReference>("gwy_dump.py", gwyddionConvert(park!, dir)).fields[0];
    const { image } = await describeOne(park!);
    expect([image.rows, image.cols]).toEqual([ref.yres, ref.xres]);
    expect(image.title).toBe(ref.title);
    expect(ref.unit_z).toBe("m");
    expect(relativeError(image.pixel_size[0], ref.yreal / ref.yres)).toBeLessThan(1e-12);
    expect(relativeError(image.pixel_size[1], ref.xreal / ref.xres)).toBeLessThan(1e-12);
    const span = ref.max - ref.min;
    expect(relativeError(image.min, ref.min, span)).toBeLessThan(1e-12);
    expect(relativeError(image.max, ref.max, span)).toBeLessThan(1e-12);
    expect(relativeError(image.mean, ref.mean, span)).toBeLessThan(1e-12);
    expect(relativeError(image.values_00, ref.v00, span)).toBeLessThan(1e-12);
    expect(relativeError(image.values_01, ref.v01, span)).toBeLessThan(1e-12);
    expect(relativeError(image.values_10, ref.v10, span)).toBeLessThan(1e-12);
  });
});

describe("Park Systems TIFF, written by hand", () => {
  // Stored bottom line first: the stored first line [1, 2, 3] is the image's last (bottom) line.
  const base: ParkSpec = {
    headerVersion: 1,
    cols: 3,
    rows: 2,
    dataType: 0,
    raw: [1, 2, 3, -4, 500, 6],
    dataGain: 2,
    zScale: 0.5,
    zOffset: 10,
    zUnit: "nm",
    scanSizeXUm: 3,
    scanSizeYUm: 1,
    source: "Z Height",
    mode: "NCM",
  };
  // heights = gain x 10^-9 x (raw x z_scale + z_offset): top line from stored line 2 = [-4, 500, 6].
  const expectedTop = [-4, 500, 6].map((raw) => 2e-9 * (raw * 0.5 + 10));
  const expectedBottom = [1, 2, 3].map((raw) => 2e-9 * (raw * 0.5 + 10));

  for (const [version, dataType] of [
    [1, 0],
    [2, 1],
    [2, 2],
  ] as const) {
    it(`header version ${version}, data type ${["int16", "int32", "float32"][dataType]}: scale, offset, unit and row order`, async () => {
      const file = writeTemp(dir, `hand-v${version}-${dataType}.tiff`, parkTiff({ ...base, headerVersion: version, dataType }));
      const { image } = await describeOne(file);
      expect(image.title).toBe("Z Height");
      expect([image.rows, image.cols]).toEqual([2, 3]);
      expect(image.pixel_size[0]).toBeCloseTo(1e-6 / 2, 18);
      expect(image.pixel_size[1]).toBeCloseTo(3e-6 / 3, 18);
      expect(image.values_00).toBeCloseTo(expectedTop[0], 20);
      expect(image.values_01).toBeCloseTo(expectedTop[1], 20);
      expect(image.values_10).toBeCloseTo(expectedBottom[0], 20);
      expect(image.max).toBeCloseTo(Math.max(...expectedTop, ...expectedBottom), 20);
      expect(image.min).toBeCloseTo(Math.min(...expectedTop, ...expectedBottom), 20);
    });
  }

  it("keeps a non-length z unit as the unit, scaled by its SI prefix only", async () => {
    const file = writeTemp(dir, "hand-volts.tiff", parkTiff({ ...base, zUnit: "mV", source: "Amplitude" }));
    const { image } = await describeOne(file);
    expect(image.units).toBe("V");
    expect(image.values_00).toBeCloseTo(2e-3 * (-4 * 0.5 + 10), 15);
  });

  it.skipIf(!HAS_GWYDDION)(`Gwyddion applies z-scale, z-offset and row order the same way${HAS_GWYDDION ? "" : ` (skipped: ${NO_GWYDDION})`}`, async () => {
    const file = writeTemp(dir, "hand-gwyddion.tiff", parkTiff({ ...base, headerVersion: 2, dataType: 0 }));
    const ref = pythonReference<GwyReference>("gwy_dump.py", gwyddionConvert(file, dir)).fields[0];
    const { image } = await describeOne(file);
    expect([ref.yres, ref.xres]).toEqual([2, 3]);
    expect(relativeError(image.values_00, ref.v00)).toBeLessThan(1e-12);
    expect(relativeError(image.values_01, ref.v01)).toBeLessThan(1e-12);
    expect(relativeError(image.values_10, ref.v10)).toBeLessThan(1e-12);
    expect(relativeError(image.max, ref.max)).toBeLessThan(1e-12);
    expect(relativeError(image.pixel_size[1], ref.xreal / ref.xres)).toBeLessThan(1e-12);
  });
});
