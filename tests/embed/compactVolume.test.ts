/**
 * The compact volume of an embed folder: u8 codes or binary16 voxels, z-binning, channel choice,
 * layer depths as u8 codes. Written by the real writer, read back by afmsims' reader and,
 * independently, by h5py.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binLateral, binZ, selectChannels, writeCompactVolume, type VolumeContent } from "../../src/embed/compactVolume.js";
import { readVolumeFile } from "../../src/io/nodeFiles.js";
import { dequantizeInPlace, quantizeU8, U8_MISSING } from "../../src/io/quantizedVoxels.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { hasH5py, makeTempDir, PYTHON } from "../io/h5pyFixtures.js";

const dir = makeTempDir("compact");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function sample(): VolumeContent {
  const { source: _source, ...model } = syntheticVolume({ rows: 24, cols: 20, nz: 10, seed: 7 });
  return model;
}

/** Largest |a - b| over voxels finite in `a`; NaN must sit at the same voxels in both. */
function worstError(a: Float32Array, b: Float32Array, from = 0, to = a.length): number {
  let worst = 0;
  for (let i = from; i < to; i++) {
    expect(Number.isNaN(b[i])).toBe(Number.isNaN(a[i]));
    if (!Number.isNaN(a[i])) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  }
  return worst;
}

describe("u8 quantization", () => {
  it("round-trips each channel within half a step, keeps NaN, and maps each channel's range onto 0..254", () => {
    const values = Float32Array.from([0, 5, 10, NaN, -2, -2, -2, -2]);
    const { codes, scaleFactor, addOffset } = quantizeU8(values, 2);
    expect(Array.from(codes)).toEqual([0, 127, 254, U8_MISSING, 0, 0, 0, 0]);
    expect(scaleFactor[0]).toBeCloseTo(10 / 254, 12);
    expect(addOffset[0]).toBe(0);
    expect(addOffset[1]).toBe(-2);
    const decoded = Float32Array.from(codes);
    dequantizeInPlace(decoded, scaleFactor, addOffset, U8_MISSING);
    expect(worstError(values, decoded)).toBeLessThanOrEqual(scaleFactor[0] / 2 + 1e-6);
    expect(Array.from(decoded.subarray(4))).toEqual([-2, -2, -2, -2]);
  });
});

describe("z-binning", () => {
  it("sums runs of layers, skips NaN, keeps all-NaN runs NaN, and moves z_top to the run's centre", () => {
    const model: VolumeContent = { ...sample(), channels: 1, nz: 5, rows: 1, cols: 2, labels: ["a"] };
    // Layers of [col0, col1]: col0 = 1,2,3,4,5; col1 = NaN,NaN,7,NaN,NaN.
    model.data = Float32Array.from([1, NaN, 2, NaN, 3, 7, 4, NaN, 5, NaN]);
    model.voxelSize = [2e-9, 1e-6, 1e-6];
    model.zTop = 10e-9;
    const binned = binZ(model, 2);
    expect(binned.nz).toBe(3);
    expect(Array.from(binned.data)).toEqual([3, NaN, 7, 7, 5, NaN]);
    expect(binned.voxelSize).toEqual([4e-9, 1e-6, 1e-6]);
    expect(binned.zTop).toBeCloseTo(9e-9, 18);
  });
});

describe("lateral binning", () => {
  it("sums voxel blocks (all-NaN blocks stay NaN), averages heights, and moves SIMS pixel coordinates with the grid", () => {
    const base = sample();
    const model: VolumeContent = { ...base, channels: 1, nz: 1, rows: 3, cols: 4, labels: ["a"], layers: 1 };
    // Rows: [1 2 | NaN NaN], [3 4 | NaN NaN], [5 6 | 7 NaN]; blocks 2x2, the last row a partial block.
    model.data = Float32Array.from([1, 2, NaN, NaN, 3, 4, NaN, NaN, 5, 6, 7, NaN]);
    model.surfaceBefore = Float32Array.from([0, 2, 4, 6, 0, 2, 4, 6, 1, 1, 1, NaN]);
    model.surfaceAfter = new Float32Array(12);
    model.layerDepth = new Float32Array(24).fill(5e-9);
    model.voxelSize = [2e-9, 1e-6, 1e-6];
    model.drift = Float64Array.from([4, -2]);
    model.afmToSims = Float64Array.from([0.5, 0.1, 3, -0.2, 0.4, 7, 0, 0, 1]);
    delete model.afmAfterToSims;
    const binned = binLateral(model, 2);
    expect([binned.rows, binned.cols]).toEqual([2, 2]);
    expect(Array.from(binned.data)).toEqual([10, NaN, 11, 7]);
    expect(Array.from(binned.surfaceBefore)).toEqual([1, 5, 1, 1]);
    expect(Array.from(binned.layerDepth)).toEqual(new Array(8).fill(Math.fround(5e-9)));
    expect(binned.voxelSize).toEqual([2e-9, 2e-6, 2e-6]);
    expect(Array.from(binned.drift)).toEqual([2, -1]);
    // An AFM pixel that lands on original SIMS pixel (col 1.5, row 0.5) lands on binned pixel (0.5, 0).
    const afm = [10, 20, 1];
    const map = (m: Float64Array) => [0, 1].map((row) => m[row * 3] * afm[0] + m[row * 3 + 1] * afm[1] + m[row * 3 + 2]);
    const [col, row] = map(model.afmToSims);
    const [binnedCol, binnedRow] = map(binned.afmToSims);
    expect(binnedCol).toBeCloseTo((col - 0.5) / 2, 12);
    expect(binnedRow).toBeCloseTo((row - 0.5) / 2, 12);
  });
});

