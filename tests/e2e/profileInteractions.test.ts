/**
 * Interacting with the profiles in chromium: a drawn region moved with Select is charted as a
 * draft while it moves and then profiled exactly at its new place (the CLI's CSV), and the log /
 * linear switch redraws the chart and switches back to the same image.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { profileRegion } from "../../src/profile/region.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { CHROMIUM } from "./support/browser.js";
import { settledAfter } from "./support/frames.js";
import { meanAbsoluteDifference } from "./support/imageStats.js";
import { startViewerSession, type ViewerSession } from "./support/viewerSession.js";

const numbersOf = (rect: string) => rect.replace(/^rect:/, "").split(",").map(Number);

describe.skipIf(!existsSync(CHROMIUM))("moving regions and switching the profile scale in chromium", () => {
  let session: ViewerSession;
  let page: Page;
  // The sample the page opens on without ?src= (syntheticVolumeProvider's defaults).
  const volume = syntheticVolume();
  const region = () => page.getByTestId("profile-region").first();

  beforeAll(async () => {
    session = await startViewerSession();
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(session.url);
    await settledAfter(page);
  });

  afterAll(() => session?.close());

  it("drafts a moved region while it moves and profiles it exactly where it is dropped", async () => {
    const box = (await page.getByTestId("map-canvas").boundingBox())!;
    const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
    await page.getByTestId("draw-tool").getByText("Rect").click();
    const [x0, y0] = at(0.2, 0.2);
    const [x1, y1] = at(0.55, 0.6);
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(x1, y1, { steps: 4 });
    await page.mouse.up();
    await region().getByTestId("export-csv").waitFor({ timeout: 20_000 });
    const drawn = (await region().locator("code").textContent())!;

    await page.getByTestId("draw-tool").getByText("Select").click();
    const shift = [box.width * 0.25, box.height * 0.1];
    const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + shift[0] / 2, cy + shift[1] / 2, { steps: 3 });
    // More pixels than a draft uses (about 1900 of 128 x 128): charted from a sample while it moves.
    await page.waitForFunction(() => /^draft: \d+ of \d+ px$/.test(document.querySelector("[data-testid=profile-region] .profile-pixels")?.textContent ?? ""));
    await page.mouse.move(cx + shift[0], cy + shift[1], { steps: 3 });
    await page.mouse.up();
    await region().getByTestId("export-csv").waitFor({ timeout: 20_000 });

    const moved = (await region().locator("code").textContent())!;
    const [before, after] = [numbersOf(drawn), numbersOf(moved)];
    // The map's scale, from the drawn rectangle: its size in um over the drag in screen pixels.
    const umPerPixel = [(before[2]! - before[0]!) / (x1 - x0), (before[3]! - before[1]!) / (y1 - y0)];
    // Moved by the drag, to within a screen pixel; the size kept to the nanometre of the text.
    for (const [i, axis] of [[0, 0], [1, 1], [2, 0], [3, 1]]) expect(Math.abs(after[i]! - before[i]! - shift[axis]! * umPerPixel[axis]!)).toBeLessThan(umPerPixel[axis]! * 1.5);
    expect(after[2]! - after[0]!).toBeCloseTo(before[2]! - before[0]!, 3);
    expect(after[3]! - after[1]!).toBeCloseTo(before[3]! - before[1]!, 3);

    const expected = profileRegion(volume, moved);
    expect(await region().locator(".profile-pixels").textContent()).toBe(`${expected.context.pixels} px`);
    const [file] = await Promise.all([page.waitForEvent("download"), region().getByTestId("export-csv").click()]);
    expect(readFileSync((await file.path())!, "utf8")).toBe(expected.csv());
  });

  it("redraws the chart on a linear axis and back on a log one", async () => {
    const chart = page.getByTestId("profile-chart");
    const shot = () => chart.screenshot();
    const log = await shot();
    await page.getByTestId("profile-scale").getByText("Linear").click();
    await page.waitForTimeout(300);
    const linear = await shot();
    // Counts spanning decades: on a linear axis the low channels flatten, the lines move a lot.
    expect(await meanAbsoluteDifference(page, log, linear)).toBeGreaterThan(1);
    await page.getByTestId("profile-scale").getByText("Log").click();
    await page.waitForTimeout(300);
    expect(await meanAbsoluteDifference(page, log, await shot())).toBeLessThan(0.05);
  });
});
