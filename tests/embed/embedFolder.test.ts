/**
 * `afmsims embed` without a browser: what the folder holds, refusing a non-empty folder, --force,
 * atomicity on a bad volume, and the command's argument errors.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";
import { writeEmbedFolder } from "../../src/embed/embedFolder.js";
import { VIEWER_MODULE, VOLUME_FILE } from "../../src/embed/embedPage.js";
import { readVolumeFile } from "../../src/io/nodeFiles.js";
import { writeVolume } from "../../src/io/writeVolume.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { makeTempDir } from "../io/h5pyFixtures.js";

const dir = makeTempDir("embed");
const volume = path.join(dir, "sample.volume.h5");
/** Stands in for build/embed: the folder writer copies it as it is. */
const viewerBuild = path.join(dir, "viewer-build");

beforeAll(async () => {
  const { source: _source, ...model } = syntheticVolume({ rows: 16, cols: 16, nz: 12 });
  model.attributes = { ...model.attributes, source: "/home/alice/measurements/measurement.h5" };
  await writeVolume(volume, model);
  fs.mkdirSync(path.join(viewerBuild, "assets"), { recursive: true });
  fs.writeFileSync(path.join(viewerBuild, VIEWER_MODULE), "export {};\n");
  fs.writeFileSync(path.join(viewerBuild, "assets", "h5.worker-test.js"), "\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function runEmbed(args: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await main(["embed", ...args], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), progress: silentProgress });
  return { status, stdout, stderr };
}

function filesUnder(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true }).map((f) => path.join(folder, String(f))).filter((f) => fs.statSync(f).isFile());
}

function bytesOf(files: string[]): number {
  return files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
}

/** The viewer build the command copies (npm run build:embed). */
const builtViewer = fileURLToPath(new URL("../../build/embed/", import.meta.url));

describe("embed folder", () => {
  it("holds the page, the viewer module with its assets, and the chosen channels, z-binned", async () => {
    const out = path.join(dir, "site");
    const result = await writeEmbedFolder({ volume, out, viewerBuild, channels: ["Na2Cl+", "Na2F+"], zBin: 3 });
    const files = fs.readdirSync(out, { recursive: true }).map(String).sort();
    expect(files).toEqual(["afmsims-viewer.js", "assets", path.join("assets", "h5.worker-test.js"), "index.html", VOLUME_FILE]);
    const sizes = ["afmsims-viewer.js", "assets/h5.worker-test.js", "index.html", VOLUME_FILE].map((f) => fs.statSync(path.join(out, f)).size);
    expect(result).toEqual({ files: 4, bytes: sizes.reduce((a, b) => a + b), bin: 1, zBin: 3, sourceDims: [16, 16, 12], copyDims: [16, 16, 4] });
    const page = fs.readFileSync(path.join(out, "index.html"), "utf8");
    expect(page).toContain('<afmsims-viewer src="volume.h5" channels="Na2Cl+,Na2F+"');
    expect(page).not.toMatch(/<script>/);
    const copy = await readVolumeFile(path.join(out, VOLUME_FILE));
    expect(copy.labels).toEqual(["Na2Cl+", "Na2F+"]);
    expect(copy.nz).toBe(4);
    // The copy says how it was made, and names files without the author's folders.
    expect(copy.attributes).toMatchObject({ source: "measurement.h5", embed_source: "sample.volume.h5", embed_bin: 1, embed_z_bin: 3, embed_dtype: "u8" });
    expect(JSON.stringify(copy.attributes)).not.toContain("/home/alice");
  });

  it("bins as little as keeps the folder within maxBytes, and reports the binning and sizes", async () => {
    const large = path.join(dir, "large.volume.h5");
    const { source: _source, ...model } = syntheticVolume({ rows: 96, cols: 96, nz: 40 });
    await writeVolume(large, model);
    const out = path.join(dir, "budget");
    const roomy = await writeEmbedFolder({ volume: large, out, viewerBuild, maxBytes: 50e6 });
    expect(roomy).toMatchObject({ bin: 1, zBin: 1, sourceDims: [96, 96, 40], copyDims: [96, 96, 40] });
    const maxBytes = roomy.bytes * 0.5;
    const tight = await writeEmbedFolder({ volume: large, out, viewerBuild, maxBytes, force: true });
    expect(tight.bin * tight.zBin).toBeGreaterThan(1);
    expect(tight.bytes).toBeLessThanOrEqual(maxBytes);
    expect(tight.copyDims).toEqual([Math.ceil(96 / tight.bin), Math.ceil(96 / tight.bin), Math.ceil(40 / tight.zBin)]);
    const copy = await readVolumeFile(path.join(out, VOLUME_FILE));
    expect([copy.cols, copy.rows, copy.nz]).toEqual(tight.copyDims);
  });

  it("refuses a non-empty folder, replaces it with force, and leaves nothing behind on a bad volume", async () => {
    const out = path.join(dir, "taken");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "paper.pdf"), "mine");
    await expect(writeEmbedFolder({ volume, out, viewerBuild })).rejects.toThrow(`${out}: folder exists and is not empty (use --force to replace it)`);
    expect(fs.readdirSync(out)).toEqual(["paper.pdf"]);

    const notVolume = path.join(dir, "notes.h5");
    fs.writeFileSync(notVolume, "not HDF5\n");
    await expect(writeEmbedFolder({ volume: notVolume, out, viewerBuild, force: true })).rejects.toThrow(/notes\.h5/);
    expect(fs.readdirSync(out)).toEqual(["paper.pdf"]);
    expect(fs.readdirSync(dir).filter((name) => name.includes(".partial-"))).toEqual([]);

    await writeEmbedFolder({ volume, out, viewerBuild, force: true });
    expect(fs.readdirSync(out).sort()).toEqual(["afmsims-viewer.js", "assets", "index.html", VOLUME_FILE]);
  });
});

