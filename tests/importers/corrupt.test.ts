import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { describeInstrumentFile, readSimsStack } from "../../src/importers/index.js";
import type { FileDescription } from "../../src/model/describe.js";
import { Bytes } from "./support/bytes.js";
import { bif6, gsf, gwyDataField, gwyFile, gwyObject, parkTiff } from "./support/writers.js";
import { realFile, tempDir, writeTemp } from "./support/env.js";

const dir = tempDir("corrupt");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A clear problem says where: a byte offset or a line. */
const WHERE = /(at byte \d+|line \d+)/;
/** Time one damaged file may take to be described; real parses here take milliseconds. */
const TIME_LIMIT_MS = 2000;

async function describeTimed(file: string): Promise<FileDescription | null> {
  const start = performance.now();
  const description = await describeInstrumentFile(file);
  expect(performance.now() - start, `${file} took too long`).toBeLessThan(TIME_LIMIT_MS);
  return description;
}

function expectClearProblem(description: FileDescription | null, file: string): void {
  expect(description, `${file} was not recognised at all`).not.toBeNull();
  expect(description!.valid, `${file} was accepted`).toBe(false);
  expect(description!.problems).toHaveLength(1);
  // `info` puts the file name in front; the problem itself says where.
  expect(description!.problems[0].includes(file)).toBe(false);
  expect(description!.problems[0]).toMatch(WHERE);
}

/** Cut positions spread over the bytes a reader needs, plus the edges of the signature. */
function cutPoints(needed: number, signature: number): number[] {
  const points = new Set([signature, signature + 1, 8, 12, 16, 100, 356]);
  for (let i = 1; i < 12; i++) points.add(Math.floor((needed * i) / 12));
  points.add(needed - 1);
  return [...points].filter((p) => p >= signature && p < needed).sort((a, b) => a - b);
}

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] ^= 0xff;
  return copy;
}

interface Sample {
  name: string;
  bytes: Uint8Array;
  /** Bytes the reader needs: a cut below this must fail. */
  needed: number;
  signature: number;
}

const parkHand = parkTiff({
  headerVersion: 2, cols: 4, rows: 3, dataType: 0, raw: Array.from({ length: 12 }, (_, i) => i * 7 - 20),
  dataGain: 1, zScale: 1, zOffset: 0, zUnit: "nm", scanSizeXUm: 1, scanSizeYUm: 1, source: "Height", mode: "NCM",
});
const gwyHand = gwyFile(gwyObject("GwyContainer", [["/0/data/title", "s", "Height"], ["/0/data", "o", gwyDataField(2, 2, 1e-6, 1e-6, "m", "m", [1, 2, 3, 4])]]));
const gsfHand = gsf({ XRes: 2, YRes: 2, XReal: 1e-6, YReal: 1e-6, XYUnits: "m", ZUnits: "m" }, [1, 2, 3, 4]);
const bif6Hand = bif6(2, 2, [{ id: 1, masses: [22.9, 23, 23.1], counts: [1, 2, 3, 4] }, { id: 2, masses: [38.9, 39, 39.1], counts: [5, 6, 7, 8] }]);
const surfaceLab =
  "# Profile Smoothing is Disabled\r\n#\t\t\t\ttotal\tNa+\t\r\n#\t\t\t\tN/A\t22.9898\t\r\n" +
  "#Data Point #\tSputter Time (s)\tDose (ions)\tFluence (ions/cm^2)\tIntensity\tIntensity\t\r\n" +
  "1\t0\t1e+06\t4e+10\t500\t20\t\r\n2\t1.5\t2e+06\t8e+10\t400\t10\t\r\n3\t3\t3e+06\t1.2e+11\t300\t5\t\r\n";