describe("channel choice", () => {
  it("keeps the named channels in the order given and names the available ones for an unknown label", () => {
    const model = sample();
    const voxels = model.nz * model.rows * model.cols;
    const chosen = selectChannels(model, ["Na2O+", "Na2F+"]);
    expect(chosen.labels).toEqual(["Na2O+", "Na2F+"]);
    expect(Array.from(chosen.data.subarray(0, voxels))).toEqual(Array.from(model.data.subarray(2 * voxels, 3 * voxels)));
    expect(Array.from(chosen.data.subarray(voxels))).toEqual(Array.from(model.data.subarray(0, voxels)));
    expect(() => selectChannels(model, ["K+"])).toThrow('no channel "K+" in the volume (it has Na2F+, Na2Cl+, Na2O+, C5H13+)');
  });
});

/** Each boundary of /layers/depth is coded over its own range in 254 steps. */
function expectLayerDepthsWithinHalfAStep(model: VolumeContent, read: Float32Array): void {
  const plane = model.rows * model.cols;
  for (let boundary = 0; boundary <= model.layers; boundary++) {
    const source = model.layerDepth.subarray(boundary * plane, (boundary + 1) * plane);
    const range = Math.max(...source) - Math.min(...source);
    const tolerance = range / 508 + Math.max(...source.map(Math.abs)) * 2 ** -22;
    expect(worstError(model.layerDepth, read, boundary * plane, (boundary + 1) * plane)).toBeLessThanOrEqual(tolerance);
  }
}

describe("compact volume file (u8)", () => {
  const model = sample();
  // Some no-data voxels, as above a real surface.
  for (let i = 0; i < model.data.length; i += 7) model.data[i] = NaN;
  const file = path.join(dir, "compact.h5");
  beforeAll(() => writeCompactVolume(file, model));

  it("reads back through afmsims' reader within half a step per channel, NaN where the source had NaN", async () => {
    const read = await readVolumeFile(file);
    expect(read.labels).toEqual(model.labels);
    expect(read.voxelSize).toEqual(model.voxelSize);
    const { scaleFactor } = quantizeU8(model.data, model.channels);
    const voxels = model.nz * model.rows * model.cols;
    for (let c = 0; c < model.channels; c++) {
      const channel = model.data.subarray(c * voxels, (c + 1) * voxels).filter(Number.isFinite);
      // Half a step, plus float32 rounding of the decoded value.
      const tolerance = scaleFactor[c] / 2 + Math.max(...channel.map(Math.abs)) * 2 ** -22;
      expect(worstError(model.data, read.data, c * voxels, (c + 1) * voxels)).toBeLessThanOrEqual(tolerance);
    }
    expectLayerDepthsWithinHalfAStep(model, read.layerDepth);
  });

  it.skipIf(!hasH5py)("decodes independently with h5py: u8 storage, gzip, and codes * scale_factor + add_offset, voxels and layer depths", () => {
    const script = `
import h5py, numpy as np, sys, json
f = h5py.File(sys.argv[1], "r")
d = f["volume/data"]
codes = d[()]
values = codes * d.attrs["scale_factor"][:, None, None, None] + d.attrs["add_offset"][:, None, None, None]
values[codes == d.attrs["missing_value"]] = np.nan
np.asarray(values, "<f4").tofile(sys.argv[2])
depth = f["layers/depth"]
np.asarray(depth[()] * depth.attrs["scale_factor"][:, None, None] + depth.attrs["add_offset"][:, None, None], "<f4").tofile(sys.argv[2] + ".depth")
print(json.dumps({"dtype": str(d.dtype), "compression": d.compression}))`;
    const out = path.join(dir, "h5py.f32");
    const result = spawnSync(PYTHON, ["-c", script, file, out], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ dtype: "uint8", compression: "gzip" });
    const decoded = new Float32Array(fs.readFileSync(out).buffer.slice(0));
    const { scaleFactor } = quantizeU8(model.data, model.channels);
    const largest = Math.max(...model.data.filter(Number.isFinite).map(Math.abs));
    expect(worstError(model.data, decoded)).toBeLessThanOrEqual(Math.max(...scaleFactor) / 2 + largest * 2 ** -22);
    expectLayerDepthsWithinHalfAStep(model, new Float32Array(fs.readFileSync(`${out}.depth`).buffer.slice(0)));
  });

  it.skipIf(!hasH5py)("is refused in one line when its scale attributes are incomplete or of the wrong length", async () => {
    const cases = [
      ["del d.attrs['add_offset']", 'has "scale_factor" but not "add_offset"'],
      ["d.attrs['scale_factor'] = [1.0]", `attribute "scale_factor" must be ${model.channels} finite numbers (one per channel)`],
    ];
    for (const [edit, problem] of cases) {
      const broken = path.join(dir, "broken.h5");
      fs.copyFileSync(file, broken);
      const result = spawnSync(PYTHON, ["-c", `import h5py, sys\nf = h5py.File(sys.argv[1], "r+")\nd = f["volume/data"]\n${edit}`, broken], { encoding: "utf8" });
      expect(result.stderr).toBe("");
      await expect(readVolumeFile(broken)).rejects.toThrow(`${broken}: /volume/data: ${problem}`);
    }
  });
});