describe.skipIf(!fs.existsSync(path.join(builtViewer, VIEWER_MODULE)))("afmsims embed with the built viewer", () => {
  it("prints the volume's and the copy's dimensions, the binning chosen to fit --max-mb, and the folder's size", async () => {
    const large = path.join(dir, "cli.volume.h5");
    const { source: _source, ...model } = syntheticVolume({ rows: 96, cols: 96, nz: 40 });
    await writeVolume(large, model);
    const viewerBytes = bytesOf(filesUnder(builtViewer));
    // Room for a copy of about half the unbinned size (0.4 MB): binning is needed.
    const maxMb = (viewerBytes + 200_000) / 1e6;
    const out = path.join(dir, "cli-site");
    const { status, stdout, stderr } = await runEmbed([large, "-o", out, "--max-mb", String(maxMb)]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const [dims, size] = stdout.trim().split("\n");
    const match = /^96 x 96 pixels, 40 z-layers -> (\d+) x \1 pixels, (\d+) z-layers \(binned (\d+) x \3 pixels( and (\d+) z-layers)? to fit ([\d.]+) MB, u8\)$/.exec(dims);
    expect(match, dims).not.toBeNull();
    const [, pixels, layers, bin, , zBin = "1", fit] = match!;
    expect(Number(pixels)).toBe(Math.ceil(96 / Number(bin)));
    expect(Number(layers)).toBe(Math.ceil(40 / Number(zBin)));
    expect(Number(bin) * Number(zBin)).toBeGreaterThan(1);
    expect(fit).toBe(maxMb.toFixed(1));
    const files = filesUnder(out);
    const bytes = bytesOf(files);
    expect(bytes).toBeLessThanOrEqual(maxMb * 1e6);
    expect(size).toBe(`${path.resolve(out)}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB`);
  });
});

describe("afmsims embed arguments", () => {
  it.each([
    [["-o", "x"], 2, "embed: missing VOLUME.h5"],
    [[volume], 2, "embed: missing -o DIR"],
    [[volume, "-o", "x", "--dtype", "u16"], 2, '--dtype must be u8 or f16, got "u16"'],
    [[volume, "-o", "x", "--max-mb", "5", "--bin", "2"], 2, "give either --max-mb or --bin/--z-bin"],
    [[volume, "-o", "x", "--max-mb", "lots"], 2, '--max-mb: expected a number, got "lots"'],
    [[volume, "-o", path.join(dir, "no-page"), "--page", path.join(dir, "missing.html")], 1, `${path.join(dir, "missing.html")}: cannot read the page (ENOENT)`],
    [[volume, "-o", "x", "--z-bin", "0"], 2, "--z-bin: 0 is outside 1..Infinity"],
    [[volume, "-o", "x", "--channels", "Na2F+,"], 2, "--channels: empty label in the list"],
    [[volume, "-o", path.join(volume, "a", "site")], 1, `${path.join(volume, "a", "site")}: cannot be written (ENOTDIR)`],
    [[volume, "-o", path.join(volume, "site")], 1, `${path.join(volume, "site")}: ${volume} is not a folder`],
    [[volume, "-o", path.join(dir, "coarse"), "--bin", "17"], 1, "--bin 17: the volume has only 16 x 16 pixels"],
    [[volume, "-o", path.join(dir, "tiny"), "--max-mb", "0.001"], 1, "--max-mb: the viewer alone takes"],
    [[volume, "-o", path.join(dir, "coarse"), "--z-bin", "13"], 1, "--z-bin 13: the volume has only 12 z-layers"],
  ])("%j exits %i with one line naming the problem", async (args, expected, message) => {
    const { status, stderr } = await runEmbed(args);
    expect(status).toBe(expected);
    expect(stderr).toContain(message);
    expect(stderr.trim().split("\n")[0]).toMatch(/^afmsims: /);
  });
});
