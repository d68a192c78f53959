/**
 * The 2D panels in real chromium: regions drawn on the map with the mouse are profiled with the
 * numbers `afmsims profile` gives for the same region of the same file, the CSV export downloads
 * the CLI's exact output, the regions survive a reload through the URL hash, and the PNG exports
 * hold real images.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";
import { writeVolume } from "../../src/io/writeVolume.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { CHROMIUM, launchChromium } from "./support/browser.js";
import { buildViewer } from "./support/buildViewer.js";
import { settledAfter } from "./support/frames.js";
import { imageStats } from "./support/imageStats.js";
import { serveStatic, type StaticServer } from "./support/staticServer.js";
import { VIEWER_BACKGROUND } from "./support/viewerCanvas.js";

const FILE = "sample.h5";

/** `afmsims profile FILE --roi SHAPE` run from the served folder, so the CSV names the file as the page does. */
async function cliProfile(folder: string, shape: string): Promise<string> {
  let stdout = "";
  let stderr = "";
  const cwd = process.cwd();
  process.chdir(folder);
  try {
    const status = await main(["profile", FILE, "--roi", shape], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), progress: silentProgress });
    expect(status, stderr).toBe(0);
  } finally {
    process.chdir(cwd);
  }
  return stdout;
}

/** The data rows of a profile CSV as numbers. */
function csvRows(csv: string): number[][] {
  return csv
    .trim()
    .split("\n")
    .filter((line) => !line.startsWith("#"))
    .slice(1)
    .map((line) => line.split(",").map(Number));
}