describe("compact volume file (f16)", () => {
  const model = sample();
  for (let i = 0; i < model.data.length; i += 7) model.data[i] = NaN;
  // Counts beyond binary16's largest finite value (65504) must survive through the scale.
  model.data[1] = 3.5e6;
  const file = path.join(dir, "compact-f16.h5");
  beforeAll(() => writeCompactVolume(file, model, { dtype: "f16" }));

  /** The worst error relative to each value, over voxels that are finite and nonzero. */
  function worstRelativeError(source: Float32Array, decoded: Float32Array): number {
    let worst = 0;
    source.forEach((v, i) => {
      expect(Number.isNaN(decoded[i])).toBe(Number.isNaN(v));
      if (Number.isFinite(v) && v !== 0) worst = Math.max(worst, Math.abs(decoded[i] - v) / Math.abs(v));
    });
    return worst;
  }

  it("reads back through afmsims' reader within binary16 precision (2^-11 of each value), NaN where the source had NaN", async () => {
    const read = await readVolumeFile(file);
    expect(worstRelativeError(model.data, read.data)).toBeLessThanOrEqual(2 ** -11);
    expect(read.data[1]).toBeCloseTo(3.5e6, -4);
    expectLayerDepthsWithinHalfAStep(model, read.layerDepth);
  });

  it.skipIf(!hasH5py)("decodes independently with h5py: u16 storage marked float16, read as numpy float16 times scale_factor plus add_offset", () => {
    const script = `
import h5py, numpy as np, sys, json
f = h5py.File(sys.argv[1], "r")
d = f["volume/data"]
values = d[()].view(np.float16).astype(np.float64) * d.attrs["scale_factor"][:, None, None, None] + d.attrs["add_offset"][:, None, None, None]
np.asarray(values, "<f4").tofile(sys.argv[2])
encoding = d.attrs["encoding"]
print(json.dumps({"dtype": str(d.dtype), "compression": d.compression, "encoding": encoding if isinstance(encoding, str) else encoding.decode()}))`;
    const out = path.join(dir, "h5py-f16.f32");
    const result = spawnSync(PYTHON, ["-c", script, file, out], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ dtype: "uint16", compression: "gzip", encoding: "float16" });
    const decoded = new Float32Array(fs.readFileSync(out).buffer.slice(0));
    expect(worstRelativeError(model.data, decoded)).toBeLessThanOrEqual(2 ** -11);
  });

  it.skipIf(!hasH5py)("is refused in one line when its encoding is unknown or not on u16 data", async () => {
    const cases = [
      ["d.attrs['encoding'] = 'bfloat16'", 'attribute "encoding" must be "float16" on u16 data, found "bfloat16" on u16'],
      ["del d.attrs['scale_factor']", 'has "add_offset" but not "scale_factor"'],
      ["del d.attrs['scale_factor']; del d.attrs['add_offset']", 'has "encoding" but not "scale_factor"'],
    ];
    for (const [edit, problem] of cases) {
      const broken = path.join(dir, "broken-f16.h5");
      fs.copyFileSync(file, broken);
      const result = spawnSync(PYTHON, ["-c", `import h5py, sys\nf = h5py.File(sys.argv[1], "r+")\nd = f["volume/data"]\n${edit}`, broken], { encoding: "utf8" });
      expect(result.stderr).toBe("");
      await expect(readVolumeFile(broken)).rejects.toThrow(`${broken}: /volume/data: ${problem}`);
    }
  });
});
