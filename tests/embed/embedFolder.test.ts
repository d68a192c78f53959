/**
 * `afmsims embed` without a browser: what the folder holds, refusing a non-empty folder, --force,
 * atomicity on a bad volume, the author's page, output folders that cannot be made, and the
 * command's argument errors.
 */
import { spawnSync } from "node:child_process";
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

/** Pages that are not HTML pages: Markdown, Markdown named .html, and a volume named .html. */
const notesMd = path.join(dir, "notes.md");
const notesHtml = path.join(dir, "notes.html");
const volumeHtml = path.join(dir, "volume.html");

beforeAll(async () => {
  const { source: _source, ...model } = syntheticVolume({ rows: 16, cols: 16, nz: 12 });
  model.attributes = { ...model.attributes, source: "/home/alice/measurements/measurement.h5" };
  await writeVolume(volume, model);
  fs.mkdirSync(path.join(viewerBuild, "assets"), { recursive: true });
  fs.writeFileSync(path.join(viewerBuild, VIEWER_MODULE), "export {};\n");
  fs.writeFileSync(path.join(viewerBuild, "assets", "h5.worker-test.js"), "\n");
  fs.writeFileSync(notesMd, "# Supplementary\n\n<afmsims-viewer src=\"volume.h5\"></afmsims-viewer>\n");
  fs.copyFileSync(notesMd, notesHtml);
  fs.copyFileSync(volume, volumeHtml);
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

const REPO = fileURLToPath(new URL("../..", import.meta.url));
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

  it("refuses, even with force, a folder that holds the volume or the page it would be made from", async () => {
    const out = path.join(dir, "holds-inputs");
    fs.mkdirSync(path.join(out, "nested"), { recursive: true });
    const inside = path.join(out, "nested", "sample.volume.h5");
    fs.copyFileSync(volume, inside);
    const page = path.join(out, "page.html");
    fs.writeFileSync(page, "<!doctype html>\n<afmsims-viewer src=\"volume.h5\"></afmsims-viewer>\n");
    await expect(writeEmbedFolder({ volume: inside, out, viewerBuild, force: true })).rejects.toThrow(
      `${out}: holds ${inside}, which replacing the folder would delete; write to another folder`,
    );
    await expect(writeEmbedFolder({ volume, out, viewerBuild, page, force: true })).rejects.toThrow(`${out}: holds ${page}`);
    expect(fs.existsSync(inside) && fs.existsSync(page)).toBe(true);
    // A sibling whose name merely starts with the folder's is not inside it.
    const sibling = `${out}-volume.h5`;
    fs.copyFileSync(volume, sibling);
    await writeEmbedFolder({ volume: sibling, out, viewerBuild, force: true });
    expect(fs.existsSync(path.join(out, VOLUME_FILE))).toBe(true);
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

describe("the author's page and the size budget", () => {
  it("copies the page byte for byte, whatever its charset, after a BOM and comments before the first tag", async () => {
    const page = path.join(dir, "latin1.htm");
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('<!-- licence: CC-BY -->\n<!-- second -->\n<!DOCTYPE html>\n<html><head><meta charset="iso-8859-1"><title>Caf'),
      Buffer.from([0xe9]),
      Buffer.from('</title></head><body><afmsims-viewer src="volume.h5"></afmsims-viewer></body></html>\n'),
    ]);
    fs.writeFileSync(page, bytes);
    const out = path.join(dir, "latin1-site");
    await writeEmbedFolder({ volume, out, viewerBuild, page });
    expect(fs.readFileSync(path.join(out, "index.html")).equals(bytes)).toBe(true);
  });

  it("refuses a --max-mb below the viewer's own size before reading the volume", async () => {
    const viewerBytes = bytesOf(filesUnder(viewerBuild));
    const out = path.join(dir, "never");
    await expect(writeEmbedFolder({ volume: path.join(dir, "absent.volume.h5"), out, viewerBuild, maxBytes: viewerBytes })).rejects.toThrow(
      "--max-mb: the viewer alone takes 0.0 MB; raise --max-mb above that",
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  it("counts the author's page in what --max-mb must hold, and says so when the two leave no room", async () => {
    const viewerBytes = bytesOf(filesUnder(viewerBuild));
    const page = path.join(dir, "long.html");
    fs.writeFileSync(page, `<!doctype html>\n<p>${"x".repeat(300_000)}</p>\n`);
    const pageBytes = fs.statSync(page).size;
    const out = path.join(dir, "never-with-page");
    // Enough for the viewer alone: only the page leaves no room, so raising --max-mb above the viewer's size would not do.
    const maxBytes = viewerBytes + pageBytes - 1;
    await expect(writeEmbedFolder({ volume, out, viewerBuild, page, maxBytes })).rejects.toThrow(
      `--max-mb: the viewer and the page (${path.basename(page)}) take ${((viewerBytes + pageBytes) / 1e6).toFixed(1)} MB; raise --max-mb above that`,
    );
    expect(fs.existsSync(out)).toBe(false);
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

  // In a child process with a time limit: Node's recursive mkdir never returned for these paths,
  // and a hang in this process would stall the whole run.
  it.skipIf(!fs.existsSync("/proc/self"))("fails at once with one line for a folder under /proc", () => {
    const cases = [
      ["/proc/afmsims-absent/site", /^directory \/proc\/afmsims-absent does not exist$/],
      ["/proc/self/site", /^cannot be written in \/proc\/self \((ENOENT|EACCES|EPERM)\)$/],
    ] as const;
    for (const [out, problem] of cases) {
      const run = spawnSync(process.execPath, ["--import", "tsx", "tests/cli/runCli.ts", "embed", volume, "-o", out], {
        cwd: REPO,
        encoding: "utf8",
        timeout: 60_000,
        // A process stuck in a synchronous mkdir never handles SIGTERM.
        killSignal: "SIGKILL",
      });
      expect(run.signal, `${out}: killed after 60 s`).toBeNull();
      expect(run.stderr.startsWith(`afmsims: ${out}: `), run.stderr).toBe(true);
      expect(run.stderr.slice(`afmsims: ${out}: `.length).trimEnd()).toMatch(problem);
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(run.status).toBe(1);
    }
  }, 150_000);
});

describe("afmsims embed arguments", () => {
  it.each([
    [["-o", "x"], 2, "embed: missing VOLUME.h5"],
    [[volume], 2, "embed: missing -o DIR"],
    [[volume, "-o", "x", "--dtype", "u16"], 2, '--dtype must be u8 or f16, got "u16"'],
    [[volume, "-o", "x", "--max-mb", "5", "--bin", "2"], 2, "give either --max-mb or --bin/--z-bin"],
    [[volume, "-o", "x", "--max-mb", "lots"], 2, '--max-mb: expected a number, got "lots"'],
    [[volume, "-o", path.join(dir, "no-page"), "--page", path.join(dir, "missing.html")], 1, `${path.join(dir, "missing.html")}: cannot read the page (ENOENT)`],
    [[volume, "-o", "x", "--z-bin", "0"], 2, "--z-bin: must be at least 1, got 0"],
    [[volume, "-o", "x", "--channels", "Na2F+,"], 2, "--channels: empty label in the list"],
    [[volume, "-o", path.join(dir, "twice"), "--channels", "Na2F+, Na2F+"], 2, '--channels: "Na2F+" is listed twice'],
    [[volume, "-o", path.join(volume, "a", "site")], 1, `${path.join(volume, "a", "site")}: ${volume} is not a folder`],
    [[volume, "-o", path.join(volume, "site")], 1, `${path.join(volume, "site")}: ${volume} is not a folder`],
    [[volume, "-o", path.join(dir, "no-parent", "site")], 1, `${path.join(dir, "no-parent", "site")}: directory ${path.join(dir, "no-parent")} does not exist`],
    [[volume, "-o", path.join(dir, "md-page"), "--page", notesMd], 1, `${notesMd}: --page takes an HTML page (.html or .htm)`],
    [[volume, "-o", path.join(dir, "md-page"), "--page", notesHtml], 1, `${notesHtml}: is not an HTML page (it should open with <!doctype html> or an HTML tag)`],
    [[volume, "-o", path.join(dir, "h5-page"), "--page", volumeHtml], 1, `${volumeHtml}: is not an HTML page (it should open with <!doctype html> or an HTML tag)`],
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
