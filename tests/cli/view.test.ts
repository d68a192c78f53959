import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PAGE, startViewer, viewerBuild } from "../../src/cli/commands/view.js";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";
import { writeVolume } from "../../src/io/writeVolume.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "afmsims-view-"));
/** Blank, "#" and "%" in the name: the page's ?src= must carry it escaped. */
const volumeFile = path.join(dir, "tiny volume #2 100%.h5");
const context = { stdout: () => {}, stderr: () => {}, progress: silentProgress };
let server: Server | undefined;
let url: URL;

beforeAll(async () => {
  const rows = 3;
  const cols = 4;
  await writeVolume(volumeFile, {
    data: Float32Array.from({ length: 2 * rows * cols }, (_, i) => i),
    channels: 1,
    nz: 2,
    rows,
    cols,
    voxelSize: [1e-9, 1e-7, 1e-7],
    zTop: 0,
    labels: ["Na2F+"],
    surfaceBefore: new Float32Array(rows * cols),
    surfaceAfter: new Float32Array(rows * cols).fill(-2e-9),
    afmToSims: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]),
    drift: new Float64Array([0, 0]),
    layers: 1,
    layerDepth: Float32Array.from({ length: 2 * rows * cols }, (_, i) => (i < rows * cols ? 0 : 2e-9)),
  });
  if (fs.existsSync(path.join(viewerBuild, "index.html"))) {
    const started = await startViewer(volumeFile, 0, context);
    server = started.server;
    url = new URL(started.url);
  }
});

afterAll(() => {
  server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!fs.existsSync(path.join(viewerBuild, "index.html")))("afmsims view", () => {
  it("serves the viewer page on the loopback interface, with the dataset named in ?src=", async () => {
    expect(url.hostname).toBe("127.0.0.1");
    const page = await fetch(new URL("/", url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(url.searchParams.get("src")).toBe("/data/tiny%20volume%20%232%20100%25.h5");
  });

  it("serves the dataset whole and in byte ranges", async () => {
    // As the page fetches it: the ?src= value resolved against the page.
    const dataUrl = new URL(url.searchParams.get("src")!, url);
    const bytes = new Uint8Array(fs.readFileSync(volumeFile));
    const whole = new Uint8Array(await (await fetch(dataUrl)).arrayBuffer());
    expect(whole).toEqual(bytes);
    const part = await fetch(dataUrl, { headers: { range: "bytes=8-15" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 8-15/${bytes.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.slice(8, 16));
  });

  it("serves public/'s example supplementary page working: the embed module beside it and the dataset as its volume.h5", async () => {
    const page = await fetch(new URL(EXAMPLE_PAGE, url));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/<afmsims-viewer /g)).toHaveLength(2);
    const moduleSrc = /<script type="module" src="\.\/([^"]+)"/.exec(html)![1];
    const module = await fetch(new URL(`/${moduleSrc}`, url));
    expect(module.status).toBe(200);
    expect(module.headers.get("content-type")).toMatch(/javascript/);
    const volume = new Uint8Array(await (await fetch(new URL("/volume.h5", url))).arrayBuffer());
    expect(volume).toEqual(new Uint8Array(fs.readFileSync(volumeFile)));
  });

  it("serves nothing outside the viewer build", async () => {
    const escaped = await fetch(new URL("/..%2f..%2fpackage.json", url));
    expect(escaped.status).toBe(404);
    expect((await fetch(new URL("/no-such-file.js", url))).status).toBe(404);
  });

  it("answers a malformed %-escape with 404 and keeps serving", async () => {
    expect((await fetch(new URL("/%E0%A4%A", url))).status).toBe(404);
    expect((await fetch(new URL("/", url))).status).toBe(200);
  });

  it("reconstructs an input once, serves the kept volume next time, and again after the input changes", async () => {
    const input = path.join(dir, "measurement.h5");
    expect(await main(["simulate", "--preset", "small", "--seed", "4", "--layers", "6", "--no-truth", "-o", input], context)).toBe(0);
    const view = async () => {
      const said: string[] = [];
      const started = await startViewer(input, 0, { ...context, stderr: (text) => said.push(text) });
      started.server.close();
      return { reconstructed: said.some((line) => line.startsWith("reconstructing")) };
    };
    expect((await view()).reconstructed).toBe(true);
    expect((await view()).reconstructed).toBe(false);
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(input, later, later);
    expect((await view()).reconstructed).toBe(true);
  });

  it("says in one line how to view an input that the default options cannot reconstruct", async () => {
    const input = path.join(dir, "no after scan.h5");
    const simulate = ["simulate", "--seed", "4", "--layers", "6", "--sims-pixels", "32", "--no-after", "--no-truth", "-o", input];
    expect(await main(simulate, context)).toBe(0);
    const said: string[] = [];
    const failure = startViewer(input, 0, { ...context, stderr: (text) => said.push(text) });
    await expect(failure).rejects.toThrow(
      new RegExp(`^${input}: cannot be reconstructed with default options \\(there is no /afm/after scan.*\\); run afmsims reconstruct with the options it needs, then view the volume it writes$`),
    );
    expect(said.filter((text) => text.startsWith("afmsims:"))).toEqual([]);
  });

  it("refuses a file that is not an afmsims file, naming it", async () => {
    const notAfmsims = path.join(dir, "notes.txt");
    fs.writeFileSync(notAfmsims, "hello");
    await expect(startViewer(notAfmsims, 0, context)).rejects.toThrow(`${notAfmsims}: not an HDF5 file`);
  });
});