const samples: Sample[] = [
  // The hand-made Park file ends with its header: every byte up to the end is needed.
  { name: "park.tiff", bytes: parkHand, needed: parkHand.length, signature: 4 },
  { name: "hand.gwy", bytes: gwyHand, needed: gwyHand.length, signature: 4 },
  { name: "hand.gsf", bytes: gsfHand, needed: gsfHand.length, signature: 26 },
  { name: "hand.bif6", bytes: bif6Hand, needed: bif6Hand.length, signature: 6 },
];
const realGwy = realFile("gwyddion-test.gwy");
if (realGwy) {
  const bytes = new Uint8Array(fs.readFileSync(realGwy));
  samples.push({ name: "real.gwy", bytes, needed: bytes.length, signature: 4 });
}
const realPark = realFile("park-nx-topography.tiff");
if (realPark) {
  const bytes = new Uint8Array(fs.readFileSync(realPark));
  // Park header (tag 50435) ends at 0x407f9 + 580, after the image data: README and the tag table.
  samples.push({ name: "real.tiff", bytes, needed: 0x407f9 + 580, signature: 4 });
}

describe("truncated files end in one clear problem naming the file and the byte", () => {
  for (const sample of samples) {
    it(`${sample.name}: cut at ${cutPoints(sample.needed, sample.signature).length} offsets`, async () => {
      for (const cut of cutPoints(sample.needed, sample.signature)) {
        const file = writeTemp(dir, `cut-${cut}-${sample.name}`, sample.bytes.subarray(0, cut));
        expectClearProblem(await describeTimed(file), file);
        fs.rmSync(file);
      }
    });
  }

  it("SurfaceLab profile cut inside a data row names the line", async () => {
    const cut = surfaceLab.indexOf("2\t1.5") + 6;
    const file = writeTemp(dir, "cut-profile.txt", surfaceLab.slice(0, cut));
    const description = await describeTimed(file);
    expectClearProblem(description, file);
    expect(description!.problems[0]).toBe("line 6: 2 values, the column row has 6");
  });
});

describe("damaged text exports name the line (and column)", () => {
  const matrix = "# Channel: Height\n# Width: 2 um\n# Height: 1 um\n1e-9 2e-9 3e-9\n4e-9 5e-9 6e-9\n7e-9 8e-9 9e-9\n";

  it("a matrix cut inside a line", async () => {
    const file = writeTemp(dir, "cut-matrix.txt", matrix.slice(0, matrix.indexOf("8e-9")));
    const description = await describeTimed(file);
    expectClearProblem(description, file);
    expect(description!.problems[0]).toBe("line 6: 1 value, but the first data line has 3");
  });

  it("a matrix with a garbled number", async () => {
    const file = writeTemp(dir, "garbled-matrix.txt", matrix.replace("5e-9", "5e-Q"));
    const description = await describeTimed(file);
    expectClearProblem(description, file);
    expect(description!.problems[0]).toBe('line 5, column 2: "5e-Q" is not a number');
  });

  it("XYZ points cut inside a line", async () => {
    const file = writeTemp(dir, "cut.xyz", "0 0 1\n1 0 2\n0 1 3\n1 1");
    const description = await describeTimed(file);
    expectClearProblem(description, file);
    expect(description!.problems[0]).toBe("line 4: 2 values, but the first data line has 3");
  });
});

