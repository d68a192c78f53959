import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "afmsims-sim-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), progress: silentProgress });
  return { status, stdout, stderr };
}

/** Runs a Python/h5py script on `file` and returns what it prints as JSON. */
function h5py(script: string, file: string): any {
  const result = spawnSync("/usr/bin/python3", ["-c", script, file], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

const INSPECT = `
import sys, json, hashlib, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
t = f["truth"]
out = {}
def walk(name, obj):
    if isinstance(obj, h5py.Dataset):
        out.setdefault("datasets", {})[name] = {"shape": list(obj.shape), "dtype": obj.dtype.str}
f.visititems(walk)
counts = f["sims/counts"]
out["counts_attrs"] = {k: np.asarray(v).tolist() for k, v in counts.attrs.items()}
out["labels"] = [x.decode() if isinstance(x, bytes) else x for x in f["sims/labels"][:]]
out["format"] = f.attrs["format"] if isinstance(f.attrs["format"], str) else f.attrs["format"].decode()
out["before_attrs"] = {k: np.asarray(v).tolist() for k, v in f["afm/before"].attrs.items()}
out["after_attrs"] = {k: np.asarray(v).tolist() for k, v in f["afm/after"].attrs.items()} if "afm/after" in f else None
c = counts[:]
out["counts_max"] = int(c.max())
out["counts_integer"] = bool(np.all(c == np.round(c)))
dose = f["sims/sputter_dose"][:]
out["dose_increasing"] = bool(np.all(np.diff(dose) > 0))
ld = t["layer_depth"][:]
out["layer_depth_0_zero"] = bool(np.all(ld[0] == 0))
out["layer_depth_monotone"] = bool(np.all(np.diff(ld, axis=0) >= 0))
out["crater_matches_surfaces"] = float(np.max(np.abs(t["surface_before"][:] - ld[-1] - t["surface_after"][:])))
out["afm_to_sims"] = t["afm_to_sims"][:].tolist()
fr = t["layer_fractions"][:].astype(float) * t["layer_fractions"].attrs["scale"]
out["fractions_sum_error"] = float(np.max(np.abs(fr.sum(axis=1) - 1)))
out["volume_attrs"] = {k: np.asarray(v).tolist() for k, v in t["volume"].attrs.items() if k != "description"} if "volume" in t else None
out["truth_attrs"] = {k: np.asarray(v).tolist() for k, v in t.attrs.items() if k in ("seed", "dead_time_pulses", "afm_noise", "beam_sigma", "information_depth", "flat")}
out["materials"] = [x.decode() if isinstance(x, bytes) else x for x in t["materials"][:]]
out["undocumented"] = [k for k in t.keys() if "description" not in t[k].attrs and k not in ("materials", "components")]
sb = t["surface_before"][:]; sub = t["substrate"][:]; mask = t["spot_mask"][:]
out["epoxy_surface"] = [float(sb[(sub == 0)].min()), float(sb[(sub == 0)].max())]
digest = hashlib.sha256()
for name in sorted(out["datasets"]):
    d = f[name][:]
    if d.dtype.kind in "fiu":
        digest.update(np.nan_to_num(d.astype(np.float64), nan=-1.0).tobytes())
out["digest"] = digest.hexdigest()
print(json.dumps(out))
`;

describe("afmsims simulate", () => {
  const file = path.join(dir, "small.h5");
  let info: any;
  beforeAll(async () => {
    const result = await run("simulate", "-o", file, "--seed", "7", "--rotation-deg", "3", "--scale", "1.02", "--shift-um", "0.5,-0.5", "--shots-per-pixel", "2");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/128 x 128 px/);
    expect(result.stdout).toMatch(/Na2F\+, Na2Cl\+, Na2O\+, C5H13\+/);
    info = h5py(INSPECT, file);
  });

  it("writes the input contract, readable by h5py", () => {
    expect(info.format).toBe("afmsims-input");
    const d = info.datasets;
    expect(d["afm/before"].shape).toEqual([64, 512]);
    expect(d["afm/after"].shape).toEqual([64, 512]);
    expect(d["sims/counts"]).toEqual({ shape: [40, 4, 128, 128], dtype: "<u2" });
    expect(d["sims/total"].shape).toEqual([40, 128, 128]);
    expect(d["sims/sputter_dose"].shape).toEqual([40]);
    expect(info.labels).toEqual(["Na2F+", "Na2Cl+", "Na2O+", "C5H13+"]);
    expect(info.counts_attrs.scans_per_layer).toBe(8);
    expect(info.counts_attrs.shots_per_pixel).toBe(2);
    expect(info.counts_attrs.pixel_size[0]).toBeCloseTo(20e-6 / 128, 15);
    expect(info.before_attrs.pixel_size[0]).toBeCloseTo(25e-6 / 64, 18);
    expect(info.before_attrs.pixel_size[1]).toBeCloseTo(25e-6 / 512, 18);
    expect(info.before_attrs.origin).toHaveLength(2);
    expect(info.after_attrs.mean_depth).toBeGreaterThan(50e-9);
    expect(info.dose_increasing).toBe(true);
    expect(info.counts_integer).toBe(true);
    expect(info.counts_max).toBeLessThanOrEqual(16);
  });

  it("writes the documented truth", () => {
    const d = info.datasets;
    expect(d["truth/layer_depth"].shape).toEqual([41, 128, 128]);
    expect(d["truth/expected_counts"].shape).toEqual([40, 4, 128, 128]);
    expect(d["truth/layer_fractions"].shape).toEqual([40, 4, 128, 128]);
    expect(d["truth/drift"].shape).toEqual([40, 2]);
    expect(d["truth/afm_before_true"].shape).toEqual([64, 512]);
    for (const name of ["afm_to_sims", "afm_after_to_sims", "afm_after_to_afm_before"]) expect(d[`truth/${name}`]).toEqual({ shape: [3, 3], dtype: "<f8" });
    expect(d["truth/volume"].shape[0]).toBe(4);
    expect(info.volume_attrs.voxel_size[0]).toBeCloseTo(1e-9, 18);
    expect(info.volume_attrs.z_top).toBeGreaterThan(0);
    expect(info.undocumented).toEqual([]);
    expect(info.materials).toEqual(["epoxy", "hard_carbon", "inorganic_sei", "organic_sei"]);
    expect(info.truth_attrs.seed).toBe(7);
    expect(info.truth_attrs.dead_time_pulses).toBe(16);
    expect(info.layer_depth_0_zero).toBe(true);
    expect(info.layer_depth_monotone).toBe(true);
    expect(info.crater_matches_surfaces).toBeLessThan(1e-12);
    expect(info.fractions_sum_error).toBeLessThan(3 / 255);
  });

  it("writes the AFM-to-SIMS transform the flags asked for", () => {
    const [[a, b], [c, d]] = info.afm_to_sims;
    expect((Math.atan2(c, a) * 180) / Math.PI).toBeCloseTo(3, 9);
    // column pitch 25/512 um, row pitch 25/64 um, scaled 1.02, in SIMS pixels of 20/128 um
    expect(Math.hypot(a, c)).toBeCloseTo((1.02 * 25) / 512 / (20 / 128), 9);
    expect(Math.hypot(b, d)).toBeCloseTo((1.02 * 25) / 64 / (20 / 128), 9);
  });

  it("is reproducible from its seed and differs for another seed", async () => {
    const same = path.join(dir, "same.h5");
    const other = path.join(dir, "other.h5");
    expect((await run("simulate", "-o", same, "--seed", "7", "--rotation-deg", "3", "--scale", "1.02", "--shift-um", "0.5,-0.5", "--shots-per-pixel", "2")).status).toBe(0);
    expect((await run("simulate", "-o", other, "--seed", "8", "--rotation-deg", "3", "--scale", "1.02", "--shift-um", "0.5,-0.5", "--shots-per-pixel", "2")).status).toBe(0);
    expect(h5py(INSPECT, same).digest).toBe(info.digest);
    expect(h5py(INSPECT, other).digest).not.toBe(info.digest);
  });

  it("refuses to replace a file without --force, and leaves it untouched", async () => {
    const before = fs.statSync(file).mtimeMs;
    const result = await run("simulate", "-o", file, "--seed", "1");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/already exists/);
    expect(fs.statSync(file).mtimeMs).toBe(before);
    expect(fs.readdirSync(dir).filter((name) => name.includes("partial"))).toEqual([]);
  });

  it("reports bad usage with status 2", async () => {
    expect((await run("simulate", "--seed", "1")).status).toBe(2);
    const badLayers = await run("simulate", "-o", path.join(dir, "x.h5"), "--layers", "two");
    expect(badLayers.status).toBe(2);
    expect(badLayers.stderr).toMatch(/--layers/);
    expect((await run("simulate", "-o", path.join(dir, "x.h5"), "--shift-um", "1")).status).toBe(2);
    expect((await run("simulate", "-o", path.join(dir, "x.h5"), "--preset", "huge")).status).toBe(2);
    expect(fs.existsSync(path.join(dir, "x.h5"))).toBe(false);
  });

  it("--flat --no-after --no-truth-volume: a flat epoxy plane with raised particles, no after scan, no truth volume", async () => {
    const flat = path.join(dir, "flat.h5");
    expect((await run("simulate", "-o", flat, "--seed", "3", "--flat", "--no-after", "--no-truth-volume", "--layers", "10")).status).toBe(0);
    const flatInfo = h5py(INSPECT, flat);
    expect(flatInfo.after_attrs).toBeNull();
    expect(flatInfo.datasets["sims/counts"].shape[0]).toBe(10);
    expect(flatInfo.epoxy_surface).toEqual([0, 0]);
    expect(flatInfo.truth_attrs.flat).toBe(1);
    expect(flatInfo.datasets["truth/volume"]).toBeUndefined();
    expect(flatInfo.datasets["truth/afm_after_to_sims"]).toBeUndefined();
    expect(flatInfo.datasets["truth/afm_to_sims"]).toBeDefined();
    expect(flatInfo.datasets["truth/layer_depth"].shape).toEqual([11, 128, 128]);
  });
});
