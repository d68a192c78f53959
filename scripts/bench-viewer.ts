// `npm run bench:viewer`: the viewer in headless Debian chromium, served exactly as `afmsims view`
// serves it. Measures (1) the time from opening the bundled demo to its first 3D frame and
// (2) the frame time while orbiting the 512 x 512 paper preset. Medians over several runs; prints
// a table and writes JSON to bench-results/. The GL backend is whatever chromium gets: SwiftShader
// (software) on the machines without a GPU, a GPU's driver with BENCH_VIEWER_GPU=1 on one.
// Runs on the built package: `npm run build` first.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { startViewer, bundledDemo } from "../src/cli/commands/view.js";
import type { CliContext } from "../src/cli/command.js";
import { silentProgress } from "../src/cli/progress.js";
import { CHROMIUM, launchChromium } from "../tests/e2e/support/browser.js";
import { REPO_ROOT } from "../tests/e2e/support/buildViewer.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ORBIT_FRAMES = Number(process.env.BENCH_ORBIT_FRAMES ?? 30);
const useGpu = process.env.BENCH_VIEWER_GPU === "1";
const VIEWPORT = { width: 1280, height: 800 };
const CANVAS = "[data-testid=viewer-canvas]";
const cacheDir = path.join(os.tmpdir(), "afmsims-bench-viewer");

const quietContext: CliContext = { stdout: () => {}, stderr: (text) => void process.stderr.write(text), progress: silentProgress };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function launch(): Promise<Browser> {
  if (!useGpu) return launchChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--ignore-gpu-blocklist", "--enable-gpu"] });
}

/** The 512 x 512 paper preset as an afmsims input, simulated once and kept between runs. */
function paperInput(): string {
  mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, "paper-512.input.h5");
  if (!existsSync(file)) {
    process.stderr.write("bench:viewer: simulating the 512 x 512 paper preset (once; kept in the temp folder)\n");
    execFileSync(
      path.join(REPO_ROOT, "bin", "afmsims"),
      ["simulate", "--preset", "paper", "--sims-pixels", "512", "--sims-field-um", "50", "--no-truth", "-o", file],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
  }
  return file;
}

async function framesDrawn(page: Page): Promise<number> {
  return Number(await page.getAttribute(CANVAS, "data-frames"));
}

async function glRenderer(page: Page): Promise<string> {
  return page.evaluate(() => {
    const gl = document.createElement("canvas").getContext("webgl2");
    if (!gl) return "no WebGL2";
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    return String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  });
}

/** Milliseconds from navigation to the first drawn frame of the volume, in a fresh page each run. */
async function timeToFirstFrame(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    const start = performance.now();
    await page.goto(url);
    await page.waitForFunction((selector) => Number(document.querySelector(selector)?.getAttribute("data-frames") ?? 0) > 0, CANVAS, {
      timeout: 120_000,
      polling: "raf",
    });
    return performance.now() - start;
  } finally {
    await page.close();
  }
}

/** Per-frame milliseconds while the camera is dragged round, one pointer move per frame. */
async function orbitFrameTimes(page: Page): Promise<number[]> {
  const box = (await page.locator(`${CANVAS} canvas`).boundingBox())!;
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  const times: number[] = [];
  for (let i = 1; i <= ORBIT_FRAMES; i++) {
    const before = await framesDrawn(page);
    const start = performance.now();
    await page.mouse.move(cx + 8 * i, cy + 2 * Math.sin(i / 3));
    await page.waitForFunction(({ selector, before }) => Number(document.querySelector(selector)?.getAttribute("data-frames")) > before, { selector: CANVAS, before }, {
      timeout: 60_000,
      polling: "raf",
    });
    times.push(performance.now() - start);
  }
  await page.mouse.up();
  return times;
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`bench:viewer needs Debian's chromium at ${CHROMIUM}`);
  const browser = await launch();
  const results: Record<string, unknown> = { date: new Date().toISOString(), cpus: os.cpus().length, runs: RUNS };
  try {
    const demo = await startViewer(bundledDemo, 0, quietContext);
    const firstFrame: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const ms = await timeToFirstFrame(browser, demo.url);
      if (run > 0) firstFrame.push(ms);
    }
    demo.server.close();

    const paper = await startViewer(paperInput(), 0, quietContext);
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(paper.url);
    await page.waitForFunction((selector) => Number(document.querySelector(selector)?.getAttribute("data-frames") ?? 0) > 0, CANVAS, { timeout: 300_000 });
    results.renderer = await glRenderer(page);
    const orbitMedians: number[] = [];
    for (let run = 0; run < RUNS; run++) orbitMedians.push(median(await orbitFrameTimes(page)));
    await page.close();
    paper.server.close();

    results.demoFirstFrameMs = { median: median(firstFrame), all: firstFrame };
    results.paperOrbitFrameMs = { median: median(orbitMedians), perRunMedians: orbitMedians, framesPerRun: ORBIT_FRAMES };
  } finally {
    await browser.close();
  }

  const first = results.demoFirstFrameMs as { median: number };
  const orbit = results.paperOrbitFrameMs as { median: number };
  process.stdout.write(`viewer benchmark (${results.renderer}; ${VIEWPORT.width}x${VIEWPORT.height} page; median of ${RUNS})\n`);
  process.stdout.write(`  demo: open to first 3D frame      ${first.median.toFixed(0).padStart(7)} ms\n`);
  process.stdout.write(`  paper 512x512: frame while orbiting ${orbit.median.toFixed(0).padStart(6)} ms  (${(1000 / orbit.median).toFixed(1)} fps)\n`);
  const outDir = path.join(REPO_ROOT, "bench-results");
  mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `viewer-${useGpu ? "gpu" : "software-gl"}.json`);
  writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  process.stdout.write(`  written to ${path.relative(process.cwd(), out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:viewer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
