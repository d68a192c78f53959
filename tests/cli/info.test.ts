import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";
import { writeVolume } from "../../src/io/writeVolume.js";
import type { FileDescription } from "../../src/model/describe.js";
import { NO_REAL_DATA, realFile } from "../importers/support/env.js";
import { h5pyJson, h5pyRun, hasH5py, makeTempDir, writeFixtures, type Fixtures } from "../io/h5pyFixtures.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

async function info(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await main(["info", ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    progress: silentProgress,
  });
  return { status, stdout, stderr };
}

/** Exit 1, nothing on stdout, and exactly one stderr line `afmsims: FILE: ...problem...` with no stack trace. */
async function expectRefused(file: string, problem: string | RegExp) {
  const result = await info(file);
  expect(result.status, result.stderr).toBe(1);
  expect(result.stdout).toBe("");
  const lines = result.stderr.split("\n").filter((line) => line.length > 0);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0].startsWith(`afmsims: ${file}: `), lines[0]).toBe(true);
  expect(lines[0]).toMatch(problem);
  expect(lines[0]).not.toMatch(/internal error|\bat .*\.(ts|js):\d+/);
}

const dir = makeTempDir("info");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("afmsims info on files that are not valid afmsims files", () => {
  it("a missing file", () => expectRefused(path.join(dir, "nowhere.h5"), "no such file"));

  it("a file that is not HDF5", async () => {
    const file = path.join(dir, "notes.txt");
    fs.writeFileSync(file, "depth profile notes\n".repeat(100));
    await expectRefused(file, "not an HDF5 file");
  });

  it.skipIf(!hasH5py)("an HDF5 file that is neither an input nor a volume", async () => {
    const file = path.join(dir, "other.h5");
    h5pyRun("h5py.File(sys.argv[1], 'w')['x'] = [1]", file);
    await expectRefused(file, "an HDF5 file, but not an afmsims input or volume");
  });

  describe.skipIf(!hasH5py)("h5py-written fixtures", () => {
    let fixtures: Fixtures;
    beforeAll(() => {
      fixtures = writeFixtures();
    });
    afterAll(() => fs.rmSync(fixtures.dir, { recursive: true, force: true }));

    const cases: [string, string | RegExp][] = [
      ["missing-dataset.h5", "/sims/labels: missing required dataset"],
      ["missing-attribute.h5", '/sims/counts: missing required attribute "pixel_size"'],
      ["labels-mismatch.h5", "/sims/labels: shape [3] does not match [2] of /sims/counts"],
      ["total-mismatch.h5", "/sims/total: shape [2,3,4] does not match [2,3,3] of /sims/counts"],
      ["non-finite-heights.h5", "/afm/before: 2 non-finite heights (the first at row 1, col 2)"],
      ["zero-layers.h5", "/sims/counts: no layers"],
      ["huge.h5", /\/sims\/counts: declares \[4096,2,16384,8192\].*too large to hold in memory \(limit .*GiB/],
    ];
    for (const [name, problem] of cases) {
      it(name, () => expectRefused(path.join(fixtures.dir, name), problem));
    }

    it("truncated files, cut inside the superblock, in the middle and just before the end", async () => {
      const whole = fs.readFileSync(path.join(fixtures.dir, "input-f8-le.h5"));
      for (const length of [20, Math.floor(whole.length / 2), whole.length - 1]) {
        const file = path.join(dir, `cut-${length}.h5`);
        fs.writeFileSync(file, whole.subarray(0, length));
        await expectRefused(file, "truncated HDF5 file");
      }
    });

    it("sums the channels of layer 0 for the total-ion image when /sims/total is absent", async () => {
      const file = path.join(fixtures.dir, "minimal.h5");
      const expected = h5pyJson<number[]>(
        `t = h5py.File(sys.argv[1], "r")["sims/counts"][0].astype("f8").sum(axis=0)
print(json.dumps([t.min(), t.max(), t.mean(), t[0, 0], t[0, 1], t[1, 0]]))`,
        file,
      );
      const json = await info(file, "--json");
      const total = (JSON.parse(json.stdout) as FileDescription).images.find((image) => image.title === "sims/total[0]")!;
      expect([total.min, total.max, total.mean, total.values_00, total.values_01, total.values_10]).toEqual(expected);
    });

    it("describes a valid input in words and as JSON with the values numpy wrote", async () => {
      const file = path.join(fixtures.dir, "input-f8-le.h5");
      const expected = fixtures.valid["input-f8-le.h5"];
      const text = await info(file);
      expect(text.status).toBe(0);
      expect(text.stdout).toContain(`${file}: afmsims-input, valid`);
      expect(text.stdout).toMatch(/afm\/before: 6 x 7 px, pixel 20 nm x 10 nm/);
      expect(text.stdout).toMatch(/sims\/total\[0\]: 4 x 5 px, pixel 100 nm x 150 nm \(dy x dx\), values .* counts/);

      const json = await info(file, "--json");
      expect(json.status).toBe(0);
      const description = JSON.parse(json.stdout) as FileDescription;
      expect(description.format).toBe("afmsims-input");
      expect(description.valid).toBe(true);
      expect(description.images.map((image) => image.title)).toEqual(["afm/before", "afm/after", "sims/total[0]"]);
      const [before, , total] = description.images;
      expect(before).toMatchObject({
        rows: 6,
        cols: 7,
        pixel_size: [2e-8, 1e-8],
        units: "m",
        min: Math.min(...expected.before),
        max: Math.max(...expected.before),
        values_00: expected.before[0],
        values_01: expected.before[1],
        values_10: expected.before[7],
      });
      expect(total).toMatchObject({ units: "counts", values_00: expected.total[0], values_01: expected.total[1], values_10: expected.total[5] });
      expect(description.details).toMatchObject({ layers: 3, channels: 2, labels: expected.labels, scans_per_layer: 4, truth: false });
    });
  });
});

function tinyVolume() {
  return {
    data: new Float32Array([1, NaN, 3, 4]),
    channels: 1,
    nz: 1,
    rows: 2,
    cols: 2,
    voxelSize: [1e-9, 2e-7, 2e-7] as const,
    zTop: 0,
    labels: ["Na2F+"],
    surfaceBefore: new Float32Array([0, 1e-9, 2e-9, 3e-9]),
    surfaceAfter: new Float32Array([-5e-9, -4e-9, -3e-9, -2e-9]),
    afmToSims: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]),
    drift: new Float64Array([0, 0]),
    layers: 1,
    layerDepth: new Float32Array(8),
  };
}

