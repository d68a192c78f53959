/**
 * AFM and SurfaceLab files opened in the viewer page: the real Park TIFF and a hand-written
 * two-channel .gwy as shaded height maps (picked, dropped and from ?src=), a cut file as a one-line
 * error, and a SurfaceLab profile dropped onto a volume as a reference profile for the chart.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ByteReader } from "../../src/importers/binary.js";
import { writeVolume } from "../../src/io/writeVolume.js";
import { readParkTiff } from "../../src/importers/parkTiff.js";
import { sputteredDepth } from "../../src/viewer/app/referenceSeries.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { NO_REAL_DATA, realFile } from "../importers/support/env.js";
import { gwyDataField, gwyFile, gwyObject } from "../importers/support/writers.js";
import { CHROMIUM } from "./support/browser.js";
import { settledAfter } from "./support/frames.js";
import { imageStats } from "./support/imageStats.js";
import { VIEWER_BACKGROUND, viewerCanvasShot } from "./support/viewerCanvas.js";
import { startViewerSession, type ViewerSession } from "./support/viewerSession.js";

const park = realFile("park-nx-topography.tiff");
const realGwy = realFile("gwyddion-test.gwy");

/** Two channels of 3 x 2 pixels over 6 x 4 um: heights of 1..6 nm and 10..60 nm. */
const twoChannelGwy = gwyFile(
  gwyObject("GwyContainer", [
    ["/0/data/title", "s", "Low"],
    ["/0/data", "o", gwyDataField(3, 2, 6e-6, 4e-6, "m", "m", [1, 2, 3, 4, 5, 6].map((v) => v * 1e-9))],
    ["/1/data/title", "s", "High"],
    ["/1/data", "o", gwyDataField(3, 2, 6e-6, 4e-6, "m", "m", [60, 10, 20, 30, 40, 50].map((v) => v * 1e-9))],
  ]),
);

/** A SurfaceLab export whose Na_2Cl+ and total columns match the synthetic sample volume's channels. */
const PROFILE = [
  "#\t\t\t\ttotal\tNa_2Cl+\tAu+",
  "#\t\t\t\tN/A\t80.9481\t196.9666",
  "#Data Point #\tSputter Time (s)\tDose (ions)\tFluence (ions/cm^2)\tIntensity\tIntensity\tIntensity\t",
  "1\t0\t1\t1\t900\t50\t3\t",
  "2\t1\t2\t2\t950\t40\t2\t",
].join("\r\n");

async function dropFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.evaluate(
    ({ name, data }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], name));
      const target = document.querySelector(".viewer")!;
      target.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name, data: Array.from(bytes) },
  );
}

