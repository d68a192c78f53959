/**
 * Screenshots of the main views of the synthetic sample (deterministic) at a fixed viewport,
 * compared with the PNGs committed under tests/e2e/baselines/ (half size): the mean absolute
 * difference and the fraction of strongly differing pixels must stay within tolerances that
 * software-GL jitter stays inside and a changed channel colour does not (checked here too).
 *
 * After an intended change of the look: `UPDATE_BASELINES=1 npx vitest run tests/e2e/baselines.test.ts`
 * rewrites the baselines; look at them before committing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { halfSize, imageDifference } from "./support/baselineImages.js";
import { CHROMIUM } from "./support/browser.js";
import { settledAfter } from "./support/frames.js";
import { startViewerSession, type ViewerSession } from "./support/viewerSession.js";

const BASELINES = join(import.meta.dirname, "baselines");
const UPDATE = process.env.UPDATE_BASELINES === "1";
/** Mean absolute difference per colour channel (0..255) a view may have from its baseline. */
const MEAN_TOLERANCE = 1.5;
/** Fraction of strongly differing pixels a view may have: a few outline pixels, not a recoloured crystal. */
const STRONG_TOLERANCE = 0.003;

const CANVAS = "[data-testid=viewer-canvas] canvas";
const PANELS = "[data-testid=analysis]";
// Legends and buttons over the canvas carry text whose rendering varies with the fonts installed.
const HIDE_OVERLAYS = ".legend, .small-button { visibility: hidden; }";

const VIEWS: { name: string; hash: string; element: string }[] = [
  { name: "composite", hash: "", element: CANVAS },
  { name: "mip", hash: "#m=mip", element: CANVAS },
  { name: "isosurface", hash: "#m=iso", element: CANVAS },
  { name: "slice-x", hash: "#m=composite&sl=0.5,-,-", element: CANVAS },
  { name: "map-and-profile", hash: `#roi=Crystals,${encodeURIComponent("rect:6,6,24,20")}`, element: PANELS },
];

describe.skipIf(!existsSync(CHROMIUM))("the main views match their baselines", () => {
  let session: ViewerSession;
  let page: Page;

  beforeAll(async () => {
    session = await startViewerSession();
    page = session.page;
    await page.setViewportSize({ width: 720, height: 680 });
  });

  afterAll(() => session?.close());

  /** Opens the page on `hash`, waits for the view (and any profile) to be final, and shoots `element` at half size. */
  async function shoot(hash: string, element: string): Promise<Buffer> {
    await page.goto("about:blank");
    await page.goto(`${session.url}${hash}`);
    await settledAfter(page);
    if (element === PANELS) await page.getByTestId("export-csv").first().waitFor({ timeout: 30_000 });
    return halfSize(page, await page.locator(element).screenshot({ style: HIDE_OVERLAYS }));
  }

  function baseline(name: string): Buffer {
    const file = join(BASELINES, `${name}.png`);
    if (!existsSync(file)) {
      throw new Error(`no baseline ${file}: run UPDATE_BASELINES=1 npx vitest run tests/e2e/baselines.test.ts and commit the PNGs after looking at them`);
    }
    return readFileSync(file);
  }

  for (const { name, hash, element } of VIEWS) {
    it(`${name} matches its baseline`, async () => {
      const shot = await shoot(hash, element);
      if (UPDATE) {
        mkdirSync(BASELINES, { recursive: true });
        writeFileSync(join(BASELINES, `${name}.png`), shot);
      }
      const difference = await imageDifference(page, shot, baseline(name));
      console.log(`${name}: mean absolute difference ${difference.meanAbsolute.toFixed(3)}, strongly differing ${(difference.strongly * 100).toFixed(3)} %`);
      expect(difference.meanAbsolute).toBeLessThan(MEAN_TOLERANCE);
      expect(difference.strongly).toBeLessThan(STRONG_TOLERANCE);
    });
  }

  it("fails a view without a baseline, saying how to make one", () => {
    expect(() => baseline("no-such-view")).toThrow(/no baseline .*no-such-view\.png: run UPDATE_BASELINES=1 npx vitest run tests\/e2e\/baselines\.test\.ts/);
  });

  it("tells a changed channel colour from the baseline", async () => {
    await shoot("", CANVAS);
    await settledAfter(page, () => page.getByLabel("Colour of Na2Cl+").fill("#22cc22"));
    const recoloured = await halfSize(page, await page.locator(CANVAS).screenshot({ style: HIDE_OVERLAYS }));
    const difference = await imageDifference(page, recoloured, baseline("composite"));
    console.log(`Na2Cl+ green instead of pink: mean absolute difference ${difference.meanAbsolute.toFixed(3)}, strongly differing ${(difference.strongly * 100).toFixed(3)} %`);
    expect(difference.strongly).toBeGreaterThan(STRONG_TOLERANCE);
  });
});
