/**
 * The page stays responsive while a region of a paper-size volume (512 x 512 x 150 x 4) is
 * profiled: releasing a rectangle over the whole field computes its exact profile off the main
 * thread, and the profile shown is then the one `afmsims profile` gives.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeVolume } from "../../src/io/writeVolume.js";
import { profileRegion } from "../../src/profile/region.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { CHROMIUM } from "./support/browser.js";
import { settledAfter } from "./support/frames.js";
import { startViewerSession, type ViewerSession } from "./support/viewerSession.js";

const FILE = "paper.h5";
/** The paper preset's size; dz keeps the whole crater (up to ~180 nm deep) inside the 150 layers. */
const PAPER = { rows: 512, cols: 512, nz: 150, field: 50e-6, dz: 1.5e-9 };
/**
 * Longest main-thread gap accepted while the exact profile is computed: a few frames, not the
 * >= 700 ms that computing it on the page takes. Measured 73-212 ms on a loaded 2-core machine;
 * the margin is for shared CI machines.
 */
const LONGEST_GAP_MS = 400;

describe.skipIf(!existsSync(CHROMIUM))("profiling a whole-field region of a paper-size volume", () => {
  let session: ViewerSession;
  let page: Page;
  const volume = syntheticVolume(PAPER);

  beforeAll(async () => {
    const { source: _source, ...model } = volume;
    session = await startViewerSession((dir) => writeVolume(join(dir, FILE), model));
    page = session.page;
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.goto(`${session.url}?src=${FILE}`);
    await page.getByTestId("dataset-title").filter({ hasText: FILE }).waitFor({ timeout: 120_000 });
    await settledAfter(page);
  }, 240_000);

  afterAll(() => session?.close());

  it("keeps the main thread free while the exact profile is computed, and shows the CLI's numbers", async () => {
    await page.getByTestId("draw-tool").getByText("Rect").click();
    const box = (await page.getByTestId("map-canvas").boundingBox())!;
    await page.mouse.move(box.x + 1, box.y + 1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    await page.mouse.move(box.x + box.width - 1, box.y + box.height - 1, { steps: 4 });
    await page.getByTestId("profile-region").first().waitFor({ timeout: 20_000 });

    // The longest gap between 10 ms timer ticks from the release until the exact profile is shown.
    await page.evaluate(() => {
      const probe = { longest: 0, last: performance.now(), timer: 0 };
      probe.timer = window.setInterval(() => {
        const now = performance.now();
        probe.longest = Math.max(probe.longest, now - probe.last);
        probe.last = now;
      }, 10);
      Object.assign(window, { gapProbe: probe });
    });
    await page.mouse.up();
    const csvButton = page.getByTestId("profile-region").first().getByTestId("export-csv");
    await csvButton.waitFor({ timeout: 60_000 });
    const longest = await page.evaluate(() => {
      const probe = (window as unknown as { gapProbe: { longest: number; timer: number } }).gapProbe;
      clearInterval(probe.timer);
      return probe.longest;
    });
    console.log(`whole-field region of a 512 x 512 x 150 x 4 volume: longest main-thread gap ${longest.toFixed(0)} ms from release to exact profile`);

    const shape = (await page.getByTestId("profile-region").first().locator("code").textContent())!;
    const pixels = await page.getByTestId("profile-region").first().locator(".profile-pixels").textContent();
    const expected = profileRegion({ ...volume, source: FILE }, shape);
    expect(pixels).toBe(`${expected.context.pixels} px`);
    expect(expected.context.pixels).toBeGreaterThan(0.95 * PAPER.rows * PAPER.cols);
    const [file] = await Promise.all([page.waitForEvent("download"), csvButton.click()]);
    expect(readFileSync((await file.path())!, "utf8")).toBe(expected.csv());
    expect(longest).toBeLessThan(LONGEST_GAP_MS);
  }, 120_000);
});
