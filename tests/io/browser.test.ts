/**
 * The browser path end to end: a vite build of a test page, Debian's chromium through
 * playwright-core, files fetched as File objects and opened both ways (copied into h5wasm's
 * memory, and mounted with WORKERFS) by the viewer's own worker (openInWorker), whose messages
 * the page shows, and, for inputs, by the same reading modules without the reconstruction.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeVolume } from "../../src/io/writeVolume.js";
import { hasH5py, makeTempDir, writeFixtures, type Fixtures } from "./h5pyFixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`${CHROMIUM} is missing: the browser tests are skipped`);

const PAGE_ROOT = fileURLToPath(new URL("./browser", import.meta.url));

/** Serves the built page under / and the fixture files under /files/. */
function serve(pageDir: string, filesDir: string): Promise<http.Server> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript" };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const [base, relative] = url.pathname.startsWith("/files/")
      ? [filesDir, url.pathname.slice("/files/".length)]
      : [pageDir, url.pathname === "/" ? "index.html" : url.pathname.slice(1)];
    const file = path.join(base, decodeURIComponent(relative));
    if (!file.startsWith(base) || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

interface OpenResult {
  error?: string;
  counts?: number[];
  countsType?: string;
  before?: number[];
  labels?: string[];
  voxels?: number[];
  zTop?: number;
}

/**
 * Opens a served file in the page, with the viewer's worker or by reading it as an input; the
 * arrays come back as plain arrays.
 */
function openInPage(page: Page, name: string, kind: "input" | "viewer", mountAbove: number): Promise<OpenResult> {
  return page.evaluate(
    async ({ name, kind, mountAbove }) => {
      const blob = await (await fetch(`/files/${name}`)).blob();
      const file = new File([blob], name);
      try {
        if (kind === "viewer") {
          const { volume } = await window.afmsims.openInViewer(file, mountAbove);
          return { voxels: Array.from(volume.data), labels: volume.labels, zTop: volume.zTop };
        }
        const model = await window.afmsims.readInput(file, mountAbove);
        return {
          counts: Array.from(model.sims.counts),
          countsType: model.sims.counts.constructor.name,
          before: Array.from(model.afmBefore.heights),
          labels: model.sims.labels,
        };
      } catch (err) {
        return { error: `${(err as Error).name}: ${(err as Error).message}` };
      }
    },
    { name, kind, mountAbove },
  );
}

describe.skipIf(!hasChromium || !hasH5py)("opening files in the browser", () => {
  let fixtures: Fixtures;
  let outDir: string;
  let server: http.Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fixtures = writeFixtures();
    outDir = makeTempDir("browser-page");
    await build({
      root: PAGE_ROOT,
      configFile: false,
      logLevel: "error",
      worker: { format: "es" },
      build: { outDir, emptyOutDir: true, minify: false, chunkSizeWarningLimit: 10_000 },
    });
    server = await serve(outDir, fixtures.dir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox"] });
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => document.title === "ready");
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
    for (const dir of [outDir, fixtures?.dir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [way, mountAbove] of [["copied", Number.MAX_SAFE_INTEGER], ["mounted with WORKERFS", 0]] as const) {
    it(`reads inputs exactly when ${way}`, async () => {
      for (const name of ["input-u8-be.h5", "input-f4-le.h5", "input-i2-be.h5"]) {
        const expected = fixtures.valid[name];
        const result = await openInPage(page, name, "input", mountAbove);
        expect(result.error, name).toBeUndefined();
        expect(result.counts).toEqual(expected.counts);
        expect(result.countsType).toBe(expected.counts_float32 ? "Float32Array" : "Float64Array");
        expect(result.before).toEqual(expected.before);
        expect(result.labels).toEqual(expected.labels);
      }
    });

    it(`refuses bad files with the Node reader's message when ${way}`, async () => {
      const result = await openInPage(page, "non-finite-heights.h5", "input", mountAbove);
      expect(result.error).toBe("AfmsimsError: non-finite-heights.h5: /afm/before: 2 non-finite heights (the first at row 1, col 2)");
      const huge = await openInPage(page, "huge.h5", "input", mountAbove);
      expect(huge.error).toMatch(/^AfmsimsError: huge.h5: \/sims\/counts: declares .* too large to hold in memory/);
    });
  }

  it("refuses a truncated file before h5wasm opens it", async () => {
    const whole = fs.readFileSync(path.join(fixtures.dir, "minimal.h5"));
    fs.writeFileSync(path.join(fixtures.dir, "cut.h5"), whole.subarray(0, whole.length >> 1));
    const result = await openInPage(page, "cut.h5", "viewer", 0);
    expect(result.error).toMatch(/^AfmsimsError: cut.h5: truncated HDF5 file: it has \d+ bytes but its superblock declares \d+$/);
  });

  it("opens a volume that the Node writer wrote", async () => {
    const data = new Float32Array([1.5, NaN, 3, 4]);
    await writeVolume(path.join(fixtures.dir, "volume.h5"), {
      data,
      channels: 1,
      nz: 1,
      rows: 2,
      cols: 2,
      voxelSize: [1e-9, 2e-7, 2e-7],
      zTop: 2.5e-9,
      labels: ["Na2O+"],
      surfaceBefore: new Float32Array(4),
      surfaceAfter: new Float32Array(4),
      afmToSims: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]),
      drift: new Float64Array(2),
      layers: 1,
      layerDepth: new Float32Array(8),
    });
    const result = await openInPage(page, "volume.h5", "viewer", 0);
    expect(result.error).toBeUndefined();
    // NaN does not survive page.evaluate's serialisation as NaN in an array, so compare the finite ones.
    expect(result.voxels?.filter((v) => v !== null && Number.isFinite(v))).toEqual([1.5, 3, 4]);
    expect(result).toMatchObject({ labels: ["Na2O+"], zTop: 2.5e-9 });
  });
});
