/**
 * What `npm start` shows, in chromium: `afmsims view` on the bundled demo (reconstructed in Node,
 * served with the built viewer and embed module), and public/'s example supplementary page.
 */
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledDemo, EXAMPLE_PAGE, startViewer, viewerBuild } from "../../src/cli/commands/view.js";
import { silentProgress } from "../../src/cli/progress.js";
import { CHROMIUM, launchChromium } from "./support/browser.js";
import { settledAfter } from "./support/frames.js";
import { imageStats } from "./support/imageStats.js";
import { VIEWER_BACKGROUND, viewerCanvasShot } from "./support/viewerCanvas.js";

const built = existsSync(path.join(viewerBuild, "index.html"));

describe.skipIf(!existsSync(CHROMIUM) || !built)("npm start: the bundled demo in chromium", () => {
  let server: Server;
  let url: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const started = await startViewer(bundledDemo, 0, { stdout: () => {}, stderr: () => {}, progress: silentProgress });
    server = started.server;
    url = started.url;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it("opens the demo on a 3D view in which the SEI spots stand out in pink over the grey total ion", async () => {
    await page.goto(url);
    await settledAfter(page);
    expect(await page.getByTestId("dataset-title").textContent()).toContain("demo.h5");
    const stats = await imageStats(page, await viewerCanvasShot(page, "demo-default"), VIEWER_BACKGROUND);
    expect(stats.nonBackground).toBeGreaterThan(0.1);
    // Three spots of a few micrometres in a 40 um field: some pink, but not the whole matrix of
    // hard-carbon particles, whose weak Na2Cl+ background the default window leaves transparent.
    expect(stats.pink).toBeGreaterThan(0.0002);
    expect(stats.pink).toBeLessThan(0.02);
    expect(pageErrors).toEqual([]);
  });

  it("serves the example supplementary page with both embedded views rendering the demo", async () => {
    await page.goto(new URL(EXAMPLE_PAGE, url).href);
    // The page's CSP forbids fetching data: URLs, which imageStats decodes screenshots with.
    const scratch = await browser.newPage();
    for (const id of ["salts", "oxide"]) {
      await page.waitForFunction(
        (id) => {
          const canvas = document.getElementById(id)?.shadowRoot?.querySelector("[data-testid=viewer-canvas]");
          return Number(canvas?.getAttribute("data-frames") ?? 0) > 0;
        },
        id,
        { timeout: 120_000 },
      );
      const png = await page.locator(`#${id} [data-testid=viewer-canvas] canvas`).screenshot();
      expect((await imageStats(scratch, png, VIEWER_BACKGROUND)).nonBackground, id).toBeGreaterThan(0.05);
    }
    expect(pageErrors).toEqual([]);
  });
});