const parkTiff = realFile("park-nx-topography.tiff");
const readme = realFile("README.md");
if (!parkTiff || !readme) console.warn(`${NO_REAL_DATA}: info on real instrument files is not tested`);

describe.skipIf(!parkTiff || !readme)("afmsims info on instrument files (through the importers)", () => {
  it("describes a Park TIFF, and still refuses a text file that no importer reads", async () => {
    const tiff = parkTiff!;
    const json = await info(tiff, "--json");
    expect(json.status, json.stderr).toBe(0);
    const description = JSON.parse(json.stdout) as FileDescription;
    expect(description).toMatchObject({ file: tiff, format: "park-tiff", valid: true });
    expect(description.images[0]).toMatchObject({ rows: 256, cols: 256, units: "m" });
    await expectRefused(readme!, "not an HDF5 file");
  });
});

describe("afmsims info on a volume", () => {
  it("names its surfaces and voxel size", async () => {
    const file = path.join(dir, "volume.h5");
    await writeVolume(file, tinyVolume());
    const json = await info(file, "--json");
    expect(json.status, json.stderr).toBe(0);
    const description = JSON.parse(json.stdout) as FileDescription;
    expect(description.format).toBe("afmsims-volume");
    expect(description.images.map((image) => [image.title, image.pixel_size, image.values_00, image.values_01, image.values_10])).toEqual([
      ["surface/before", [2e-7, 2e-7], 0, Math.fround(1e-9), Math.fround(2e-9)],
      ["surface/after", [2e-7, 2e-7], Math.fround(-5e-9), Math.fround(-4e-9), Math.fround(-3e-9)],
    ]);
    expect(description.details).toMatchObject({ data_shape: [1, 1, 2, 2], voxel_size: [1e-9, 2e-7, 2e-7], z_top: 0, labels: ["Na2F+"] });
    const text = await info(file);
    expect(text.stdout).toContain("voxel_size: 1 nm x 200 nm x 200 nm");
  });
});

function runCli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "tests/cli/runCli.ts", ...args], { cwd: REPO, encoding: "utf8" });
}

describe("the real CLI process", () => {
  it("exits 1 with one line on stderr for a truncated file", () => {
    const file = path.join(dir, "cut.h5");
    fs.writeFileSync(file, Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]));
    const run = runCli("info", file);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`afmsims: ${file}: truncated HDF5 file (superblock incomplete)\n`);
  });

  it.skipIf(!hasH5py)("exits 1 with one line on stderr when corrupt data makes the HDF5 library abort", () => {
    // h5py keeps the variable-length string of the "format" attribute in a global heap ("GCOL");
    // zeroing that heap makes HDF5 call abort(), and emscripten would print its own line too.
    const source = path.join(dir, "to-corrupt.h5");
    h5pyRun(
      `
with h5py.File(sys.argv[1], "w") as f:
    f.attrs["format"] = "afmsims-input"
    f.create_dataset("afm/before", data=np.zeros((2, 2))).attrs["pixel_size"] = [1e-8, 1e-8]
`,
      source,
    );
    const bytes = fs.readFileSync(source);
    const heap = bytes.indexOf("GCOL");
    expect(heap).toBeGreaterThan(0);
    bytes.fill(0, heap);
    const file = path.join(dir, "corrupt.h5");
    fs.writeFileSync(file, bytes);
    const run = runCli("info", file);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`afmsims: ${file}: corrupt or truncated HDF5 data (the HDF5 library aborted: native code called abort())\n`);
  });
});