describe.skipIf(!existsSync(CHROMIUM))("map, regions and profiles in chromium", () => {
  let buildDir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  /** A point of the map canvas at fractions of its size. */
  const mapPoint = async (fx: number, fy: number) => {
    const box = (await page.getByTestId("map-canvas").boundingBox())!;
    return [box.x + box.width * fx, box.y + box.height * fy] as const;
  };

  /** The numbers of region `index`'s table as the page shows them. */
  const tableRows = async (index: number): Promise<number[][]> => {
    const region = page.getByTestId("profile-region").nth(index);
    const details = region.locator("details");
    if (!(await details.evaluate((element: HTMLDetailsElement) => element.open))) await region.getByText("values").click();
    await region.getByTestId("profile-table").waitFor();
    return region.getByTestId("profile-table").evaluate((table: HTMLTableElement) =>
      Array.from(table.tBodies[0].rows, (row) => Array.from(row.cells, (cell) => (cell.textContent === "–" ? Number.NaN : Number(cell.textContent)))),
    );
  };

  const shapeOf = (index: number) => page.getByTestId("profile-region").nth(index).locator("code").textContent() as Promise<string>;

  const expectSameNumbers = (shown: number[][], cli: number[][]) => {
    expect(shown.length).toBe(cli.length);
    shown.forEach((row, j) =>
      row.forEach((value, c) => {
        // The table shows five significant digits of the CLI's seven.
        if (Number.isNaN(cli[j][c])) expect(value).toBeNaN();
        else expect(Math.abs(value - cli[j][c]), `row ${j} column ${c}`).toBeLessThanOrEqual(Math.abs(cli[j][c]) * 1e-4 + 1e-12);
      }),
    );
  };

  const download = async (testId: string, index = 0): Promise<Download> => {
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).nth(index).click()]);
    return file;
  };

  beforeAll(async () => {
    buildDir = await buildViewer();
    const { source: _source, ...model } = syntheticVolume();
    await writeVolume(join(buildDir, FILE), model);
    server = await serveStatic(buildDir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(`${server.url}?src=${FILE}`);
    await page.getByTestId("dataset-title").filter({ hasText: FILE }).waitFor({ timeout: 60_000 });
    await settledAfter(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  it("charts a rectangle while it is dragged and shows the CLI's profile of the drawn region", async () => {
    await page.getByTestId("draw-tool").getByText("Rect").click();
    const [x0, y0] = await mapPoint(0.3, 0.25);
    const [x1, y1] = await mapPoint(0.5, 0.6);
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 3 });
    // Live: the region is profiled before the button is released.
    await page.getByTestId("profile-region").first().waitFor({ timeout: 5_000 });
    const whileDragging = await shapeOf(0);
    await page.mouse.move(x1, y1, { steps: 3 });
    await page.mouse.up();

    // The released shape is in the region store (the list under Regions); the chart follows it.
    const shape = (await page.getByTestId("region-list").locator("code").textContent())!.replace(/^--roi '(.*)'$/, "$1");
    expect(shape).toMatch(/^rect:[\d.]+,[\d.]+,[\d.]+,[\d.]+$/);
    expect(shape).not.toBe(whileDragging);
    await page.waitForFunction((text) => document.querySelector("[data-testid=profile-region] code")?.textContent === text, shape);
    const cli = csvRows(await cliProfile(buildDir, shape));
    expect(cli.length).toBeGreaterThan(20);
    expectSameNumbers(await tableRows(0), cli);
  });

  it("downloads the CLI's exact CSV for the drawn region", async () => {
    const shape = await shapeOf(0);
    const file = await download("export-csv");
    expect(file.suggestedFilename()).toBe("sample-Region_1.csv");
    expect(readFileSync((await file.path())!, "utf8")).toBe(await cliProfile(buildDir, shape));
  });

  it("closes a clicked polygon on a double click, profiles it too, and deletes a selected region", async () => {
    await page.getByTestId("draw-tool").getByText("Polygon").click();
    const vertices = [await mapPoint(0.55, 0.2), await mapPoint(0.75, 0.3), await mapPoint(0.6, 0.7)];
    for (const [x, y] of vertices.slice(0, 2)) await page.mouse.click(x, y);
    await page.mouse.dblclick(vertices[2][0], vertices[2][1]);
    await page.getByTestId("profile-region").nth(1).waitFor();
    const polygon = await shapeOf(1);
    expect(polygon.split(",")).toHaveLength(6);
    expectSameNumbers(await tableRows(1), csvRows(await cliProfile(buildDir, polygon)));

    await page.getByTestId("draw-tool").getByText("Select").click();
    const [cx, cy] = [(vertices[0][0] + vertices[1][0] + vertices[2][0]) / 3, (vertices[0][1] + vertices[1][1] + vertices[2][1]) / 3];
    await page.mouse.click(cx, cy);
    await page.keyboard.press("Delete");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=profile-region]").length === 1);
  });

  it("restores the drawn region and its profile from the URL hash after a reload", async () => {
    const shape = await shapeOf(0);
    const before = await tableRows(0);
    await page.waitForFunction((text) => location.hash.includes(`roi=Region%201,${encodeURIComponent(text)}`) && !location.hash.includes(";Region"), shape, {
      timeout: 5_000,
    });
    await page.reload();
    await page.getByTestId("dataset-title").filter({ hasText: FILE }).waitFor({ timeout: 60_000 });
    await settledAfter(page);
    expect(await page.getByTestId("profile-region").count()).toBe(1);
    expect(await shapeOf(0)).toBe(shape);
    expect(await tableRows(0)).toEqual(before);
  });

  it("exports PNGs of the chart and of the 3D view", async () => {
    const chart = readFileSync((await (await download("export-chart-png")).path())!);
    expect(chart.subarray(1, 4).toString()).toBe("PNG");
    expect((await imageStats(page, chart, [0x15, 0x1b, 0x23])).nonBackground).toBeGreaterThan(0.02);

    const view = await download("export-3d-png");
    expect(view.suggestedFilename()).toBe("sample-3d.png");
    const exported = readFileSync((await view.path())!);
    const stats = await imageStats(page, exported, VIEWER_BACKGROUND);
    // The 3D view, not a cleared drawing buffer: the image on screen, crystals and all.
    const canvas = page.locator("[data-testid=viewer-canvas] canvas");
    const screenshot = await canvas.screenshot({ style: ".legend, .small-button { visibility: hidden; }" });
    const onScreen = await imageStats(page, screenshot, VIEWER_BACKGROUND);
    const canvasSize = await canvas.evaluate((canvas: HTMLCanvasElement) => [canvas.width, canvas.height]);
    expect([stats.width, stats.height]).toEqual(canvasSize);
    expect(stats.nonBackground).toBeGreaterThan(0.05);
    expect(stats.pink).toBeGreaterThan(0.002);
    // The screenshot may be a row taller (fractional layout heights): compare what is drawn, not pixels.
    expect(Math.abs(stats.pink - onScreen.pink)).toBeLessThan(0.0002);
    expect(Math.abs(stats.nonBackground - onScreen.nonBackground)).toBeLessThan(0.005);
    expect(pageErrors).toEqual([]);
  });

  it("closes the panels to give the 3D view the whole height, and brings the regions back on reopening", async () => {
    const canvas = page.locator("[data-testid=viewer-canvas] canvas");
    const withPanels = (await canvas.boundingBox())!.height;
    await settledAfter(page, () => page.getByTestId("toggle-panels").click());
    expect(await page.getByTestId("analysis").count()).toBe(0);
    expect((await canvas.boundingBox())!.height).toBeGreaterThan(withPanels * 1.5);
    await page.getByTestId("toggle-panels").click();
    await page.getByTestId("profile-region").first().waitFor();
    expect(await page.getByTestId("profile-region").count()).toBe(1);
  });
});
