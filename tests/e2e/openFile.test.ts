/**
 * Opening afmsims-volume files in the viewer page: through the Open button, from `?src=`, and a
 * bad file. The file holds the same synthetic volume the page shows at first, written by the real
 * writer, so a correct reader and viewer must reproduce the first image.
 */
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeVolume } from "../../src/io/writeVolume.js";
import type { VolumeModel } from "../../src/model/types.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { CHROMIUM, launchChromium } from "./support/browser.js";
import { buildViewer } from "./support/buildViewer.js";
import { settledAfter } from "./support/frames.js";
import { imageStats, meanAbsoluteDifference } from "./support/imageStats.js";
import { serveStatic, type StaticServer } from "./support/staticServer.js";
import { VIEWER_BACKGROUND as BACKGROUND, viewerCanvasShot } from "./support/viewerCanvas.js";

type VolumeContent = Omit<VolumeModel, "source">;

/** The sample with `count` channels: its own, cycled, under new labels. */
function withChannels(model: VolumeContent, count: number): VolumeContent {
  const voxels = model.nz * model.rows * model.cols;
  const data = new Float32Array(count * voxels);
  for (let c = 0; c < count; c++) data.set(model.data.subarray((c % model.channels) * voxels, (c % model.channels + 1) * voxels), c * voxels);
  return { ...model, data, channels: count, labels: Array.from({ length: count }, (_, c) => `ion ${c + 1}`) };
}

describe.skipIf(!existsSync(CHROMIUM))("opening volume files in the viewer", () => {
  let buildDir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;

  const canvasShot = (name: string) => viewerCanvasShot(page, name);

  beforeAll(async () => {
    buildDir = await buildViewer();
    const { source: _source, ...model } = syntheticVolume();
    await writeVolume(join(buildDir, "sample.h5"), model);
    writeFileSync(join(buildDir, "notes.h5"), "these are notes, not HDF5\n");
    await writeVolume(join(buildDir, "one-channel.h5"), withChannels(model, 1));
    await writeVolume(join(buildDir, "nine-channels.h5"), withChannels(model, 9));
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
    const builtIn = await canvasShot("20-built-in");
    await page.getByTestId("open-file").setInputFiles(join(buildDir, "sample.h5"));
    await page.getByTestId("dataset-title").filter({ hasText: "sample.h5" }).waitFor({ timeout: 60_000 });
    await settledAfter(page);
    const opened = await canvasShot("21-opened-file");
    expect(await meanAbsoluteDifference(page, builtIn, opened)).toBeLessThan(0.5);
  });

  it("opens the file named by ?src=", async () => {
    await page.goto(`${server.url}?src=sample.h5`);
    await page.getByTestId("dataset-title").filter({ hasText: "sample.h5" }).waitFor({ timeout: 60_000 });
    await settledAfter(page);
    expect((await imageStats(page, await canvasShot("22-from-src"), BACKGROUND)).pink).toBeGreaterThan(0.01);
  });

  // One channel (+ total ion) packs into an RG16F texture; nine (+ total) into RGBA16F, RGBA16F and
  // R16F, which the generated shader must sample from three textures.
  for (const [file, channels] of [["one-channel.h5", 2], ["nine-channels.h5", 10]] as const) {
    it(`shows ${file} with every channel listed and no WebGL errors`, async () => {
      const errors: string[] = [];
      const onConsole = (message: { type(): string; text(): string }) => {
        if (message.type() === "error" || message.type() === "warning") errors.push(message.text());
      };
      page.on("console", onConsole);
      await page.goto(`${server.url}?src=${file}`);
      await page.getByTestId("dataset-title").filter({ hasText: file }).waitFor({ timeout: 60_000 });
      await settledAfter(page);
      page.off("console", onConsole);
      expect(await page.locator(".channel-name").count()).toBe(channels);
      const stats = await imageStats(page, await canvasShot(`23-${file}`), BACKGROUND);
      expect(stats.nonBackground).toBeGreaterThan(0.15);
      expect(errors.filter((text) => /shader|webgl|program/i.test(text))).toEqual([]);
    });
  }

  it("says in one line what is wrong with a bad file and offers to open another", async () => {
    await page.getByTestId("open-file").setInputFiles(join(buildDir, "notes.h5"));
    const message = page.getByTestId("load-error");
    await message.waitFor({ timeout: 60_000 });
    expect(await message.textContent()).toMatch(/^notes\.h5: .*HDF5/);
    expect(await page.getByTestId("open-file").count()).toBe(1);
    // The page came from ?src=nine-channels.h5; a picked file replaces that address.
    expect(new URL(page.url()).search).toBe("");
  });

  it("reports an address that does not exist", async () => {
    await page.goto(`${server.url}?src=missing.h5`);
    const message = page.getByTestId("load-error");
    await message.waitFor({ timeout: 30_000 });
    expect(await message.textContent()).toBe("missing.h5: the server answered 404 Not Found");
  });
});
