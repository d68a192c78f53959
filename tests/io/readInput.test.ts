import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AfmsimsError } from "../../src/errors.js";
import { readInputFile } from "../../src/io/nodeFiles.js";
import { writeInput } from "../../src/io/writeInput.js";
import type { InputModel } from "../../src/model/types.js";
import { slabPlanes } from "../../src/io/h5/contractReader.js";
import { h5pyRun, hasH5py, makeTempDir, writeFixtures, type Fixtures } from "./h5pyFixtures.js";

function sameValues(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  const mismatches = expected.flatMap((value, i) => (Object.is(actual[i], value) ? [] : [`[${i}] ${actual[i]} != ${value}`]));
  expect(mismatches).toEqual([]);
}

describe.skipIf(!hasH5py)("readInputFile on files h5py wrote", () => {
  let fixtures: Fixtures;
  beforeAll(() => {
    fixtures = writeFixtures();
  });
  afterAll(() => fs.rmSync(fixtures.dir, { recursive: true, force: true }));

  it("covers every dtype in both byte orders, every layout, string kind, bool style and height unit", () => {
    const cases = Object.values(fixtures.valid);
    expect(new Set(cases.map((c) => `${c.dtype}${c.order}`)).size).toBe(20);
    expect(new Set(cases.map((c) => c.layout))).toEqual(new Set(["contiguous", "chunked", "gzip", "gzip+shuffle"]));
    expect(new Set(cases.map((c) => c.strings))).toEqual(new Set(["vlen-utf8", "vlen-ascii", "fixed-utf8", "fixed-ascii"]));
    expect(new Set(cases.map((c) => c.bool_style))).toEqual(new Set(["h5py-bool", "int", "int-array1"]));
    expect(new Set(cases.map((c) => c.units))).toEqual(new Set([null, "m", "um", "nm"]));
  });

  it("reads every value exactly as numpy wrote it, heights converted to metres", async () => {
    for (const [name, expected] of Object.entries(fixtures.valid)) {
      const model = await readInputFile(path.join(fixtures.dir, name));
      const context = `${name} (${expected.dtype}, ${expected.layout}, ${expected.strings}, units ${expected.units})`;
      expect(model.sims.counts instanceof Float32Array, context).toBe(expected.counts_float32);
      expect(model.sims.counts instanceof Float64Array, context).toBe(!expected.counts_float32);
      sameValues(model.sims.counts, expected.counts);
      sameValues(model.afmBefore.heights, expected.before);
      sameValues(model.afmAfter!.heights, expected.after);
      sameValues(model.sims.total!, expected.total);
      expect(model.sims.labels, context).toEqual(expected.labels);
      expect(model.sims.deadTimeCorrected, context).toBe(expected.dead_time_corrected);
      expect([model.sims.layers, model.sims.channels, model.sims.rows, model.sims.cols]).toEqual([3, 2, 4, 5]);
      expect([model.afmBefore.rows, model.afmBefore.cols]).toEqual([6, 7]);
    }
  });

  it("reads the attributes whatever their storage: scalar or 1-element, f32 or big-endian f64", async () => {
    for (const name of ["input-u1-le.h5", "input-u1-be.h5"]) {
      const model = await readInputFile(path.join(fixtures.dir, name));
      expect(model.afmBefore.pixelSize).toEqual([2e-8, 1e-8]);
      expect(model.afmBefore.origin).toEqual([1e-6, -2e-6]);
      // pixel_size of /afm/after is stored as f32: its exact f32 values come back.
      expect(model.afmAfter!.pixelSize).toEqual([Math.fround(2e-8), Math.fround(1e-8)]);
      expect(model.afmAfter!.meanDepth).toBe(3.5e-7);
      expect(model.sims.pixelSize).toEqual([1e-7, 1.5e-7]);
      expect(model.sims.scansPerLayer).toBe(4);
      expect(model.sims.shotsPerPixel).toBe(2);
      expect(Array.from(model.sims.masses!)).toEqual([81.0, 87.1]);
      expect(Array.from(model.sims.sputterDose!)).toEqual([1, 2, 3.5]);
    }
  });

  it("refuses each invalid file with one line naming the file and the problem", async () => {
    for (const [name, problem] of Object.entries(fixtures.invalid)) {
      const file = path.join(fixtures.dir, name);
      const error = await readInputFile(file).then(
        () => null,
        (err: unknown) => err,
      );
      expect(error, name).toBeInstanceOf(AfmsimsError);
      const message = (error as Error).message;
      expect(message.startsWith(`${file}: `), message).toBe(true);
      expect(message, name).toContain(problem);
      expect(message).not.toContain("\n");
    }
  });

  it("names the limit and this machine's memory when a declared size is too large", async () => {
    const file = path.join(fixtures.dir, "huge.h5");
    expect(fs.statSync(file).size).toBeLessThan(1 << 20);
    await expect(readInputFile(file)).rejects.toThrow(/4\.0 TiB in memory.*limit 2\.0 GiB.*1\/4 of this machine's/);
  });
});

describe("readInputFile on files writeInput wrote", () => {
  const dir = makeTempDir("roundtrip");
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rows = 3;
  const cols = 4;
  const model: Omit<InputModel, "source"> = {
    afmBefore: {
      heights: Float64Array.from({ length: rows * cols }, (_, i) => (i - 5) * 1.25e-9),
      rows,
      cols,
      pixelSize: [2e-8, 3e-8],
      origin: [1e-6, 2e-6],
    },
    afmAfter: { heights: new Float64Array(rows * cols).fill(-4e-8), rows, cols, pixelSize: [2e-8, 3e-8], meanDepth: 4.5e-8 },
    sims: {
      counts: Float32Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => i * 7),
      layers: 2,
      channels: 3,
      rows: 2,
      cols: 2,
      pixelSize: [1e-7, 1e-7],
      labels: ["Na2F+", "Na2Cl+", "µ"],
      masses: new Float64Array([81, 97, 1]),
      total: Float32Array.from({ length: 8 }, (_, i) => i),
      sputterDose: new Float64Array([0.5, 1]),
      scansPerLayer: 3,
      shotsPerPixel: 1,
      deadTimeCorrected: false,
    },
  };

  for (const countsDtype of ["<H", "<I", "<f"] as const) {
    it(`returns what was written (counts stored as ${countsDtype})`, async () => {
      const file = path.join(dir, `input${countsDtype.slice(1)}.h5`);
      await writeInput(file, model, { countsDtype });
      const read = await readInputFile(file);
      expect(read).toEqual({
        ...model,
        source: file,
        sims: {
          ...model.sims,
          counts: countsDtype === "<I" ? Float64Array.from(model.sims.counts) : model.sims.counts,
          total: countsDtype === "<I" ? Float64Array.from(model.sims.total!) : model.sims.total,
        },
      });
    });
  }
});

