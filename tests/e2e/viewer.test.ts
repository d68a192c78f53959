/**
 * The viewer page in real (headless, software-WebGL2) chromium: built with Vite, served locally,
 * opened on the synthetic sample.
 */
import { existsSync, rmSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium } from "./support/browser.js";
import { buildViewer } from "./support/buildViewer.js";
import { settledAfter } from "./support/frames.js";
import { imageStats, meanAbsoluteDifference } from "./support/imageStats.js";
import { serveStatic, type StaticServer } from "./support/staticServer.js";
import { VIEWER_BACKGROUND as BACKGROUND, viewerCanvasShot } from "./support/viewerCanvas.js";

describe.skipIf(!existsSync(CHROMIUM))("viewer page in chromium", () => {
  let buildDir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const canvasShot = (name: string) => viewerCanvasShot(page, name);

  beforeAll(async () => {
    buildDir = await buildViewer();
    server = await serveStatic(buildDir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 760, height: 520 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(server.url);
    await settledAfter(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  it("opens on the synthetic volume and draws it", async () => {
    expect(await page.locator(".channel-name").allTextContents()).toEqual(["Na2F+▸", "Na2Cl+▸", "Na2O+▸", "C5H13+▸", "Total ion▸"]);
    const stats = await imageStats(page, await canvasShot("01-default"), BACKGROUND);
    // The box, its surface and its axes cover a good part of the view; the Na2Cl+ crystals show pink.
    expect(stats.nonBackground).toBeGreaterThan(0.15);
    expect(stats.pink).toBeGreaterThan(0.01);
    expect(pageErrors).toEqual([]);
  });

  it("changes the image when a channel is hidden, and puts the change in the URL", async () => {
    const before = await canvasShot("02-before-toggle");
    await settledAfter(page, () => page.getByTestId("channel-visible-1").uncheck());
    const after = await canvasShot("03-na2cl-hidden");
    expect(await meanAbsoluteDifference(page, before, after)).toBeGreaterThan(1);
    expect((await imageStats(page, after, BACKGROUND)).pink).toBeLessThan(0.001);
    await page.waitForFunction(() => /[#&]ch=[01],[0-9a-f]{6},[^;]*;0,ff4fb8,/.test(location.hash), null, { timeout: 5_000 });

    await settledAfter(page, () => page.getByTestId("channel-visible-1").check());
    const restored = await canvasShot("04-na2cl-shown-again");
    expect(await meanAbsoluteDifference(page, before, restored)).toBeLessThan(0.5);
  });

  it("hides the volume under the opaque AFM surface (depth pre-pass)", async () => {
    const open = await imageStats(page, await canvasShot("05-surface-after"), BACKGROUND);
    await settledAfter(page, () => page.getByTestId("surface").getByText("Before").click());
    const covered = await imageStats(page, await canvasShot("06-surface-before"), BACKGROUND);
    // The crystals lie under the original surface: seen from above they must disappear.
    expect(covered.pink).toBeLessThan(open.pink * 0.1);
    await settledAfter(page, () => page.getByTestId("surface").getByText("After").click());
  });

  it("orbits on a drag, at full resolution again once the drag ends, and keeps the camera in the URL", async () => {
    const canvas = page.locator("[data-testid=viewer-canvas] canvas");
    const before = await canvasShot("07-before-orbit");
    const box = (await canvas.boundingBox())!;
    await settledAfter(page, async () => {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 30, { steps: 4 });
      await page.mouse.up();
    });
    const after = await canvasShot("08-after-orbit");
    expect(await meanAbsoluteDifference(page, before, after)).toBeGreaterThan(1);
    const size = await canvas.evaluate((element: HTMLCanvasElement) => [element.width, element.clientWidth]);
    expect(size[0]).toBe(size[1]);
    await page.waitForFunction(() => /[#&]cam=-?[\d.]+(,-?[\d.e-]+){5}/.test(location.hash), null, { timeout: 5_000 });
  });

  it("outlines a region entered in the CLI's --roi syntax, and refuses a malformed one", async () => {
    const before = await canvasShot("11-before-region");
    await page.getByLabel("Region name").fill("crystal");
    await settledAfter(page, async () => {
      await page.getByTestId("region-shape").fill("circle:20,20,6");
      await page.getByRole("button", { name: "Add" }).click();
    });
    const after = await canvasShot("12-region");
    expect(await page.getByTestId("region-list").textContent()).toContain("--roi 'circle:20,20,6'");
    const [withoutRegion, withRegion] = [await imageStats(page, before, BACKGROUND), await imageStats(page, after, BACKGROUND)];
    // The outline (a one-pixel line) and its label add at least 40 clearly yellow pixels.
    const newYellowPixels = (withRegion.yellow - withoutRegion.yellow) * withRegion.width * withRegion.height;
    expect(newYellowPixels).toBeGreaterThan(40);
    await page.waitForFunction(() => location.hash.includes("roi=crystal,circle%3A20%2C20%2C6"), null, { timeout: 5_000 });

    await page.getByTestId("region-shape").fill("rect:1,2");
    await page.getByRole("button", { name: "Add" }).click();
    expect(await page.getByRole("alert").textContent()).toMatch(/a rectangle needs X0,Y0,X1,Y1/);
    expect(await page.getByTestId("region-list").locator("li").count()).toBe(1);
  });

  it("renders every mode, and restores a view from the URL hash", async () => {
    for (const mode of ["MIP", "Isosurface"]) {
      await settledAfter(page, () => page.getByTestId("render-mode").getByText(mode).click());
      const stats = await imageStats(page, await canvasShot(`09-mode-${mode.toLowerCase()}`), BACKGROUND);
      expect(stats.pink, mode).toBeGreaterThan(0.01);
    }
    await page.evaluate(() => (location.hash = "#m=composite&zx=200&sl=0.5,-,-"));
    await page.reload();
    await settledAfter(page);
    expect(await page.getByTestId("render-mode").getByRole("radio", { checked: true }).textContent()).toBe("Composite");
    expect(await page.getByTestId("slice-x").isChecked()).toBe(true);
    expect(await page.getByTestId("z-exaggeration").locator("xpath=..").textContent()).toContain("× 200");
    await canvasShot("10-from-hash");
    expect(pageErrors).toEqual([]);
  });
});