describe("files with flipped bytes never crash, hang or pass a damaged header", () => {
  for (const sample of samples.filter((s) => s.bytes.length < 10_000)) {
    it(`${sample.name}: every single-byte flip is either read or reported with the file and the byte`, async () => {
      let reported = 0;
      for (let at = 0; at < sample.bytes.length; at++) {
        const file = writeTemp(dir, `flip-${sample.name}`, flipped(sample.bytes, at));
        const description = await describeTimed(file);
        if (description && !description.valid) {
          expectClearProblem(description, file);
          reported++;
        }
      }
      // Flips in signatures, sizes and counts must be caught; flips in image values cannot be.
      expect(reported).toBeGreaterThan(0);
    });
  }

  it("Park: an impossible header field is named with its own byte", async () => {
    const bytes = parkHand.slice();
    // The hand-made file ends with its 580-byte header; data_type is the int32 at header byte 348.
    const at = bytes.length - 580 + 348;
    new DataView(bytes.buffer).setInt32(at, 7, true);
    const file = writeTemp(dir, "bad-type.tiff", bytes);
    const description = await describeTimed(file);
    expectClearProblem(description, file);
    expect(description!.problems[0]).toBe(`Park header field data_type at byte ${at}: has an impossible value 7`);
  });

  it("BIF6: a flipped image size is caught before the counts are read", async () => {
    const file = writeTemp(dir, "flip-nx.bif6", flipped(bif6Hand, 8));
    const description = await describeTimed(file);
    expectClearProblem(description, file);
    expect(description!.problems[0]).toMatch(/truncated: the header's 2 intervals of 253 x 2 need/);
  });
});

describe("sizes a corrupted header claims are checked against the file before any allocation", () => {
  async function expectCheapFailure(name: string, bytes: Uint8Array, message: RegExp) {
    const file = writeTemp(dir, name, bytes);
    const before = process.memoryUsage().arrayBuffers;
    const description = await describeTimed(file);
    expectClearProblem(description, file);
    expect(description!.problems[0]).toMatch(message);
    // A few MB of slack for the file itself and test bookkeeping; the claims are tens of GB.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 2 ** 20);
  }

  it("BIF6 claiming 65535 intervals of 65535 x 65535 pixels", async () => {
    await expectCheapFailure("huge.bif6", new Bytes().ascii("\0\0BIF6").u16(65535).u16(65535).u16(65535).u32(1).toUint8Array(), /BIF6 interval 0 at byte 12: truncated/);
  });

  it("GWY data array claiming 2^32 - 1 doubles", async () => {
    const field = new Bytes().cstring("GwyDataField").u32(5 + 1 + 4).cstring("data").ascii("D").u32(0xffffffff).toUint8Array();
    const container = gwyObject("GwyContainer", [["/0/data", "o", field]]);
    await expectCheapFailure("huge.gwy", gwyFile(container), /component "data" at byte \d+: array claims 4294967295 items/);
  });

  it("GWY objects nested 40 deep (real files nest 3)", async () => {
    let nested = gwyObject("GwySIUnit", [["unitstr", "s", "m"]]);
    for (let depth = 0; depth < 40; depth++) nested = gwyObject("GwyContainer", [["child", "o", nested]]);
    await expectCheapFailure("deep.gwy", gwyFile(nested), /GWY object at byte \d+: nested deeper than 32 levels/);
  });

  it("GSF claiming 10^9 x 10^9 values", async () => {
    await expectCheapFailure("huge.gsf", gsf({ XRes: 1e9, YRes: 1e9 }, [1, 2]), /GSF data at byte \d+: needs 4000000000000000000 bytes but the file ends/);
  });

  it("Park TIFF whose data tag claims more bytes than the file has", async () => {
    const bytes = parkHand.slice();
    // Tag 50434's count (entry 11 of the directory at byte 8: 8 + 2 + 11 * 12 + 4).
    new DataView(bytes.buffer).setUint32(8 + 2 + 11 * 12 + 4, 0x7fffffff, true);
    await expectCheapFailure("huge-data.tiff", bytes, /Park image data at byte \d+: needs 2147483647 bytes but the file ends/);
  });

  it("SIMS stack assembly stops at the first damaged layer, naming it", async () => {
    const good = writeTemp(dir, "good.bif6", bif6Hand);
    const cut = writeTemp(dir, "cut.bif6", bif6Hand.subarray(0, 30));
    await expect(readSimsStack([good, cut], { pixelSize: [1e-7, 1e-7] })).rejects.toThrow(`${cut}: BIF6 interval 0 at byte 12: truncated`);
  });
});
