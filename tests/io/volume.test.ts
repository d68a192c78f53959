import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AfmsimsError } from "../../src/errors.js";
import { withH5Read } from "../../src/io/h5/node.js";
import { readVolumeFile } from "../../src/io/nodeFiles.js";
import { readVolumeH5, readVolumeHeaderH5 } from "../../src/io/readVolume.js";
import { writeVolume, writeVolumeStreaming, type VolumeRowSink } from "../../src/io/writeVolume.js";
import type { VolumeModel } from "../../src/model/types.js";
import { h5pyJson, h5pyRun, hasH5py, makeTempDir } from "./h5pyFixtures.js";

const dir = makeTempDir("volume");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function sampleVolume(): Omit<VolumeModel, "source"> {
  const channels = 2;
  const nz = 3;
  const rows = 4;
  const cols = 5;
  const layers = 2;
  const data = Float32Array.from({ length: channels * nz * rows * cols }, (_, i) => (i % 7 === 0 ? NaN : i * 0.5));
  return {
    data,
    channels,
    nz,
    rows,
    cols,
    voxelSize: [2e-9, 1e-7, 1.5e-7],
    zTop: 3.25e-8,
    labels: ["Na2F+", "µ-C5H13+"],
    surfaceBefore: Float32Array.from({ length: rows * cols }, (_, i) => i * 1e-9),
    surfaceAfter: Float32Array.from({ length: rows * cols }, (_, i) => -i * 1e-9),
    afmToSims: new Float64Array([0.5, 0.01, 3, -0.01, 0.5, -2, 0, 0, 1]),
    afmAfterToSims: new Float64Array([0.25, 0, 1, 0, 0.25, 1, 0, 0, 1]),
    drift: new Float64Array([0, 0, 0.25, -1.5]),
    layers,
    layerDepth: Float32Array.from({ length: (layers + 1) * rows * cols }, (_, i) => Math.floor(i / (rows * cols)) * 1e-8),
    attributes: { dead_time_s: 5.2e-8, software: "afmsims 0.1.0", rates: [1, 2.5], fit: { a: 1, ok: true } },
  };
}

