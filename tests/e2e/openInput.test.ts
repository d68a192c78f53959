/**
 * Opening afmsims-input files in the viewer page: the page reconstructs them in a Web Worker with
 * the same pipeline and kernels as `afmsims reconstruct`, so its volume must equal the CLI's (read
 * back by h5py); it shows rising progress, cancels by terminating the worker, and keeps the volume
 * on screen when a later file fails.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Browser, Page, Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INPUT_LOAD_STAGES } from "../../src/viewer/app/loadProgress.js";
import { PYTHON, hasH5py } from "../io/h5pyFixtures.js";
import { CHROMIUM, launchChromium } from "./support/browser.js";
import { REPO_ROOT, buildViewer } from "./support/buildViewer.js";
import { settledAfter } from "./support/frames.js";
import { meanAbsoluteDifference } from "./support/imageStats.js";
import { serveStatic, type StaticServer } from "./support/staticServer.js";
import { viewerCanvasShot } from "./support/viewerCanvas.js";

/** Every SAMPLE_STEP-th value of the large arrays is compared (all of them would be tens of MB of JSON). */
const SAMPLE_STEP = 97;

interface VolumeSummary {
  shape: number[];
  voxelSize: number[];
  zTop: number;
  labels: string[];
  drift: number[];
  /** Sampled; null for NaN (no data). */
  layerDepth: (number | null)[];
  data: (number | null)[];
  channelSums: number[];
}

// The same summary of the CLI's volume file, as an independent reader (h5py) sees it.
const SUMMARISE_FILE = `
import sys, json, h5py, numpy as np
v = h5py.File(sys.argv[1], "r"); step = int(sys.argv[2])
data = v["volume/data"][:]
sample = lambda a: [None if not np.isfinite(x) else float(x) for x in a.ravel()[::step]]
print(json.dumps({
  "shape": list(data.shape),
  "voxelSize": v["volume/data"].attrs["voxel_size"].tolist(),
  "zTop": float(v["volume/data"].attrs["z_top"]),
  "labels": [x.decode() if isinstance(x, bytes) else x for x in v["volume/labels"][:]],
  "drift": v["drift"][:].ravel().tolist(),
  "layerDepth": sample(v["layers/depth"][:]),
  "data": sample(data),
  "channelSums": [float(np.nansum(data[c], dtype=np.float64)) for c in range(data.shape[0])],
}))
`;

// The CLI's volume grown (sparse, nothing written) to 16384 x 16384 pixels and 2048 z-layers: a
// valid afmsims-volume far larger than a browser can hold.
const GROW_VOLUME = `
import sys, h5py
with h5py.File(sys.argv[1]) as a, h5py.File(sys.argv[2], "w") as b:
    for k, v in a.attrs.items(): b.attrs[k] = v
    for g in a: a.copy(a[g], b, g)
    side = 16384
    def grow(path, shape):
        attrs = dict(b[path].attrs); del b[path]
        d = b.create_dataset(path, shape=shape, dtype="f4", chunks=(1,) * (len(shape) - 2) + (256, 256))
        for k, v in attrs.items(): d.attrs[k] = v
    grow("volume/data", (a["volume/data"].shape[0], 2048, side, side))
    grow("surface/before", (side, side)); grow("surface/after", (side, side))
    grow("layers/depth", (a["layers/depth"].shape[0], side, side))
`;

