/**
 * The viewer's profile export against `afmsims profile`: for regions drawn on the map (texts
 * made by the drawing code), the viewer's CSV must be the CLI's output byte for byte.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";
import { readVolumeFile } from "../../src/io/nodeFiles.js";
import { writeVolume } from "../../src/io/writeVolume.js";
import type { VolumeModel } from "../../src/model/types.js";
import { dragShapeText, polygonText, translateRoiText } from "../../src/viewer/app/roiShapes.js";
import { createRoiProfiler } from "../../src/viewer/app/roiProfiles.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";

async function cliProfile(file: string, roi: string): Promise<string> {
  let stdout = "";
  let stderr = "";
  const status = await main(["profile", file, "--roi", roi], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), progress: silentProgress });
  expect(status, stderr).toBe(0);
  return stdout;
}

describe("viewer profile CSV", () => {
  let dir: string;
  let file: string;
  let volume: VolumeModel;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "afmsims-roi-"));
    file = join(dir, "sample.h5");
    // 0.625 um pixels; a value_units attribute the CSV header must carry on both paths.
    const { source: _source, ...model } = syntheticVolume({ rows: 48, cols: 48, nz: 24, field: 30e-6 });
    await writeVolume(file, { ...model, attributes: { value_units: "test counts per voxel" } });
    volume = await readVolumeFile(file);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const drawn = () => [
    dragShapeText("circle", { x: 12.3456, y: 9.87 }, { x: 16.2, y: 13.01 })!,
    dragShapeText("rect", { x: 25.1, y: 3.3 }, { x: 4.4, y: 20.05 })!,
    polygonText([{ x: 2, y: 2 }, { x: 20.5, y: 4 }, { x: 11, y: 25.25 }, { x: 11, y: 25.25 }])!,
    translateRoiText("px:rect:3,4,17,30", { x: 1.25, y: -0.625 }, [volume.voxelSize[1], volume.voxelSize[2]]),
  ];

  it("is the CLI's output for circle, rectangle, polygon and moved pixel regions", async () => {
    const profile = createRoiProfiler(volume).exact;
    for (const shape of drawn()) {
      const viewer = profile(shape);
      expect(viewer.problem, shape).toBeUndefined();
      const csv = viewer.region!.csv();
      expect(csv.split("\n")[3]).toContain("test counts per voxel");
      expect(csv.split("\n").length, shape).toBeGreaterThan(20);
      expect(csv, shape).toBe(await cliProfile(file, shape));
    }
  });

  it("says why a region outside the field has no profile, as the CLI does", async () => {
    const shape = dragShapeText("rect", { x: -20, y: -20 }, { x: -10, y: -12 })!;
    const viewer = createRoiProfiler(volume).exact(shape);
    expect(viewer.problem).toMatch(/lies outside the SIMS field/);
    let stderr = "";
    await main(["profile", file, "--roi", shape], { stdout: () => {}, stderr: (t) => (stderr += t), progress: silentProgress });
    expect(stderr).toContain(viewer.problem);
  });
});
