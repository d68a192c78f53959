/**
 * An `afmsims embed` folder in Debian chromium, served by a plain static server under a sub-path
 * with a strict CSP: it renders, asks nothing of any other origin, runs two instances on one page,
 * shows file labels as text, and shows bad sources as an error inside the element. A second
 * folder, made with --dtype f16 and the example supplementary page, renders both of its views.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeEmbedFolder } from "../../src/embed/embedFolder.js";
import { EMBED_CSP, VIEWER_MODULE } from "../../src/embed/embedPage.js";
import { readVolumeFile } from "../../src/io/nodeFiles.js";
import { writeVolume } from "../../src/io/writeVolume.js";
import { showOnlyChannels } from "../../src/embed/channelSelection.js";
import { encodeViewState } from "../../src/viewer/app/hashState.js";
import { prepareVolume } from "../../src/viewer/app/loadedVolume.js";
import { DEFAULT_MAX_TEXELS } from "../../src/viewer/lib/texturePlan.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { CHROMIUM, launchChromium } from "../e2e/support/browser.js";
import { REPO_ROOT } from "../e2e/support/buildViewer.js";
import { imageStats } from "../e2e/support/imageStats.js";
import { serveStatic, type StaticServer } from "../e2e/support/staticServer.js";
import { VIEWER_BACKGROUND as BACKGROUND } from "../e2e/support/viewerCanvas.js";

const HOSTILE_LABEL = "<img src=x onerror=alert(1)>";
const SUB_PATH = "papers/2026/supp/";
const EXAMPLE_PATH = "papers/2026/example/";
const EXAMPLE_PAGE = join(REPO_ROOT, "public", "supplementary-example.html");

/** A host page of our own, with the same CSP as the embed folder's and no inline script. */
function hostPage(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${EMBED_CSP}">
<link rel="icon" href="data:,">
<style>afmsims-viewer { width: 420px; height: 300px; display: inline-block; }</style>
<script type="module" src="./${VIEWER_MODULE}"></script></head><body>${body}</body></html>`;
}

/** Records what the page does that a test must see: element events, CSP violations, dialogs. */
const RECORDER = `
window.__events = [];
for (const type of ["load", "error", "view-change", "roi-change"]) {
  document.addEventListener(type, (event) => {
    const target = event.target;
    if (target instanceof HTMLElement && target.localName === "afmsims-viewer") {
      window.__events.push({ type, id: target.id, detail: type === "view-change" ? event.detail.view : type === "roi-change" ? event.detail.rois : event.detail });
    }
  }, true);
}
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
`;

interface RecordedEvent {
  type: string;
  id: string;
  detail: unknown;
}

describe.skipIf(!existsSync(CHROMIUM))("embed folder in a browser", () => {
  let root: string;
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  /** A blank page without CSP, where screenshots are decoded (the CSP'd pages may not fetch data: URLs). */
  let statsPage: Page;
  const requests: string[] = [];
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "afmsims-embed-"));
    const viewerBuild = join(root, "viewer-build");
    await build({ root: REPO_ROOT, configFile: join(REPO_ROOT, "vite.embed.config.ts"), logLevel: "warn", build: { outDir: viewerBuild, emptyOutDir: true } });
    const { source: _source, ...model } = syntheticVolume();
    model.labels[1] = HOSTILE_LABEL;
    const volume = join(root, "sample.volume.h5");
    await writeVolume(volume, model);
    const folder = join(root, "site", SUB_PATH);
    mkdirSync(join(folder, ".."), { recursive: true });
    await writeEmbedFolder({ volume, out: folder, viewerBuild });
    const { source: _plain, ...plain } = syntheticVolume();
    const plainVolume = join(root, "plain.volume.h5");
    await writeVolume(plainVolume, plain);
    await writeEmbedFolder({ volume: plainVolume, out: join(root, "site", EXAMPLE_PATH), viewerBuild, dtype: "f16", page: EXAMPLE_PAGE });
    writeFileSync(
      join(folder, "two.html"),
      hostPage(`<afmsims-viewer id="mip" src="volume.h5" view="#m=mip&zx=4"></afmsims-viewer>
<afmsims-viewer id="iso" src="volume.h5" view="#m=iso&zx=8" controls="minimal"></afmsims-viewer>`),
    );
    writeFileSync(join(folder, "notes.h5"), "these are notes, not HDF5\n");
    writeFileSync(
      join(folder, "bad.html"),
      hostPage(`<afmsims-viewer id="missing" src="missing.h5"></afmsims-viewer>
<afmsims-viewer id="notes" src="notes.h5"></afmsims-viewer>
<afmsims-viewer id="nosrc"></afmsims-viewer>
<script>window.__inlineRan = true;</script>`),
    );
    server = await serveStatic(join(root, "site"));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 900, height: 640 } });
    context.on("request", (request) => requests.push(request.url()));
    context.on("page", (page) => {
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on("pageerror", (error) => pageErrors.push(error.message));
    });
    await context.addInitScript(RECORDER);
    statsPage = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const events = (page: Page) => page.evaluate(() => (window as unknown as { __events: RecordedEvent[] }).__events);
  const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  const waitFrames = (page: Page, scope: string) =>
    page.waitForFunction(
      (selector) => {
        const host = document.querySelector(selector);
        return Number(host?.shadowRoot?.querySelector("[data-testid=viewer-canvas]")?.getAttribute("data-frames") ?? 0) > 0;
      },
      scope,
      { timeout: 90_000 },
    );

  it("renders its index.html under a sub-path, with only same-origin requests and no CSP violation", async () => {
    const page = await context.newPage();
    const address = new URL(SUB_PATH, server.url).href;
    // The CLI's static server maps only "/" to index.html, as some plain hosts do: name the file.
    await page.goto(address + "index.html");
    await waitFrames(page, "afmsims-viewer");
    await page.waitForTimeout(500);
    const png = await page.locator("afmsims-viewer [data-testid=viewer-canvas] canvas").screenshot();
    expect((await imageStats(statsPage, png, BACKGROUND)).nonBackground).toBeGreaterThan(0.05);

    const origin = new URL(server.url).origin;
    const foreign = requests.filter((url) => !url.startsWith(origin + "/") && !url.startsWith("data:"));
    expect(foreign).toEqual([]);
    // The recorder saw the module, the worker and the volume, all from the sub-path.
    for (const file of [VIEWER_MODULE, "volume.h5"]) expect(requests).toContain(address + file);
    expect(requests.some((url) => url.startsWith(address + "assets/openFile.worker-"))).toBe(true);
    expect(await violations(page)).toEqual([]);
    expect((await events(page)).map((e) => e.type)).toContain("load");

    // The browser decoded the u8 codes as Node's reader does: the channel windows it derived from
    // the values (percentiles, maxima) are those derived here from the same compact file.
    const compact = prepareVolume(await readVolumeFile(join(root, "site", SUB_PATH, "volume.h5")), { max3dTextureSize: 2048, maxTexels: DEFAULT_MAX_TEXELS });
    const expected = encodeViewState(showOnlyChannels(compact.defaults, compact.labels, compact.volume.labels));
    const channelsField = (view: string) => /&ch=([^&]*)/.exec(view)?.[1];
    const shown = await page.evaluate(() => (document.querySelector("afmsims-viewer") as HTMLElement & { view: string }).view);
    expect(channelsField(expected)).toMatch(/^1,[0-9a-f]{6},/);
    expect(channelsField(shown)).toBe(channelsField(expected));
    await page.close();
  });

  it("shows an HDF5 label as literal text and runs nothing from it", async () => {
    const page = await context.newPage();
    await page.goto(new URL(`${SUB_PATH}index.html`, server.url).href);
    await waitFrames(page, "afmsims-viewer");
    const labels = await page.locator("afmsims-viewer .legend-label").allTextContents();
    expect(labels).toContain(HOSTILE_LABEL);
    expect(await page.locator("afmsims-viewer img").count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests.filter((url) => new URL(url).pathname.endsWith("/x"))).toEqual([]);
    expect(readFileSync(join(root, "site", SUB_PATH, "index.html"), "utf8")).not.toContain("<img");
    await page.close();
  });

  it("runs two instances on one page, each with its own view from its attribute", async () => {
    const page = await context.newPage();
    await page.goto(new URL(`${SUB_PATH}two.html`, server.url).href);
    await waitFrames(page, "#mip");
    await waitFrames(page, "#iso");
    const loads = (await events(page)).filter((e) => e.type === "load").map((e) => e.id);
    expect(loads.sort()).toEqual(["iso", "mip"]);
    const views = await page.evaluate(() => ["mip", "iso"].map((id) => (document.getElementById(id) as HTMLElement & { view: string }).view));
    expect(views[0]).toMatch(/^#m=mip&zx=4&/);
    expect(views[1]).toMatch(/^#m=iso&zx=8&/);
    // controls="minimal" hides the panel of the second only.
    expect(await page.locator("#mip .panel").isVisible()).toBe(true);
    expect(await page.locator("#iso .panel").isVisible()).toBe(false);
    for (const id of ["mip", "iso"]) {
      const png = await page.locator(`#${id} [data-testid=viewer-canvas] canvas`).screenshot();
      expect((await imageStats(statsPage, png, BACKGROUND)).nonBackground).toBeGreaterThan(0.02);
    }
    expect(await violations(page)).toEqual([]);

    // Changing an attribute changes that instance only, and it reports the new view.
    const before = (await events(page)).length;
    await page.evaluate(() => document.getElementById("mip")!.setAttribute("channels", "Na2F+"));
    await page.waitForFunction((n) => (window as unknown as { __events: RecordedEvent[] }).__events.length > n, before);
    expect(await page.locator("#mip .legend-label").allTextContents()).toEqual(["Na2F+"]);
    expect((await page.locator("#iso .legend-label").allTextContents()).length).toBeGreaterThan(1);
    const changes = (await events(page)).slice(before);
    expect(changes.map((e) => `${e.type} ${e.id}`)).toContain("view-change mip");
    expect(changes.every((e) => e.id === "mip")).toBe(true);

    // A region set through the view attribute is announced as a roi-change.
    const beforeRoi = (await events(page)).length;
    await page.evaluate(() => document.getElementById("iso")!.setAttribute("view", "#roi=spot,circle%3A5%2C5%2C2"));
    await page.waitForFunction((n) => (window as unknown as { __events: RecordedEvent[] }).__events.length > n, beforeRoi);
    const roiChanges = (await events(page)).slice(beforeRoi).filter((e) => e.type === "roi-change");
    expect(roiChanges).toEqual([{ type: "roi-change", id: "iso", detail: [{ name: "spot", shape: "circle:5,5,2" }] }]);
    await page.close();
  });

  it("shows a 404, a non-HDF5 file and a missing src as an error inside each element's box", async () => {
    const page = await context.newPage();
    await page.goto(new URL(`${SUB_PATH}bad.html`, server.url).href);
    await page.waitForFunction(() => (window as unknown as { __events: RecordedEvent[] }).__events.filter((e) => e.type === "error").length >= 3, null, {
      timeout: 60_000,
    });
    const errors = Object.fromEntries((await events(page)).filter((e) => e.type === "error").map((e) => [e.id, (e.detail as { message: string }).message]));
    expect(errors.missing).toMatch(/missing\.h5: the server answered 404/);
    expect(errors.notes).toMatch(/notes\.h5: .*HDF5/i);
    expect(errors.nosrc).toMatch(/no src attribute/);
    for (const id of ["missing", "notes", "nosrc"]) {
      const alert = page.locator(`#${id} [role=alert]`);
      expect(await alert.textContent()).toContain(errors[id]);
      const box = (await alert.boundingBox())!;
      const host = (await page.locator(`#${id}`).boundingBox())!;
      expect(box.x >= host.x && box.y >= host.y && box.x + box.width <= host.x + host.width + 1 && box.y + box.height <= host.y + host.height + 1).toBe(true);
    }
    expect(pageErrors).toEqual([]);
    // The CSP is in force: the inline script planted in this page was refused, and reported.
    expect(await page.evaluate(() => "__inlineRan" in window)).toBe(false);
    expect((await violations(page)).some((v) => v.startsWith("script-src"))).toBe(true);
    await page.close();
  });

  it("renders both views of the example supplementary page, from an f16 copy decoded as Node's reader decodes it", async () => {
    const page = await context.newPage();
    const address = new URL(EXAMPLE_PATH, server.url).href;
    await page.goto(address + "index.html");
    await waitFrames(page, "#salts");
    await waitFrames(page, "#oxide");
    await page.waitForTimeout(500);
    const loads = (await events(page)).filter((e) => e.type === "load").map((e) => e.id);
    expect(loads.sort()).toEqual(["oxide", "salts"]);
    expect(await page.locator("#salts .legend-label").allTextContents()).toEqual(["Na2F+", "Na2Cl+"]);
    expect(await page.locator("#oxide .legend-label").allTextContents()).toEqual(["Na2O+"]);
    for (const id of ["salts", "oxide"]) {
      const png = await page.locator(`#${id} [data-testid=viewer-canvas] canvas`).screenshot();
      expect((await imageStats(statsPage, png, BACKGROUND)).nonBackground).toBeGreaterThan(0.02);
    }
    // The page keeps the CSP that embed's own index.html declares, and needs nothing beyond it.
    expect(readFileSync(EXAMPLE_PAGE, "utf8")).toContain(`content="${EMBED_CSP}"`);
    expect(await violations(page)).toEqual([]);
    const origin = new URL(server.url).origin;
    expect(requests.filter((url) => !url.startsWith(origin + "/") && !url.startsWith("data:"))).toEqual([]);

    // The channel windows the browser derived from the binary16 voxels are those derived here.
    const compact = prepareVolume(await readVolumeFile(join(root, "site", EXAMPLE_PATH, "volume.h5")), { max3dTextureSize: 2048, maxTexels: DEFAULT_MAX_TEXELS });
    const expected = encodeViewState(showOnlyChannels(compact.defaults, compact.labels, ["Na2F+", "Na2Cl+"]));
    const shown = await page.evaluate(() => (document.getElementById("salts") as HTMLElement & { view: string }).view);
    const channelsField = (view: string) => /&ch=([^&]*)/.exec(view)?.[1];
    expect(channelsField(shown)).toBe(channelsField(expected));
    await page.close();
  });
});