describe("reading large datasets in slabs", () => {
  const MiB = 1024 * 1024;

  it("takes whole chunks along the first axis, as many as fit in 16 MiB", () => {
    expect(slabPlanes(200, 0.5 * MiB, 1)).toBe(32);
    expect(slabPlanes(200, 0.5 * MiB, 25)).toBe(25);
    expect(slabPlanes(200, 0.5 * MiB, 10)).toBe(30);
    expect(slabPlanes(200, 100 * MiB, 1)).toBe(1);
    expect(slabPlanes(200, 100 * MiB, 25)).toBe(25);
    expect(slabPlanes(3, 10, 2)).toBe(3);
  });

  it.skipIf(!hasH5py)("puts every value in its place across slabs, chunk edges and a short last slab", async () => {
    // Counts: 4 MiB per layer, so slabs of 3 layers (whole chunks of 3), the last one of 2.
    // Heights: contiguous, 8 KiB per row, so two slabs of 2048 rows.
    const dir = makeTempDir("slabs");
    const file = path.join(dir, "slabs.h5");
    const shape = [5, 2, 1024, 2048];
    h5pyRun(
      `
shape = (5, 2, 1024, 2048)
with h5py.File(sys.argv[1], "w") as f:
    b = f.create_dataset("afm/before", data=np.arange(4096 * 1024, dtype="f8").reshape(4096, 1024))
    b.attrs["pixel_size"] = [1e-8, 1e-8]
    c = f.create_dataset("sims/counts", data=(np.arange(np.prod(shape)) % 251).astype("u1").reshape(shape),
                         chunks=(3, 1, 512, 1000), compression="gzip", compression_opts=1)
    c.attrs["pixel_size"] = [1e-7, 1e-7]
    f["sims/labels"] = ["a", "b"]
`,
      file,
    );
    const model = await readInputFile(file);
    fs.rmSync(dir, { recursive: true, force: true });
    const counts = model.sims.counts;
    expect(counts.length).toBe(shape.reduce((a, b) => a * b));
    let misplaced = 0;
    for (let i = 0; i < counts.length; i++) if (counts[i] !== i % 251) misplaced++;
    expect(misplaced).toBe(0);
    const heights = model.afmBefore.heights;
    expect(heights.length).toBe(4096 * 1024);
    expect(heights.every((height, i) => height === i)).toBe(true);
  });

  it.skipIf(!hasH5py)("counts and locates bad counts in every slab, against numpy, whatever their type", async () => {
    // 4 MiB per float32 layer (8 MiB per float64 one): slabs of 4 (2) layers. The bad values lie
    // in the last two layers, beyond the first slab, so their index and count add up across slabs.
    const dir = makeTempDir("badslabs");
    const cases = [
      { dtype: "f4", bad: "[np.nan, -0.5, np.inf, -np.inf, 3.0]" },
      { dtype: "f8", bad: "[np.nan, -2.0, 7.0]" },
      { dtype: "i2", bad: "[-1, -32768, 5]" },
      { dtype: "i8", bad: "[-3, 4]" },
    ];
    try {
      for (const { dtype, bad } of cases) {
        const file = path.join(dir, `bad-${dtype}.h5`);
        const expected = h5pyRun(
          `
shape = (6, 1, 512, 2048)
rng = np.random.default_rng(7)
counts = rng.integers(0, 30, size=shape).astype("${dtype}")
flat = counts.reshape(-1)
spots = rng.choice(np.arange(4 * 512 * 2048, flat.size), size=40, replace=False)
flat[spots] = rng.choice(np.array(${bad}, dtype="${dtype}"), size=spots.size)
with h5py.File(sys.argv[1], "w") as f:
    b = f.create_dataset("afm/before", data=np.zeros((4, 4)))
    b.attrs["pixel_size"] = [1e-8, 1e-8]
    c = f.create_dataset("sims/counts", data=counts, chunks=(1, 1, 512, 2048))
    c.attrs["pixel_size"] = [1e-7, 1e-7]
    f["sims/labels"] = ["a"]
as_float = flat.astype("f8")
failing = ~((as_float >= 0) & np.isfinite(as_float))
first = int(np.argmax(failing))
layer, channel, row, col = np.unravel_index(first, shape)
value = as_float[first]
text = "NaN" if np.isnan(value) else ("-Infinity" if value == -np.inf else repr(float(value)).removesuffix(".0"))
print(f"{int(failing.sum())} negative or non-finite counts (the first, {text}, at layer {layer}, channel {channel}, row {row}, col {col})")
`,
          file,
        ).trim();
        expect(expected).toMatch(/^[1-9]\d* negative/);
        await expect(readInputFile(file), dtype).rejects.toThrow(`${file}: /sims/counts: ${expected}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