describe.skipIf(!existsSync(CHROMIUM))("AFM files and reference profiles in the viewer", () => {
  let session: ViewerSession;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    session = await startViewerSession(async (dir) => {
      writeFileSync(join(dir, "two.gwy"), twoChannelGwy);
      const { source: _source, ...sample } = syntheticVolume();
      await writeVolume(join(dir, "sample.h5"), sample);
    });
    ({ page, url } = session);
  });
  afterAll(() => session?.close());

  it.skipIf(!park)(`shows the real Park TIFF as a shaded surface with its size and height range${park ? "" : ` (skipped: ${NO_REAL_DATA})`}`, async () => {
    const [image] = readParkTiff(new ByteReader(park!, readFileSync(park!))).images;
    let low = Infinity;
    let high = -Infinity;
    for (const v of image.values) [low, high] = [Math.min(low, v), Math.max(high, v)];
    // Float32 on the page: the range agrees to the 0.1 nm shown.
    const nm = (v: number) => (Math.fround(v) * 1e9).toFixed(1);

    await page.goto(url);
    await settledAfter(page);
    await page.getByTestId("open-file").setInputFiles(park!);
    await page.getByTestId("dataset-title").filter({ hasText: "park-nx-topography.tiff" }).waitFor({ timeout: 60_000 });
    await settledAfter(page);
    expect(await page.getByTestId("height-map-facts").textContent()).toBe(
      `Topography · 256 × 256 px · 2.50 × 2.50 µm · pixel 9.766 nm · heights ${nm(low)} to ${nm(high)} nm`,
    );
    const stats = await imageStats(page, await viewerCanvasShot(page, "40-park-height-map"), VIEWER_BACKGROUND);
    expect(stats.surface).toBeGreaterThan(0.1);
    expect(stats.surfaceColours).toBeGreaterThan(100);
  });

  it("shows a dropped two-channel .gwy and switches channels", async () => {
    await page.goto(url);
    await settledAfter(page);
    await dropFile(page, "two.gwy", twoChannelGwy);
    await page.getByTestId("dataset-title").filter({ hasText: "two.gwy" }).waitFor({ timeout: 60_000 });
    await settledAfter(page);
    const facts = page.getByTestId("height-map-facts");
    expect(await facts.textContent()).toBe("Low · 3 × 2 px · 6.00 × 4.00 µm · pixel 2000 nm · heights 1.0 to 6.0 nm");
    // Two rows of three pixels make a tilted strip between the pixel centres, seen almost edge-on.
    const low = await imageStats(page, await viewerCanvasShot(page, "41-gwy-low"), VIEWER_BACKGROUND);
    expect(low.surface).toBeGreaterThan(0.005);
    await settledAfter(page, async () => void (await page.getByTestId("height-map-channel").selectOption({ label: "High (m)" })));
    expect(await facts.textContent()).toBe("High · 3 × 2 px · 6.00 × 4.00 µm · pixel 2000 nm · heights 10.0 to 60.0 nm");
    // A reference profile has no chart here: it waits for a volume.
    await dropFile(page, "profile.txt", new TextEncoder().encode(PROFILE));
    expect(await page.getByTestId("pending-references").textContent()).toBe("profile.txt: charted once a volume is open.");
  });

  it.skipIf(!realGwy)(`shows the real .gwy, which records no unit or lateral size, with an assumed pixel the user can change${realGwy ? "" : ` (skipped: ${NO_REAL_DATA})`}`, async () => {
    await page.goto(url);
    await settledAfter(page);
    await page.getByTestId("open-file").setInputFiles(realGwy!);
    const facts = page.getByTestId("height-map-facts");
    await facts.waitFor({ timeout: 60_000 });
    await settledAfter(page);
    // Gwyddion's own reader gives 128 x 128 values from 0 to 0.001 (tests/importers/gwy.test.ts).
    expect(await facts.textContent()).toBe("Test · 128 × 128 px · 1.28 × 1.28 µm · pixel 10.00 nm (assumed) · values 0 to 0.001 (no unit)");
    const stats = await imageStats(page, await viewerCanvasShot(page, "42-real-gwy"), VIEWER_BACKGROUND);
    expect(stats.surface).toBeGreaterThan(0.05);
    await settledAfter(page, () => page.getByTestId("height-map-pixel").fill("50"));
    expect(await facts.textContent()).toBe("Test · 128 × 128 px · 6.40 × 6.40 µm · pixel 50.00 nm (assumed) · values 0 to 0.001 (no unit)");
  });

  it("opens an AFM file named by ?src=", async () => {
    await page.goto(`${url}?src=two.gwy`);
    await page.getByTestId("height-map-facts").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("dataset-title").textContent()).toBe("two.gwy");
  });

  it("says where a cut AFM file breaks", async () => {
    await page.goto(url);
    await settledAfter(page);
    await dropFile(page, "cut.gwy", twoChannelGwy.subarray(0, 200));
    const message = page.getByTestId("load-error");
    await message.waitFor({ timeout: 30_000 });
    expect(await message.textContent()).toMatch(/^cut\.gwy: .*byte \d+/);
    expect(await page.getByTestId("open-file").count()).toBe(1);
  });

  it("lists a SurfaceLab profile dropped on a volume and charts its matching ions beside a region's profile", async () => {
    await page.goto(`${url}?src=sample.h5`);
    await page.getByTestId("dataset-title").filter({ hasText: "sample.h5" }).waitFor({ timeout: 60_000 });
    await settledAfter(page);
    await page.getByLabel("Region name").fill("A");
    await page.getByTestId("region-shape").fill("px:rect:10,10,30,30");
    await page.getByTestId("region-shape").press("Enter");
    if ((await page.getByTestId("toggle-panels").getAttribute("aria-pressed")) !== "true") await page.getByTestId("toggle-panels").click();
    // x and the counts axis; a reference adds its own axis on the right.
    const chartAxes = page.getByTestId("profile-chart").locator(".u-axis");
    await expect.poll(() => chartAxes.count(), { timeout: 30_000 }).toBe(2);

    await dropFile(page, "profile.txt", new TextEncoder().encode(PROFILE));
    const facts = page.getByTestId("reference-profile-facts");
    await facts.waitFor({ timeout: 30_000 });
    expect(await facts.textContent()).toBe("3 ions, 2 points over 0–1 s; charted: total, Na_2Cl+");
    await expect.poll(() => chartAxes.count(), { timeout: 30_000 }).toBe(3);
    const { layerDepth, layers, rows, cols } = syntheticVolume();
    const depthNm = (sputteredDepth(layerDepth, layers, rows * cols) * 1e9).toFixed(0);
    const note = page.getByTestId("reference-depth-note");
    expect(await note.textContent()).toBe(`Its 0–1 s stretched over this volume's ${depthNm} nm; enter a rate if it comes from another measurement.`);
    await page.getByTestId("reference-sputter-rate").fill("0.5");
    await note.waitFor({ state: "detached" });
    // The volume stays, and so does its address: the profile joins it.
    expect(await page.getByTestId("dataset-title").textContent()).toBe("sample.h5");
    expect(new URL(page.url()).search).toBe("?src=sample.h5");
    await page.getByRole("button", { name: "Remove profile.txt" }).click();
    expect(await page.getByTestId("reference-profiles").count()).toBe(0);
    await expect.poll(() => chartAxes.count(), { timeout: 30_000 }).toBe(2);
  });
});
