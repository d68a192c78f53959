/**
 * An output that cannot be written is refused before the work, in one line naming the output and
 * the problem: under a regular file (a file's path + "/out.h5"), in a folder that does not
 * exist, or where a folder stands (even with --force). Before, a path under a file, or a folder
 * with --force, passed the check and failed after a whole reconstruction, as an internal error.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "afmsims-outputs-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
/** A regular file where a folder is expected; every input named below is missing. */
const file = path.join(dir, "notes.txt");
fs.writeFileSync(file, "not a folder\n");
const missing = path.join(dir, "missing.h5");

async function run(argv: string[]) {
  let stderr = "";
  const status = await main(argv, { stdout: () => {}, stderr: (t) => (stderr += t), progress: silentProgress });
  return { status, stderr };
}

const commandsWriting = (output: string): [string, string[]][] => [
  ["simulate", ["simulate", "-o", output]],
  ["reconstruct", ["reconstruct", missing, "-o", output]],
  ["profile", ["profile", missing, "--roi", "circle:1,1,1", "-o", output]],
  ["import", ["import", "--afm-before", missing, "--sims", missing, "--pixel-size", "0.1", "-o", output]],
];

describe("outputs that cannot be written", () => {
  it.each(commandsWriting(path.join(file, "out.h5")))("%s refuses an output under a regular file", async (_, argv) => {
    const { status, stderr } = await run(argv);
    expect(stderr).toBe(`afmsims: ${path.join(file, "out.h5")}: ${file} is not a directory\n`);
    expect(status).toBe(1);
  });

  it.each(commandsWriting(path.join(dir, "absent", "out.h5")))("%s refuses an output in a folder that does not exist", async (_, argv) => {
    const { status, stderr } = await run(argv);
    expect(stderr).toBe(`afmsims: ${path.join(dir, "absent", "out.h5")}: directory ${path.join(dir, "absent")} does not exist\n`);
    expect(status).toBe(1);
  });

  // --force replaces a file; a folder in its place used to pass the check and fail only at the
  // rename after the whole run, as an internal error (EISDIR).
  const folder = path.join(dir, "a-folder");
  fs.mkdirSync(folder);
  it.each(commandsWriting(folder))("%s refuses an output that is a folder, even with --force", async (_, argv) => {
    const { status, stderr } = await run([...argv, "--force"]);
    expect(stderr).toBe(`afmsims: ${folder}: is a folder, not a file\n`);
    expect(status).toBe(1);
    expect(fs.readdirSync(folder)).toEqual([]);
  });
});
