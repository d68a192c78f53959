import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";
import { readInputFile } from "../../src/io/nodeFiles.js";
import { readImages, readInstrumentBytes } from "../../src/importers/index.js";
import { bif6, gsf, parkTiff } from "./support/writers.js";
import { NO_REAL_DATA, pythonReference, realFile, relativeError, tempDir, writeTemp } from "./support/env.js";

interface H5Summary {
  attrs: Record<string, unknown>;
  datasets: Record<string, { shape: number[]; dtype: string; attrs: Record<string, unknown>; min: number; max: number; first: number[]; sum: number; values?: string[] }>;
}

interface ParkReference {
  header: Record<string, number | string>;
  min: number;
  max: number;
  v00: number;
  v01: number;
}

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), progress: silentProgress });
  return { status, stdout, stderr };
}

const park = realFile("park-nx-topography.tiff");
const dir = tempDir("import");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The Park scan is 2.5 um wide; 25 x 25 SIMS pixels of 0.1 um cover the same field.
const N = 25;
const LAYERS = 3;
const count = (layer: number, channel: number, row: number, col: number) => (layer + 1) * 1_000_000 + channel * 100_000 + row * 100 + col;
const simsFiles = Array.from({ length: LAYERS }, (_, layer) =>
  writeTemp(
    dir,
    `stack_${layer}.bif6`,
    bif6(N, N, [0, 1].map((channel) => ({
      id: channel,
      masses: channel === 0 ? [64.9, 64.98, 65.05] : [85.0, 85.1, 85.2],
      counts: Array.from({ length: N * N }, (_, p) => count(layer, channel, Math.floor(p / N), p % N)),
    }))),
  ),
);