function bytesOf(values: Float32Array | Float64Array): number[] {
  return Array.from(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

describe("afmsims-volume round trip", () => {
  it("reads back exactly what writeVolume wrote, NaNs included; objects come back as JSON text", async () => {
    const file = path.join(dir, "round.h5");
    const volume = sampleVolume();
    await writeVolume(file, volume);
    const read = await readVolumeFile(file);
    expect(bytesOf(read.data)).toEqual(bytesOf(volume.data));
    const { data: _readData, ...readRest } = read;
    const { data: _data, ...rest } = volume;
    expect(readRest).toEqual({
      ...rest,
      source: file,
      attributes: { ...volume.attributes, fit: JSON.stringify(volume.attributes!.fit) },
    });
  });

  it.skipIf(!hasH5py)("is read by h5py at the contract's paths with the contract's shapes, types and attributes", async () => {
    const file = path.join(dir, "for-h5py.h5");
    const volume = sampleVolume();
    await writeVolume(file, volume);
    const seen = h5pyJson<Record<string, unknown>>(
      `
f = h5py.File(sys.argv[1], "r")
out = {"root": {k: (v.decode() if isinstance(v, bytes) else v.tolist() if hasattr(v, "tolist") else v) for k, v in f.attrs.items()}}
for p in ["volume/data", "volume/labels", "surface/before", "surface/after", "registration/afm_to_sims",
          "registration/afm_after_to_sims", "drift", "layers/depth"]:
    d = f[p]
    out[p] = {"shape": list(d.shape), "dtype": d.dtype.str if d.dtype.kind != "O" else "str",
              "chunks": list(d.chunks) if d.chunks else None, "compression": d.compression}
d = f["volume/data"]
out["voxel_size"] = d.attrs["voxel_size"].tolist()
out["z_top"] = float(d.attrs["z_top"])
out["labels"] = [s.decode() if isinstance(s, bytes) else s for s in f["volume/labels"][...]]
out["nan_count"] = int(np.isnan(d[...]).sum())
out["sum"] = float(np.nansum(d[...].astype("f8")))
out["drift_values"] = f["drift"][...].tolist()
out["afm_to_sims"] = f["registration/afm_to_sims"][...].tolist()
print(json.dumps(out))
`,
      file,
    );
    const finite = Array.from(volume.data).filter(Number.isFinite);
    expect(seen).toEqual({
      root: { format: "afmsims-volume", version: 1, dead_time_s: 5.2e-8, software: "afmsims 0.1.0", rates: [1, 2.5], fit: '{"a":1,"ok":true}' },
      "volume/data": { shape: [2, 3, 4, 5], dtype: "<f4", chunks: [1, 1, 4, 5], compression: null },
      "volume/labels": { shape: [2], dtype: "str", chunks: null, compression: null },
      "surface/before": { shape: [4, 5], dtype: "<f4", chunks: [4, 5], compression: "gzip" },
      "surface/after": { shape: [4, 5], dtype: "<f4", chunks: [4, 5], compression: "gzip" },
      "registration/afm_to_sims": { shape: [3, 3], dtype: "<f8", chunks: null, compression: null },
      "registration/afm_after_to_sims": { shape: [3, 3], dtype: "<f8", chunks: null, compression: null },
      drift: { shape: [2, 2], dtype: "<f8", chunks: null, compression: null },
      "layers/depth": { shape: [3, 4, 5], dtype: "<f4", chunks: [1, 4, 5], compression: null },
      voxel_size: [2e-9, 1e-7, 1.5e-7],
      z_top: 3.25e-8,
      labels: ["Na2F+", "µ-C5H13+"],
      nan_count: volume.data.length - finite.length,
      sum: finite.reduce((a, b) => a + b, 0),
      drift_values: [[0, 0], [0.25, -1.5]],
      afm_to_sims: [[0.5, 0.01, 3], [-0.01, 0.5, -2], [0, 0, 1]],
    });
  });

  it.skipIf(!hasH5py).each([0, 1, 9])("at gzip level %i, is read by h5py bit for bit, a chunk per plane", async (level) => {
    const file = path.join(dir, `gzip-${level}.h5`);
    const volume = sampleVolume();
    await writeVolume(file, volume, { compression: level });
    const seen = h5pyJson<Record<string, unknown>>(
      `
f = h5py.File(sys.argv[1], "r")
out = {}
for p in ["volume/data", "layers/depth"]:
    d = f[p]
    out[p] = {"chunks": list(d.chunks), "compression": d.compression, "level": d.compression_opts, "hex": d[...].tobytes().hex()}
print(json.dumps(out))
`,
      file,
    );
    const hex = (values: Float32Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("hex");
    const filter = level > 0 ? { compression: "gzip", level } : { compression: null, level: null };
    expect(seen).toEqual({
      "volume/data": { chunks: [1, 1, 4, 5], ...filter, hex: hex(volume.data) },
      "layers/depth": { chunks: [1, 4, 5], ...filter, hex: hex(volume.layerDepth) },
    });
  });

  it("refuses a gzip level outside 0-9 before writing anything", async () => {
    const file = path.join(dir, "gzip-10.h5");
    await expect(writeVolume(file, sampleVolume(), { compression: 10 })).rejects.toThrow("gzip level 10 is not an integer 0-9");
    expect(fs.existsSync(file)).toBe(false);
  });

  it.skipIf(!hasH5py)("refuses a volume whose layer depths disagree with its drift, naming both", async () => {
    const file = path.join(dir, "bad-depth.h5");
    await writeVolume(file, sampleVolume());
    h5pyRun(
      `
with h5py.File(sys.argv[1], "a") as f:
    del f["layers/depth"]
    f["layers/depth"] = np.zeros((2, 4, 5), "f4")`,
      file,
    );
    await expect(readVolumeFile(file)).rejects.toThrow(
      `${file}: /layers/depth: shape [2,4,5] does not match [3,4,5] of /volume/data [channels, nz, rows, cols] [2,3,4,5]`,
    );
  });
});

describe("volumes larger than the memory limit", () => {
  it("are refused whole, but their header (all but the voxels) is read and validated", async () => {
    const file = path.join(dir, "large.h5");
    const volume = sampleVolume();
    await writeVolume(file, volume);
    // 120 voxels of 4 bytes exceed 400 bytes; every other dataset fits.
    const limit = { perDataset: 400, reason: "a test limit" };
    await expect(withH5Read(file, (h5) => readVolumeH5(h5, file, limit))).rejects.toThrow(
      `${file}: /volume/data: declares [2,3,4,5] = 120 values (480 bytes in memory), too large to hold in memory (limit 400 bytes: a test limit)`,
    );
    const header = await withH5Read(file, (h5) => readVolumeHeaderH5(h5, file, limit));
    const { data: _data, ...expected } = volume;
    expect(header).toEqual({ ...expected, attributes: { ...volume.attributes, fit: JSON.stringify(volume.attributes!.fit) } });
  });
});

describe("volume writer leaves nothing behind when it fails", () => {
  const leftovers = (name: string) => fs.readdirSync(dir).filter((entry) => entry.includes(name));

  it("when the producer throws mid-way", async () => {
    const volume = sampleVolume();
    const { data: _data, ...header } = volume;
    const file = path.join(dir, "failed.h5");
    let bands = 0;
    await expect(
      writeVolumeStreaming(file, header, {}, (sink) => {
        sink.writeRows(0, 0, header.rows, new Float32Array(header.nz * header.rows * header.cols));
        bands++;
        throw new AfmsimsError("reconstruction failed");
      }),
    ).rejects.toThrow("reconstruction failed");
    expect(bands).toBe(1);
    expect(leftovers("failed.h5")).toEqual([]);
  });

  it("when rows are left out", async () => {
    const { data: _data, ...header } = sampleVolume();
    const file = path.join(dir, "incomplete.h5");
    const bandOfOneRow = new Float32Array(header.nz * header.cols);
    const written = (sink: VolumeRowSink) => {
      for (let c = 0; c < header.channels; c++) {
        for (let row = 0; row < header.rows; row++) if (c !== 1 || row !== 2) sink.writeRows(c, row, row + 1, bandOfOneRow);
      }
    };
    await expect(writeVolumeStreaming(file, header, {}, written)).rejects.toThrow("row 2 of channel 1 was never written");
    expect(leftovers("incomplete.h5")).toEqual([]);
  });

  it("and does not replace an existing file unless forced", async () => {
    const file = path.join(dir, "existing.h5");
    fs.writeFileSync(file, "keep me");
    await expect(writeVolume(file, sampleVolume())).rejects.toThrow(`${file}: already exists`);
    expect(fs.readFileSync(file, "utf8")).toBe("keep me");
    await writeVolume(file, sampleVolume(), { force: true });
    expect((await readVolumeFile(file)).nz).toBe(3);
  });
});

describe("volume writer streaming bands of rows", () => {
  it("stores each channel's bands where a whole-volume write would", async () => {
    const volume = sampleVolume();
    const { data, ...header } = volume;
    const { channels, nz, rows, cols } = header;
    const file = path.join(dir, "banded.h5");
    // Bands of 3 rows of 4: the second band is a single row.
    await writeVolumeStreaming(file, header, {}, (sink) => {
      for (let rowFrom = 0; rowFrom < rows; rowFrom += 3) {
        const rowTo = Math.min(rows, rowFrom + 3);
        for (let c = 0; c < channels; c++) {
          const band = new Float32Array(nz * (rowTo - rowFrom) * cols);
          for (let z = 0; z < nz; z++) {
            const plane = (c * nz + z) * rows * cols;
            band.set(data.subarray(plane + rowFrom * cols, plane + rowTo * cols), z * (rowTo - rowFrom) * cols);
          }
          sink.writeRows(c, rowFrom, rowTo, band);
        }
      }
    });
    const read = await readVolumeFile(file);
    expect(Buffer.from(read.data.buffer, read.data.byteOffset, read.data.byteLength).equals(Buffer.from(data.buffer))).toBe(true);
  });
});

describe.skipIf(!hasH5py)("layer depths of many boundaries", () => {
  it("are written in slabs that h5py reads back bit for bit, with the contract's shape and chunks", async () => {
    // 256 KiB a boundary: 71 boundaries take more than one 16 MiB slab, the last one short.
    const rows = 256;
    const cols = 256;
    const layers = 70;
    const planeSize = rows * cols;
    const header = {
      ...sampleVolume(),
      channels: 1,
      nz: 1,
      rows,
      cols,
      labels: ["a"],
      surfaceBefore: new Float32Array(planeSize),
      surfaceAfter: new Float32Array(planeSize),
      layers,
      drift: new Float64Array(2 * layers),
      layerDepth: Float32Array.from({ length: (layers + 1) * planeSize }, (_, i) => (i % 1009 === 5 ? NaN : -i * 1.25e-11)),
    };
    const { data: _data, ...streamed } = header;
    const file = path.join(dir, "many-boundaries.h5");
    await writeVolumeStreaming(file, streamed, {}, (sink) => sink.writeRows(0, 0, rows, new Float32Array(planeSize)));
    const seen = h5pyJson<{ shape: number[]; maxshape: number[]; chunks: number[]; dtype: string; sha256: string }>(
      `
import hashlib
d = h5py.File(sys.argv[1], "r")["layers/depth"]
print(json.dumps({"shape": list(d.shape), "maxshape": list(d.maxshape), "chunks": list(d.chunks), "dtype": d.dtype.str,
                  "sha256": hashlib.sha256(d[...].tobytes()).hexdigest()}))`,
      file,
    );
    const expected = createHash("sha256").update(new Uint8Array(header.layerDepth.buffer)).digest("hex");
    expect(seen).toEqual({ shape: [71, rows, cols], maxshape: [71, rows, cols], chunks: [1, rows, cols], dtype: "<f4", sha256: expected });
  });
});
