/**
 * The viewer page in real (headless, software-WebGL2) chromium: built with Vite, served locally,
 * opened on the synthetic sample.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium } from "./support/browser.js";
import { buildViewer, REPO_ROOT } from "./support/buildViewer.js";
import { settledAfter } from "./support/frames.js";
import { imageStats, meanAbsoluteDifference } from "./support/imageStats.js";
import { serveStatic, type StaticServer } from "./support/staticServer.js";

/** The viewer's background, #0d1117. */
const BACKGROUND: [number, number, number] = [0x0d, 0x11, 0x17];
const SCREENSHOTS = join(REPO_ROOT, "test-output", "viewer");

describe.skipIf(!existsSync(CHROMIUM))("viewer page in chromium", () => {
  let buildDir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const canvasShot = async (name: string) => {
    const png = await page.locator("[data-testid=viewer-canvas] canvas").screenshot();
    writeFileSync(join(SCREENSHOTS, `${name}.png`), png);
    return png;
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
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

  it("renders every mode, and restores a view from the URL hash", async () => {
    for (const mode of ["MIP", "Isosurface"]) {
      await settledAfter(page, () => page.getByTestId("render-mode").getByText(mode).click());
      const stats = await imageStats(page, await canvasShot(`07-mode-${mode.toLowerCase()}`), BACKGROUND);
      expect(stats.pink, mode).toBeGreaterThan(0.01);
    }
    await page.evaluate(() => (location.hash = "#m=composite&zx=200&sl=0.5,-,-"));
    await page.reload();
    await settledAfter(page);
    expect(await page.getByTestId("render-mode").getByRole("radio", { checked: true }).textContent()).toBe("Composite");
    expect(await page.getByTestId("slice-x").isChecked()).toBe(true);
    expect(await page.getByTestId("z-exaggeration").locator("xpath=..").textContent()).toContain("× 200");
    await canvasShot("08-from-hash");
    expect(pageErrors).toEqual([]);
  });
});
