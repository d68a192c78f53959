import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundledDemo, startViewer, viewerBuild } from "../../src/cli/commands/view.js";
import { silentProgress } from "../../src/cli/progress.js";
import { tempDir, writeTemp } from "../importers/support/env.js";
import { bif6, gsf, gwyFile, gwyObject } from "../importers/support/writers.js";

const context = { stdout: () => {}, stderr: () => {}, progress: silentProgress };
const dir = tempDir("view-afm");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const heights = gsf({ XRes: 2, YRes: 2, XReal: 1e-6, YReal: 1e-6, ZUnits: "m" }, [1e-9, 2e-9, 3e-9, 4e-9]);

describe.skipIf(!fs.existsSync(path.join(viewerBuild, "index.html")))("afmsims view with an AFM image", () => {
  it("serves the image as it is, for the page to show as a height map", async () => {
    const file = writeTemp(dir, "scan.gsf", heights);
    const { server, url } = await startViewer(file, 0, context);
    try {
      const src = new URL(url).searchParams.get("src")!;
      expect(src).toBe("/data/scan.gsf");
      const served = new Uint8Array(await (await fetch(new URL(src, url))).arrayBuffer());
      expect(served).toEqual(heights);
      // The example supplementary page embeds volumes, so beside an image it gets the bundled demo.
      const example = await fetch(new URL("/volume.h5", url));
      expect(Number(example.headers.get("content-length"))).toBe(fs.statSync(bundledDemo).size);
    } finally {
      server.close();
    }
  });

  it("refuses a broken AFM image in one line naming the file and the field", async () => {
    const file = writeTemp(dir, "cut.gsf", heights.subarray(0, heights.length - 3));
    await expect(startViewer(file, 0, context)).rejects.toThrow(new RegExp(`^${file}: GSF data at byte \\d+`));
  });

  it("refuses an AFM file that holds no images instead of serving it", async () => {
    const file = writeTemp(dir, "empty.gwy", gwyFile(gwyObject("GwyContainer", [])));
    await expect(startViewer(file, 0, context)).rejects.toThrow(`${file}: holds no images`);
  });

  it("says what to do with a SurfaceLab profile or a BIF6 layer instead", async () => {
    const profile = writeTemp(dir, "profile.txt", "#\t\t\t\tNa+\n#\t\t\t\t22.99\n#Data Point #\tSputter Time (s)\tDose (ions)\tFluence (ions/cm^2)\tIntensity\n1\t0\t1\t1\t5\n");
    await expect(startViewer(profile, 0, context)).rejects.toThrow(`${profile}: is a SurfaceLab depth profile: view a volume, then drop the profile`);
    const layer = writeTemp(dir, "layer.bif6", bif6(1, 1, [{ id: 0, masses: [1, 2, 3], counts: [4] }]));
    await expect(startViewer(layer, 0, context)).rejects.toThrow(`${layer}: an IONTOF BIF6 image holds one SIMS layer; assemble the layers with `);
  });
});