/** Drops `file` on the viewer as a drag from the desktop would. */
async function dropFile(page: Page, file: string): Promise<void> {
  const bytes = readFileSync(file).toString("base64");
  const dataTransfer = await page.evaluateHandle(
    ({ bytes, name }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0))], name));
      return transfer;
    },
    { bytes, name: basename(file) },
  );
  await page.dispatchEvent(".viewer", "drop", { dataTransfer });
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.error ?? result.stderr}`);
  return result.stdout;
}

function afmsims(...args: string[]): string {
  return run(process.execPath, ["--import", "tsx", "tests/cli/runCli.ts", ...args]);
}

/** Largest |a - b| over paired values, both null (NaN) counting as equal and one null as infinite. */
function largestDifference(a: (number | null)[], b: (number | null)[]): number {
  expect(a.length).toBe(b.length);
  let largest = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === null && b[i] === null) continue;
    largest = Math.max(largest, a[i] === null || b[i] === null ? Infinity : Math.abs(a[i]! - b[i]!));
  }
  return largest;
}

function largestMagnitude(values: (number | null)[]): number {
  return values.reduce<number>((largest, v) => (v === null ? largest : Math.max(largest, Math.abs(v))), 0);
}

/** The summary of the volume the page shows (its test hook `window.afmsimsLoaded`). */
function summariseShownVolume(page: Page): Promise<VolumeSummary> {
  return page.evaluate((step): VolumeSummary => {
    const volume = window.afmsimsLoaded!.volume;
    const sample = (values: ArrayLike<number>) => {
      const out: (number | null)[] = [];
      for (let i = 0; i < values.length; i += step) out.push(Number.isFinite(values[i]) ? values[i]! : null);
      return out;
    };
    const voxels = volume.nz * volume.rows * volume.cols;
    const channelSums = Array.from({ length: volume.channels }, (_, c) => {
      let sum = 0;
      for (let i = c * voxels; i < (c + 1) * voxels; i++) if (Number.isFinite(volume.data[i])) sum += volume.data[i]!;
      return sum;
    });
    return {
      shape: [volume.channels, volume.nz, volume.rows, volume.cols],
      voxelSize: [...volume.voxelSize],
      zTop: volume.zTop,
      labels: [...volume.labels],
      drift: Array.from(volume.drift),
      layerDepth: sample(volume.layerDepth),
      data: sample(volume.data),
      channelSums,
    };
  }, SAMPLE_STEP);
}

function expectSameVolume(browser: VolumeSummary, node: VolumeSummary): void {
  expect(browser.shape).toEqual(node.shape);
  expect(browser.labels).toEqual(node.labels);
  expect(browser.voxelSize).toEqual(node.voxelSize);
  expect(browser.zTop).toBeCloseTo(node.zTop, 15);
  expect(largestDifference(browser.drift, node.drift)).toBeLessThan(1e-9);
  // The file stores depths and voxels as float32: equal to its precision.
  const depthDifference = largestDifference(browser.layerDepth, node.layerDepth);
  const dataDifference = largestDifference(browser.data, node.data);
  console.log(`browser vs CLI: largest layer-depth difference ${depthDifference} m, largest voxel difference ${dataDifference}`);
  expect(depthDifference).toBeLessThanOrEqual(largestMagnitude(node.layerDepth) * 1e-6);
  expect(dataDifference).toBeLessThanOrEqual(largestMagnitude(node.data) * 1e-6);
  browser.channelSums.forEach((sum, c) => expect(Math.abs(sum - node.channelSums[c]!)).toBeLessThanOrEqual(Math.abs(node.channelSums[c]!) * 1e-6));
}

describe.skipIf(!existsSync(CHROMIUM) || !hasH5py)("opening afmsims-input files in the viewer", () => {
  let dir: string;
  let buildDir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const input = () => join(dir, "small.h5");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "afmsims-open-input-"));
    afmsims("simulate", "--preset", "small", "--seed", "11", "--no-truth", "-o", input());
    afmsims("reconstruct", input(), "-o", join(dir, "node-volume.h5"));
    run(PYTHON, ["-c", GROW_VOLUME, join(dir, "node-volume.h5"), join(dir, "huge.h5")]);
    copyFileSync(input(), join(dir, "again.h5"));
    run(PYTHON, [
      "-c",
      "import sys, h5py\nwith h5py.File(sys.argv[1]) as a, h5py.File(sys.argv[2], 'w') as b:\n" +
        "    [b.attrs.__setitem__(k, v) for k, v in a.attrs.items()]\n    [a.copy(a[g], b, g) for g in a]\n    del b['sims/counts']",
      input(),
      join(dir, "no-counts.h5"),
    ]);
    writeFileSync(join(dir, "notes.h5"), "these are notes, not HDF5\n");
    buildDir = await buildViewer();
    copyFileSync(input(), join(buildDir, "served.h5"));
    server = await serveStatic(buildDir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 760, height: 520 } });
    await page.goto(server.url);
    await settledAfter(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    for (const folder of [buildDir, dir]) if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const title = () => page.getByTestId("dataset-title").textContent();
  const nodeVolume = () => JSON.parse(run(PYTHON, ["-c", SUMMARISE_FILE, join(dir, "node-volume.h5"), String(SAMPLE_STEP)])) as VolumeSummary;

  it("reconstructs a picked input in the browser, with rising progress, to the volume `afmsims reconstruct` writes", async () => {
    // Every progress state the page shows, and the longest the main thread was busy meanwhile.
    await page.evaluate(() => {
      const seen: [string, number][] = [];
      const record = () => {
        const bar = document.querySelector<HTMLElement>("[data-testid=load-progress]");
        if (bar?.dataset.stage) seen.push([bar.dataset.stage, Number(bar.dataset.fraction)]);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-stage", "data-fraction"] });
      // The longest gaps between timer ticks while the progress bar shows (the load), and from
      // its end (the new volume's first frames).
      const gaps = { loading: 0, showing: 0 };
      let last = performance.now();
      let wasLoading = false;
      let loaded = false;
      setInterval(() => {
        const now = performance.now();
        const loading = document.querySelector("[data-testid=load-progress]") !== null;
        if (loading && wasLoading) gaps.loading = Math.max(gaps.loading, now - last);
        loaded ||= wasLoading && !loading;
        if (loaded) gaps.showing = Math.max(gaps.showing, now - last);
        last = now;
        wasLoading = loading;
      }, 10);
      Object.assign(window, { progressSeen: seen, longestGaps: gaps });
    });
    await page.getByTestId("open-file").setInputFiles(input());
    await page.getByTestId("dataset-title").filter({ hasText: "small.h5" }).waitFor({ timeout: 240_000 });
    await settledAfter(page);

    const seen = await page.evaluate(() => (window as unknown as { progressSeen: [string, number][] }).progressSeen);
    const fractions = seen.map(([, fraction]) => fraction);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fractions[0]).toBeLessThan(0.2);
    expect(fractions.at(-1)).toBeGreaterThan(0.8);
    // The stages were shown in the pipeline's order; a quick one may fall between two renders.
    const stages = [...new Set(seen.map(([stage]) => stage))];
    const order = stages.map((stage) => INPUT_LOAD_STAGES.indexOf(stage as (typeof INPUT_LOAD_STAGES)[number]));
    expect(order.every((position, i) => position >= 0 && (i === 0 || position > order[i - 1]!))).toBe(true);
    expect(stages).toEqual(expect.arrayContaining(["reading", "registration", "depth", "voxels", "preparing textures"]));
    const gaps = await page.evaluate(() => (window as unknown as { longestGaps: { loading: number; showing: number } }).longestGaps);
    console.log(`main thread, longest gap between 10 ms timer ticks: ${gaps.loading.toFixed(0)} ms while loading, ${gaps.showing.toFixed(0)} ms while showing the new volume`);
    expect(gaps.loading).toBeLessThan(250);

    expectSameVolume(await summariseShownVolume(page), nodeVolume());
  });

  it("cancels a dropped input's reconstruction by terminating its worker, leaving the volume shown before", async () => {
    const before = await viewerCanvasShot(page, "30-before-cancel");
    const started = page.waitForEvent("worker");
    await dropFile(page, join(dir, "again.h5"));
    const worker: Worker = await started;
    const closed = new Promise<void>((resolve) => worker.once("close", () => resolve()));
    await page.locator("[data-testid=load-progress][data-stage=registration], [data-testid=load-progress][data-stage=drift]").first().waitFor({ timeout: 120_000 });
    await page.getByTestId("cancel-load").click();
    await closed;

    expect(await page.getByTestId("load-progress").count()).toBe(0);
    expect(await page.getByTestId("load-error").count()).toBe(0);
    expect(await title()).toBe("small.h5");
    await page.waitForTimeout(500);
    const after = await viewerCanvasShot(page, "31-after-cancel");
    expect(await meanAbsoluteDifference(page, before, after)).toBeLessThan(0.5);
  });

  for (const [file, problem] of [
    ["no-counts.h5", /^no-counts\.h5: .*\/sims\/counts/],
    ["notes.h5", /^notes\.h5: .*HDF5/],
    ["huge.h5", /^huge\.h5: .*too large to hold in memory/],
  ] as const) {
    it(`says what is wrong with ${file} and keeps the volume shown before`, async () => {
      await page.getByTestId("open-file").setInputFiles(join(dir, file));
      const message = page.getByTestId("load-error");
      await message.waitFor({ timeout: 60_000 });
      expect(await message.textContent()).toMatch(problem);
      expect(await title()).toBe("small.h5");
      expect(await page.locator("[data-testid=viewer-canvas] canvas").count()).toBe(1);
      // Still responsive: a control of the shown volume works.
      await page.getByRole("button", { name: "Dismiss" }).click();
      expect(await message.count()).toBe(0);
    });
  }

  it("reconstructs the input named by ?src= to the same volume", async () => {
    await page.goto(`${server.url}?src=served.h5`);
    await page.getByTestId("dataset-title").filter({ hasText: "served.h5" }).waitFor({ timeout: 240_000 });
    expectSameVolume(await summariseShownVolume(page), nodeVolume());
  });

  it("offers to open a file after the first load of a page is cancelled", async () => {
    await page.goto(`${server.url}?src=served.h5`);
    await page.getByTestId("load-progress").waitFor({ timeout: 60_000 });
    await page.getByTestId("cancel-load").click();
    await page.getByText("No volume is open.").waitFor({ timeout: 5_000 });
    expect(await page.getByTestId("open-file").count()).toBe(1);
    expect(await page.getByTestId("load-error").count()).toBe(0);
  });
});