describe.skipIf(!park)(`afmsims import: real Park TIFF + hand-written BIF6 stack${park ? "" : ` (skipped: ${NO_REAL_DATA})`}`, () => {
  const output = path.join(dir, "input.h5");

  it("writes an afmsims-input that h5py reads back with the Park heights, the counts and the provenance", async () => {
    const result = await run([
      "import", "--afm-before", park!, "--afm-after", `${park!}:Topography`, "--sims", ...simsFiles,
      "--labels", "Na2F+,C5H13+", "--pixel-size", "0.1", "--mean-depth-nm", "120", "-o", output,
    ]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('AFM before: ' + park + ' (park-tiff, "Topography"): 256 x 256, pixel 9.766 x 9.766 nm');
    expect(result.stdout).toContain("SIMS: 3 iontof-bif6 files: 3 layers x 2 channels (Na2F+, C5H13+), 25 x 25");

    const h5 = pythonReference<H5Summary>("h5_summary.py", output);
    const ref = pythonReference<ParkReference>("park_dump.py", park!);
    expect(h5.attrs.format).toBe("afmsims-input");
    expect(h5.attrs.version).toBe(1);

    const before = h5.datasets["afm/before"];
    expect(before.shape).toEqual([256, 256]);
    expect(before.attrs.units).toBe("m");
    for (const pitch of before.attrs.pixel_size as number[]) expect(relativeError(pitch, 2.5e-6 / 256)).toBeLessThan(1e-12);
    const span = ref.max - ref.min;
    expect(relativeError(before.min, ref.min, span)).toBeLessThan(1e-12);
    expect(relativeError(before.max, ref.max, span)).toBeLessThan(1e-12);
    expect(relativeError(before.first[0], ref.v00, span)).toBeLessThan(1e-12);
    expect(relativeError(before.first[1], ref.v01, span)).toBeLessThan(1e-12);
    expect(before.attrs.source_format).toBe("park-tiff");
    expect(before.attrs.source_file).toBe(path.resolve(park!));
    expect(before.attrs["header.data_gain"]).toBe(ref.header.data_gain);
    expect(before.attrs["header.z_unit"]).toBe("um");
    expect(before.attrs["header.scan_size_x_um"]).toBe(2.5);

    const after = h5.datasets["afm/after"];
    expect(after.shape).toEqual([256, 256]);
    expect(after.attrs.mean_depth).toBeCloseTo(120e-9, 20);

    const counts = h5.datasets["sims/counts"];
    expect(counts.shape).toEqual([LAYERS, 2, N, N]);
    expect(counts.dtype).toBe("<u4");
    for (const pitch of counts.attrs.pixel_size as number[]) expect(relativeError(pitch, 1e-7)).toBeLessThan(1e-12);
    expect(counts.attrs.source_format).toBe("iontof-bif6");
    expect(String(counts.attrs.source_files).split("\n")).toEqual(simsFiles.map((file) => path.resolve(file)));
    expect(counts.first).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((col) => count(0, 0, 0, col)));
    let expectedSum = 0;
    for (let l = 0; l < LAYERS; l++) for (let c = 0; c < 2; c++) for (let r = 0; r < N; r++) for (let x = 0; x < N; x++) expectedSum += count(l, c, r, x);
    expect(counts.sum).toBe(expectedSum);
    expect(counts.max).toBe(count(LAYERS - 1, 1, N - 1, N - 1));
    expect(h5.datasets["sims/labels"].values).toEqual(["Na2F+", "C5H13+"]);
    expect(h5.datasets["sims/masses"].first).toEqual([Math.fround(64.98), Math.fround(85.1)]);

    // The project's own contract reader accepts it, and every value survives the round trip.
    const model = await readInputFile(output);
    const parkImage = readImages(await readInstrumentBytes(park!), "park-tiff", { textUnit: "m" })!.images[0];
    expect(model.afmBefore.heights).toEqual(parkImage.values);
    expect(model.afmAfter!.meanDepth).toBeCloseTo(120e-9, 20);
    expect(model.sims.labels).toEqual(["Na2F+", "C5H13+"]);
    let mismatches = 0;
    for (let l = 0; l < LAYERS; l++) for (let c = 0; c < 2; c++) for (let r = 0; r < N; r++) for (let x = 0; x < N; x++) {
      if (model.sims.counts[((l * 2 + c) * N + r) * N + x] !== count(l, c, r, x)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it("refuses to replace the output without --force, and replaces it with --force", async () => {
    const argv = ["import", "--afm-before", park!, "--sims", ...simsFiles, "--pixel-size", "0.1", "-o", output];
    const refused = await run(argv);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(`afmsims: ${output}: already exists (use --force to replace it)\n`);
    expect((await run([...argv, "--force"])).status).toBe(0);
    expect(pythonReference<H5Summary>("h5_summary.py", output).datasets["afm/after"]).toBeUndefined();
  });

  it("keeps the Park file's own pixel size over --afm-pixel-size, and says so", async () => {
    const result = await run(["import", "--afm-before", park!, "--afm-pixel-size", "0.05", "--sims", ...simsFiles, "--pixel-size", "0.1", "-o", output, "--force"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`afmsims: warning: ${park}: --afm-pixel-size not used: the park-tiff file records its own pixel size (0.00976563, 0.00976563 um), which is kept\n`);
    const model = await readInputFile(output);
    expect(model.afmBefore.pixelSize[0]).toBeCloseTo(2.5e-6 / 256, 15);
  });
});

describe("afmsims import: text exports", () => {
  it("takes a bare AFM matrix with --afm-pixel-size and an ASCII SIMS pattern", async () => {
    const afm = writeTemp(dir, "afm.txt", "1e-9 2e-9 3e-9\n4e-9 5e-9 6e-9\n");
    const asciiDir = path.join(dir, "ascii");
    fs.mkdirSync(asciiDir);
    for (const layer of [1, 2]) for (const channel of ["Na+", "K+"]) {
      fs.writeFileSync(path.join(asciiDir, `L${layer}-${channel}.txt`), `${layer} ${channel === "Na+" ? 10 : 20}\n0 0\n`);
    }
    const output = path.join(dir, "text.h5");
    const result = await run([
      "import", "--afm-before", afm, "--afm-pixel-size", "0.01,0.02", "--sims", path.join(asciiDir, "L{layer}-{channel}.txt"),
      "--labels", "Na+,K+", "--pixel-size", "0.5", "-o", output,
    ]);
    expect(result.stderr).toBe("");
    const h5 = pythonReference<H5Summary>("h5_summary.py", output);
    const before = h5.datasets["afm/before"];
    expect(before.shape).toEqual([2, 3]);
    expect(before.first).toEqual([1e-9, 2e-9, 3e-9, 4e-9, 5e-9, 6e-9]);
    expect((before.attrs.pixel_size as number[]).map((v) => v / 1e-8)).toEqual([1, 2]);
    const counts = h5.datasets["sims/counts"];
    expect(counts.shape).toEqual([2, 2, 2, 2]);
    // layer 1: Na+ [1 10; 0 0], K+ [1 20; 0 0]; layer 2 likewise with 2.
    expect(counts.first).toEqual([1, 10, 0, 0, 1, 20, 0, 0]);
    expect(counts.sum).toBe(1 + 10 + 1 + 20 + 2 + 10 + 2 + 20);
    expect(h5.datasets["sims/labels"].values).toEqual(["Na+", "K+"]);
  });

  it("refuses a label named twice (usage error, exit 2): a pattern would store one channel's files twice", async () => {
    const afm = writeTemp(dir, "afm-twice.txt", "1e-9 2e-9\n3e-9 4e-9\n");
    const asciiDir = fs.mkdtempSync(path.join(dir, "twice-"));
    for (const channel of ["Na+", "K+"]) fs.writeFileSync(path.join(asciiDir, `L1-${channel}.txt`), "1 2\n3 4\n");
    const output = path.join(dir, "twice.h5");
    const result = await run([
      "import", "--afm-before", afm, "--afm-pixel-size", "0.01", "--sims", path.join(asciiDir, "L{layer}-{channel}.txt"),
      "--labels", "Na+, K+,Na+", "--pixel-size", "0.5", "-o", output,
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('afmsims: --labels: "Na+" is listed twice\n');
    expect(fs.existsSync(output)).toBe(false);
  });
});

describe("afmsims import: bad input ends in one line and no output file", () => {
  const output = path.join(dir, "never.h5");
  const gsfPark = realFile("park-nx-topography.tiff");

  it("requires the SIMS pixel size (usage error, exit 2)", async () => {
    const result = await run(["import", "--afm-before", "a.tiff", "--sims", simsFiles[0], "-o", output]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("afmsims: import: --pixel-size UM[,UM] is required: SIMS image files do not record their field of view\n");
  });

  it("says which formats it reads when --afm-before is none of them, and which format holds no AFM image", async () => {
    const greeting = writeTemp(dir, "greeting.txt", "hello\n");
    const unreadable = await run(["import", "--afm-before", greeting, "--sims", simsFiles[0], "--pixel-size", "0.1", "-o", output]);
    expect(unreadable.status).toBe(1);
    expect(unreadable.stderr).toBe(
      `afmsims: ${greeting}: --afm-before: not a format afmsims imports (Park TIFF, Gwyddion .gwy or .gsf, text matrix or .xyz)\n`,
    );
    const stack = await run(["import", "--afm-before", simsFiles[0], "--sims", simsFiles[0], "--pixel-size", "0.1", "-o", output]);
    expect(stack.status).toBe(1);
    expect(stack.stderr).toMatch(new RegExp(`^afmsims: ${simsFiles[0]}: --afm-before: `));
    expect(stack.stderr).not.toContain("not a format afmsims imports holds");
    expect(fs.existsSync(output)).toBe(false);
  });

  it("refuses what afmsims could not read back: an AFM height or a SIMS count that is NaN, or a negative count", async () => {
    const goodAfm = writeTemp(dir, "afm-good.txt", "1e-9 2e-9\n3e-9 4e-9\n");
    const holedAfm = writeTemp(dir, "afm-hole.txt", "1e-9 2e-9\nnan 4e-9\n");
    const goodLayer = writeTemp(dir, "layer-good.txt", "1 2\n3 4\n");
    const nanLayer = writeTemp(dir, "layer-nan.txt", "1 2\n3 nan\n");
    const negativeLayer = writeTemp(dir, "layer-negative.txt", "1 -2\n3 4\n");
    const cases: [string, string, string][] = [
      [holedAfm, goodLayer, `${holedAfm}: --afm-before: 1 non-finite height (the first at row 1, col 0); every pixel needs a height`],
      [goodAfm, nanLayer, `${nanLayer}: 1 negative or non-finite count (the first, NaN, at row 1, col 1)`],
      [goodAfm, negativeLayer, `${negativeLayer}: 1 negative or non-finite count (the first, -2, at row 0, col 1)`],
    ];
    for (const [afm, layer, message] of cases) {
      const result = await run(["import", "--afm-before", afm, "--afm-pixel-size", "0.5", "--sims", goodLayer, layer, "--pixel-size", "0.5", "-o", output]);
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toBe(`afmsims: ${message}\n`);
      expect(fs.existsSync(output)).toBe(false);
    }
  });

  it("says that a height channel has no unit, rather than that it is in \"\"", async () => {
    const unitless = writeTemp(dir, "afm-unitless.txt", "# Value units: \n1 2\n3 4\n");
    const result = await run(["import", "--afm-before", unitless, "--afm-pixel-size", "0.5", "--sims", simsFiles[0], "--pixel-size", "0.1", "-o", output]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`afmsims: ${unitless}: --afm-before: channel "text matrix" has no unit, not a height in metres\n`);
  });

  it("takes --afm-pixel-size for a Gwyddion file that gives no lateral size, as its message says to", async () => {
    const bare = writeTemp(dir, "bare.gsf", gsf({ XRes: 2, YRes: 2, XReal: 2, YReal: 2, ZUnits: "m" }, [1e-9, 2e-9, 3e-9, 4e-9].map(Math.fround)));
    const argv = ["import", "--afm-before", bare, "--sims", simsFiles[0], "--pixel-size", "0.1", "-o", output];
    const refused = await run(argv);
    expect(refused.stderr).toBe(`afmsims: ${bare}: --afm-before: the file gives no lateral size in metres; pass --afm-pixel-size\n`);
    const given = await run([...argv, "--afm-pixel-size", "0.02,0.01"]);
    expect(given.stderr).toBe("");
    const before = pythonReference<H5Summary>("h5_summary.py", output).datasets["afm/before"];
    expect((before.attrs.pixel_size as number[]).map((v) => v / 1e-8)).toEqual([2, 1]);
    fs.rmSync(output);
  });

  it.skipIf(!gsfPark)("names a missing channel, a missing file, a profile given as SIMS images and a cut BIF6 layer", async () => {
    const cases: [string[], string][] = [
      [["--afm-before", `${gsfPark!}:Phase`, "--sims", simsFiles[0]], `${gsfPark!}: no channel "Phase" (channels: 0 "Topography")`],
      [["--afm-before", path.join(dir, "nope.tiff"), "--sims", simsFiles[0]], `${path.join(dir, "nope.tiff")}: no such file`],
    ];
    const volts = writeTemp(dir, "amplitude.tiff", parkTiff({
      headerVersion: 2, cols: 2, rows: 2, dataType: 2, raw: [1, 2, 3, 4], dataGain: 1, zScale: 1, zOffset: 0, zUnit: "V",
      scanSizeXUm: 1, scanSizeYUm: 1, source: "Amplitude", mode: "NCM",
    }));
    cases.push([["--afm-before", volts, "--sims", simsFiles[0]], `${volts}: --afm-before: channel "Amplitude" is in "V", not a height in metres`]);
    const profile = realFile("surfacelab-depth-profile-pos.txt");
    if (profile) cases.push([["--afm-before", gsfPark!, "--sims", profile], `${profile}: is a 1-D SurfaceLab depth profile, not images`]);
    const cut = writeTemp(dir, "cut.bif6", fs.readFileSync(simsFiles[1]).subarray(0, 100));
    cases.push([["--afm-before", gsfPark!, "--sims", simsFiles[0], cut], `${cut}: BIF6 interval 0 at byte 12: truncated`]);
    for (const [args, message] of cases) {
      const result = await run(["import", ...args, "--pixel-size", "0.1", "-o", output]);
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr.startsWith(`afmsims: ${message}`), result.stderr).toBe(true);
      expect(result.stderr.split("\n")).toHaveLength(2);
      expect(fs.existsSync(output)).toBe(false);
    }
  });
});
