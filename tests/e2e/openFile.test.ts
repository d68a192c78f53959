/**
 * Opening afmsims-volume files in the viewer page: through the Open button, from `?src=`, and a
 * bad file. The file holds the same synthetic volume the page shows at first, written by the real
 * writer, so a correct reader and viewer must reproduce the first image.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeVolume } from "../../src/io/writeVolume.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { CHROMIUM, launchChromium } from "./support/browser.js";
import { buildViewer, REPO_ROOT } from "./support/buildViewer.js";
import { settledAfter } from "./support/frames.js";
import { imageStats, meanAbsoluteDifference } from "./support/imageStats.js";
import { serveStatic, type StaticServer } from "./support/staticServer.js";

const BACKGROUND: [number, number, number] = [0x0d, 0x11, 0x17];
const SCREENSHOTS = join(REPO_ROOT, "test-output", "viewer");

describe.skipIf(!existsSync(CHROMIUM))("opening volume files in the viewer", () => {
  let buildDir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;

  const canvasShot = async (name: string) => {
    const png = await page.locator("[data-testid=viewer-canvas] canvas").screenshot();
    writeFileSync(join(SCREENSHOTS, `${name}.png`), png);
    return png;
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    buildDir = await buildViewer();
    const { source: _source, ...model } = syntheticVolume();
    await writeVolume(join(buildDir, "sample.h5"), model);
    writeFileSync(join(buildDir, "notes.h5"), "these are notes, not HDF5\n");
    server = await serveStatic(buildDir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 760, height: 520 } });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  it("opens a picked file and shows the same image as the built-in sample", async () => {
    await page.goto(server.url);
    await settledAfter(page);
    const builtIn = await canvasShot("10-built-in");
    await page.getByTestId("open-file").setInputFiles(join(buildDir, "sample.h5"));
    await page.getByTestId("dataset-title").filter({ hasText: "sample.h5" }).waitFor({ timeout: 60_000 });
    await settledAfter(page);
    const opened = await canvasShot("11-opened-file");
    expect(await meanAbsoluteDifference(page, builtIn, opened)).toBeLessThan(0.5);
  });

  it("opens the file named by ?src=", async () => {
    await page.goto(`${server.url}?src=sample.h5`);
    await page.getByTestId("dataset-title").filter({ hasText: "sample.h5" }).waitFor({ timeout: 60_000 });
    await settledAfter(page);
    expect((await imageStats(page, await canvasShot("12-from-src"), BACKGROUND)).pink).toBeGreaterThan(0.01);
  });

  it("says in one line what is wrong with a bad file and offers to open another", async () => {
    await page.getByTestId("open-file").setInputFiles(join(buildDir, "notes.h5"));
    const message = page.getByTestId("load-error");
    await message.waitFor({ timeout: 60_000 });
    expect(await message.textContent()).toMatch(/^notes\.h5: .*HDF5/);
    expect(await page.getByTestId("open-file").count()).toBe(1);
  });

  it("reports an address that does not exist", async () => {
    await page.goto(`${server.url}?src=missing.h5`);
    const message = page.getByTestId("load-error");
    await message.waitFor({ timeout: 30_000 });
    expect(await message.textContent()).toBe("missing.h5: the server answered 404 Not Found");
  });
});
