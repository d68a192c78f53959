import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "afmsims-reconstruct-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), progress: silentProgress });
  return { status, stdout, stderr };
}

/** Runs a Python/h5py script on `files` and returns what it prints as JSON. */
function h5py(script: string, ...files: string[]): any {
  const result = spawnSync("/usr/bin/python3", ["-c", script, ...files], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

// Reads the volume as a stranger's script would, and the simulator's truth beside it.
const COMPARE = `
import sys, json, h5py, numpy as np
v = h5py.File(sys.argv[1], "r"); t = h5py.File(sys.argv[2], "r")["truth"]
data = v["volume/data"]
rows, cols = data.shape[2:]
def corner_error(ours, truth):
    worst = 0.0
    for x, y in [(0, 0), (cols - 1, 0), (0, rows - 1), (cols - 1, rows - 1)]:
        p = np.linalg.solve(truth, [x, y, 1.0]); q = ours @ p
        worst = max(worst, float(np.hypot(q[0] - x, q[1] - y)))
    return worst
mask = t["spot_mask"][:] == 1
ys, xs = np.nonzero(mask)
depth = v["layers/depth"][:]
out = {
  "format": v.attrs["format"] if isinstance(v.attrs["format"], str) else v.attrs["format"].decode(),
  "version": int(np.asarray(v.attrs["version"])),
  "datasets": sorted(k for k in ["volume/data", "volume/labels", "surface/before", "surface/after", "registration/afm_to_sims", "registration/afm_after_to_sims", "drift", "layers/depth"] if k in v),
  "shape": list(data.shape), "dtype": data.dtype.str,
  "voxel_size": data.attrs["voxel_size"].tolist(), "z_top": float(data.attrs["z_top"]),
  "labels": [x.decode() if isinstance(x, bytes) else x for x in v["volume/labels"][:]],
  "afm_to_sims_px": corner_error(v["registration/afm_to_sims"][:], t["afm_to_sims"][:]),
  "afm_after_to_sims_px": corner_error(v["registration/afm_after_to_sims"][:], t["afm_after_to_sims"][:]),
  "drift_px": float(np.max(np.abs(v["drift"][:] - t["drift"][:]))),
  "depth_shape": list(depth.shape),
  "depth_monotone": bool(np.all(np.diff(depth, axis=0)[:, np.isfinite(depth[-1])] >= 0)),
  "crater_matches": float(np.nanmax(np.abs(v["surface/before"][:] - depth[-1] - v["surface/after"][:]))),
  "sputter_rates": np.asarray(v.attrs["sputter_rates"]).tolist(),
  "depth_model": v.attrs["depth_model"] if isinstance(v.attrs["depth_model"], str) else v.attrs["depth_model"].decode(),
  "information_depth": float(v.attrs["information_depth"]),
  "spot_um": [float(xs.mean()) * v["volume/data"].attrs["voxel_size"][2] * 1e6, float(ys.mean()) * v["volume/data"].attrs["voxel_size"][1] * 1e6],
}
print(json.dumps(out))
`;

describe("afmsims reconstruct and profile on a simulated measurement", () => {
  const input = file("in.h5");
  const output = file("out.h5");
  let json: any;
  beforeAll(async () => {
    expect((await run("simulate", "-o", input, "--preset", "small", "--seed", "2", "--no-truth-volume")).status).toBe(0);
    const result = await run("reconstruct", input, "-o", output, "--json");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    json = JSON.parse(result.stdout);
  });

  it("prints one JSON object with the registration, drift, shape, voxel size, seconds and fits", () => {
    for (const key of ["afm_to_sims", "afm_after_to_sims", "drift", "shape", "voxel_size", "seconds", "sputter_rates", "confidence"]) {
      expect(json, key).toHaveProperty(key);
    }
    expect(json.shape.slice(2)).toEqual([128, 128]);
    expect(json.drift).toHaveLength(40);
    expect(json.seconds.total).toBeGreaterThan(0);
    expect(json.seconds.depth).toBeGreaterThan(0);
    expect(json.confidence.afm_to_sims.reliable).toBe(true);
    expect(json.dead_time).toEqual({ applied: true, pulses: 8, method: "pooled" });
  });

  it("applies the per-pixel dead-time formula on request, which raises the counts above the pooled default's", async () => {
    const formula = await run("reconstruct", input, "-o", file("formula.h5"), "--json", "--dead-time", "formula");
    expect(formula.status).toBe(0);
    const report = JSON.parse(formula.stdout);
    expect(report.dead_time).toEqual({ applied: true, pulses: 8, method: "formula" });
    const sums = h5py(
      "import sys, json, h5py, numpy as np\nprint(json.dumps([float(np.nansum(h5py.File(f, 'r')['volume/data'][:])) for f in sys.argv[1:]]))",
      file("formula.h5"),
      output,
    );
    // Jensen: the per-pixel inverse of a concave saturation overestimates low counts.
    expect(sums[0]).toBeGreaterThan(sums[1] * 1.01);
  });

  it("writes an afmsims-volume that h5py reads, matching the truth and the JSON", () => {
    const v = h5py(COMPARE, output, input);
    expect(v.format).toBe("afmsims-volume");
    expect(v.version).toBe(1);
    expect(v.datasets).toHaveLength(8);
    expect(v.shape).toEqual(json.shape);
    expect(v.dtype).toBe("<f4");
    expect(v.voxel_size).toEqual(json.voxel_size);
    expect(v.labels).toEqual(["Na2F+", "Na2Cl+", "Na2O+", "C5H13+"]);
    expect(v.afm_to_sims_px).toBeLessThan(1.5);
    expect(v.afm_after_to_sims_px).toBeLessThan(1.5);
    expect(v.drift_px).toBeLessThan(0.3);
    expect(v.depth_shape).toEqual([41, 128, 128]);
    expect(v.depth_monotone).toBe(true);
    expect(v.crater_matches).toBeLessThan(1e-12);
    expect(v.depth_model).toBe("material");
    expect(v.sputter_rates).toEqual(json.sputter_rates.map((c: { rate: number }) => c.rate));
    // Estimated from the data (informationDepth.test.ts checks the estimate against known truth).
    expect(json.depth.information_depth_source).toBe("estimated");
    expect(json.depth.information_depth_edges).toBeGreaterThan(0);
    expect(v.information_depth).toBe(json.depth.information_depth);
    expect(v.information_depth).toBeGreaterThanOrEqual(0);
    expect(v.information_depth).toBeLessThan(5e-9);
  });

  /**
   * Reconstructs the measurement again with `flags` into `name`; per dataset, what the python
   * `expression` says of it (`a[p]`: the default run's dataset, `b[p]`: this run's).
   */
  async function againWith(name: string, flags: string[], datasets: string[], expression: string): Promise<Record<string, unknown>> {
    const result = await run("reconstruct", input, "-o", file(name), ...flags);
    expect(result.status).toBe(0);
    return h5py(
      `import sys, json, h5py, numpy as np
a, b = (h5py.File(f, "r") for f in sys.argv[1:])
print(json.dumps({p: ${expression} for p in ${JSON.stringify(datasets)}}))`,
      output,
      file(name),
    );
  }

  it("gzips the voxels and layer depths with --compression 1, the same values as the uncompressed default", async () => {
    const seen = await againWith("gzip.h5", ["--compression", "1"], ["volume/data", "layers/depth"],
      "[a[p].compression, b[p].compression, b[p].compression_opts, bool(np.array_equal(a[p][:], b[p][:], equal_nan=True))]");
    expect(seen).toEqual({ "volume/data": [null, "gzip", 1, true], "layers/depth": [null, "gzip", 1, true] });
  });

  it.each([1, 3])("writes bit for bit the same volume on %i thread(s) as on the default pool of threads", async (threads) => {
    const same = await againWith(`threads-${threads}.h5`, ["--threads", String(threads)], ["volume/data", "layers/depth", "drift", "surface/before"],
      "a[p][:].tobytes() == b[p][:].tobytes()");
    expect(same).toEqual({ "volume/data": true, "layers/depth": true, drift: true, "surface/before": true });
  });

  it("warns when --threads asks for more threads than the machine has cores, and not otherwise", async () => {
    const cores = os.availableParallelism();
    const over = await run("reconstruct", input, "-o", file("threads-over.h5"), "--threads", String(cores + 1));
    expect(over.status).toBe(0);
    expect(over.stderr).toContain(`afmsims: warning: --threads ${cores + 1} is more than this machine's ${cores} core(s)`);
    const fitting = await run("reconstruct", input, "-o", file("threads-fitting.h5"), "--threads", String(cores));
    expect(fitting.status).toBe(0);
    expect(fitting.stderr).not.toContain("--threads");
  });

  it("places the counts at the analysed surface with --information-depth-nm 0, conserving them either way", async () => {
    const result = await run("reconstruct", input, "-o", file("surface.h5"), "--json", "--information-depth-nm", "0");
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.depth.information_depth).toBe(0);
    expect(report.depth.information_depth_source).toBe("given");
    const [placed, atSurface, sumPlaced, sumSurface] = h5py(
      `import sys, json, h5py, numpy as np
a, b = (h5py.File(f, "r")["volume/data"] for f in sys.argv[1:])
inner = (slice(None), slice(None), slice(8, -8), slice(8, -8))
print(json.dumps([float(np.nanargmax(np.nanmean(a[0], axis=(1, 2)))), float(np.nanargmax(np.nanmean(b[0], axis=(1, 2)))), float(np.nansum(a[inner], dtype=np.float64)), float(np.nansum(b[inner], dtype=np.float64))]))`,
      output,
      file("surface.h5"),
    );
    // Na2F+ peaks no higher in the volume when its counts sit below the analysed surface. The sums
    // leave out the border, where layers drifted out of the field hold NaN counts.
    expect(placed).toBeGreaterThanOrEqual(atSurface);
    expect(Math.abs(sumPlaced / sumSurface - 1)).toBeLessThan(1e-6);
  });

  it("profiles a circle on the SEI spot: Na2F+ high near the surface, low in the hard carbon", async () => {
    const { spot_um: [x, y] } = h5py(COMPARE, output, input);
    const result = await run("profile", output, "--roi", `circle:${x},${y},1`);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n").filter((line) => !line.startsWith("#"));
    expect(lines[0]).toBe("depth_nm,Na2F+,Na2Cl+,Na2O+,C5H13+");
    const rows = lines.slice(1).map((line) => line.split(",").map(Number));
    const na2f = rows.map((r) => r[1]!).filter(Number.isFinite);
    const peak = Math.max(...na2f);
    const deep = na2f.slice(-5).reduce((a, b) => a + b, 0) / 5;
    expect(peak / deep).toBeGreaterThan(5);
    expect(rows[0]![0]).toBeGreaterThan(0);
  });

  it("writes the profile to a file with -o, as JSON on request, and refuses to replace it without --force", async () => {
    const csv = file("profile.json");
    expect((await run("profile", output, "--roi", "px:rect:10,10,30,30", "-o", csv, "--format", "json")).status).toBe(0);
    const profile = JSON.parse(fs.readFileSync(csv, "utf8"));
    expect(profile.pixels).toBe(21 * 21);
    expect(Object.keys(profile.channels)).toEqual(["Na2F+", "Na2Cl+", "Na2O+", "C5H13+"]);
    const again = await run("profile", output, "--roi", "px:rect:10,10,30,30", "-o", csv);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/profile\.json: already exists \(use --force/);
  });

  it("refuses an existing output without --force, leaving it untouched", async () => {
    const before = fs.statSync(output).mtimeMs;
    const result = await run("reconstruct", input, "-o", output);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^afmsims: .*out\.h5: already exists \(use --force to replace it\)\n$/);
    expect(fs.statSync(output).mtimeMs).toBe(before);
  });

  it("names the region's problem when a ROI lies outside the field or holds no pixel centre", async () => {
    const outside = await run("profile", output, "--roi", "circle:500,500,2");
    expect(outside.status).toBe(1);
    expect(outside.stderr).toMatch(/^afmsims: .*out\.h5: ROI "circle:500,500,2" lies outside the SIMS field/);
    const empty = await run("profile", output, "--roi", "px:rect:3.2,3.2,3.4,3.4");
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/contains no pixel centre/);
    expect(empty.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("treats bad flags as usage errors (exit 2)", async () => {
    for (const argv of [
      ["reconstruct", input],
      ["reconstruct", input, "-o", file("x.h5"), "--model", "quadratic"],
      ["reconstruct", input, "-o", file("x.h5"), "--bin", "1.5"],
      ["reconstruct", input, "-o", file("x.h5"), "--dead-time", "paralysable"],
      ["reconstruct", input, "-o", file("x.h5"), "--information-depth-nm=-1"],
      ["reconstruct", input, "-o", file("x.h5"), "--compression", "10"],
      ["reconstruct", input, "-o", file("x.h5"), "--threads", "0"],
      ["reconstruct", input, "-o", file("x.h5"), "--depth-nm", "50", "--rate-nm-per-layer", "1"],
      ["profile", output],
      ["profile", output, "--roi", "triangle:1,2,3"],
      ["profile", output, "--roi", "circle:1,1,1", "--axis", "sideways"],
    ]) {
      const result = await run(...argv);
      expect(result.status, argv.join(" ")).toBe(2);
      expect(result.stderr.trim().split("\n"), argv.join(" ")).toHaveLength(1);
    }
    expect(fs.existsSync(file("x.h5"))).toBe(false);
  });
});

describe("afmsims reconstruct without an after scan", () => {
  it("fails naming --depth-nm and --rate-nm-per-layer, and leaves no output behind", async () => {
    const input = file("no-after.h5");
    const output = file("no-after-out.h5");
    expect((await run("simulate", "-o", input, "--preset", "small", "--seed", "4", "--layers", "12", "--no-after", "--no-truth-volume")).status).toBe(0);
    const result = await run("reconstruct", input, "-o", output);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^afmsims: .*no-after\.h5: there is no \/afm\/after scan.*--depth-nm D.*--rate-nm-per-layer R/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(fs.readdirSync(dir).filter((name) => name.includes("no-after-out"))).toEqual([]);

    const withRate = await run("reconstruct", input, "-o", output, "--rate-nm-per-layer", "3", "--model", "linear", "--json");
    expect(withRate.status).toBe(0);
    const json = JSON.parse(withRate.stdout);
    expect(json.afm_after_to_sims).toBeNull();
    expect(json.depth.source).toBe("rate-per-layer");
    expect(json.depth.mean_removed_depth).toBeCloseTo(36e-9, 15);
  });
});
