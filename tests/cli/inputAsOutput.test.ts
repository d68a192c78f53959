/**
 * `--force` replaces an output, never the data a command reads: an output that is one of the
 * command's inputs (the same path, another spelling of it, or a link to it) is refused, and the
 * input is left as it was.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";
import { writeVolume } from "../../src/io/writeVolume.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { makeTempDir } from "../io/h5pyFixtures.js";

const dir = makeTempDir("input-as-output");
const afm = path.join(dir, "afm.txt");
const simsDir = path.join(dir, "sims");
const simsPattern = path.join(simsDir, "L{layer}-{channel}.txt");
const volume = path.join(dir, "sample.volume.h5");
const layer = path.join(simsDir, "L2-Na+.txt");
const link = path.join(dir, "link.h5");

beforeAll(async () => {
  fs.writeFileSync(afm, "1e-9 2e-9\n3e-9 4e-9\n");
  fs.mkdirSync(simsDir);
  for (const index of [1, 2]) fs.writeFileSync(path.join(simsDir, `L${index}-Na+.txt`), "1 2\n3 4\n");
  fs.symlinkSync(layer, link);
  const { source: _source, ...model } = syntheticVolume({ rows: 8, cols: 8, nz: 4 });
  await writeVolume(volume, model);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  let stderr = "";
  const status = await main(argv, { stdout: () => {}, stderr: (t) => (stderr += t), progress: silentProgress });
  return { status, stderr };
}

const importInto = (output: string) => [
  "import", "--afm-before", afm, "--afm-pixel-size", "0.01", "--sims", simsPattern, "--pixel-size", "0.5", "-o", output, "--force",
];

describe("an output that is one of the command's inputs", () => {
  // The AFM file as it is named, and a SIMS layer through a symbolic link.
  it.each([
    ["the AFM file", afm, afm],
    ["a link to a SIMS layer", link, layer],
  ])("import -o %s --force is refused and the instrument file left as it was", async (_what, output, input) => {
    const before = fs.readFileSync(input);
    const { status, stderr } = await run(importInto(output));
    expect(status).toBe(1);
    expect(stderr).toBe(`afmsims: ${output}: is an input of this command (${input}); write the output to another file\n`);
    expect(fs.readFileSync(input)).toEqual(before);
  });

  it("profile -o VOLUME --force leaves the volume as it was", async () => {
    const before = fs.readFileSync(volume);
    const spelledOtherwise = `${dir}/./sims/../${path.basename(volume)}`;
    const { status, stderr } = await run(["profile", volume, "--roi", "px:rect:0,0,3,3", "-o", spelledOtherwise, "--force"]);
    expect(status).toBe(1);
    expect(stderr).toBe(`afmsims: ${spelledOtherwise}: is an input of this command (${volume}); write the output to another file\n`);
    expect(fs.readFileSync(volume)).toEqual(before);
  });

  it("reconstruct -o INPUT --force is refused before the input is read", async () => {
    const before = fs.readFileSync(volume);
    const { status, stderr } = await run(["reconstruct", volume, "--depth-nm", "50", "-o", volume, "--force"]);
    expect(status).toBe(1);
    expect(stderr).toBe(`afmsims: ${volume}: is an input of this command (${volume}); write the output to another file\n`);
    expect(fs.readFileSync(volume)).toEqual(before);
  });

  it("still replaces an existing output that is not an input with --force", async () => {
    const output = path.join(dir, "profile.csv");
    fs.writeFileSync(output, "old\n");
    expect((await run(["profile", volume, "--roi", "px:rect:0,0,3,3", "-o", output, "--force"])).status).toBe(0);
    expect(fs.readFileSync(output, "utf-8")).toMatch(/^# source: /);
  });
});
