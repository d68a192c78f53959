/**
 * Every numeric flag of every command refuses a value outside its physical range, and anything
 * that is not a plain decimal number, before any work: exit status 2 and one line naming the flag
 * and the range. Values inside the range get past the check: the command then fails on its
 * missing input or output folder (exit 1), never on the flag.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "afmsims-flags-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const missing = (name: string) => path.join(dir, name);

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), progress: silentProgress });
  return { status, stdout, stderr };
}

interface NumericFlag {
  /** The command line before the flag: complete, but naming a missing file. */
  before: string[];
  flag: string;
  /** The range as the message words it. */
  range: string;
  integer?: boolean;
  accepted: string[];
  refused: string[];
}

const reconstruct = ["reconstruct", missing("in.h5"), "-o", missing("out.h5")];
/** Past its flags, simulate stops at the output folder, which does not exist. */
const simulate = ["simulate", "-o", missing("no-folder/sim.h5")];
const importArgs = ["import", "--afm-before", missing("before.tiff"), "--sims", missing("layer1.bif6"), "-o", missing("in.h5")];
const embed = ["embed", missing("volume.h5"), "-o", missing("site")];

const FLAGS: NumericFlag[] = [
  { before: reconstruct, flag: "dz", range: "between 0.05 and 1000 nm", accepted: ["0.05", "1000"], refused: ["0", "0.04", "1001", "-1"] },
  { before: reconstruct, flag: "depth-nm", range: "between 0.1 and 100000 nm", accepted: ["0.1", "100000"], refused: ["0", "100001", "-5"] },
  { before: reconstruct, flag: "rate-nm-per-layer", range: "between 0.001 and 1000 nm", accepted: ["0.001", "1000"], refused: ["0", "1000.5"] },
  { before: reconstruct, flag: "information-depth-nm", range: "between 0 and 50 nm", accepted: ["0", "3.4", "50"], refused: ["-0.1", "50.1", "5000"] },
  { before: reconstruct, flag: "bin", range: "between 1 and 16", integer: true, accepted: ["1", "16"], refused: ["0", "17"] },
  { before: simulate, flag: "seed", range: "between 0 and 9007199254740991", integer: true, accepted: ["0", "9007199254740991"], refused: ["-1", "9007199254740992"] },
  { before: simulate, flag: "sims-pixels", range: "between 16 and 2048", integer: true, accepted: ["16", "2048"], refused: ["15", "2049"] },
  { before: simulate, flag: "sims-field-um", range: "between 5 and 500 um", accepted: ["5", "500"], refused: ["4.9", "501"] },
  { before: simulate, flag: "rotation-deg", range: "between -45 and 45 deg", accepted: ["-10", "10"], refused: ["-45.1", "46"] },
  { before: simulate, flag: "scale", range: "between 0.5 and 2", accepted: ["0.92", "2"], refused: ["0.49", "2.1"] },
  { before: simulate, flag: "drift-px", range: "between 0 and 50 px", accepted: ["0", "50"], refused: ["-1", "51"] },
  { before: simulate, flag: "afm-noise-nm", range: "between 0 and 100 nm", accepted: ["0", "100"], refused: ["-0.1", "101"] },
  { before: simulate, flag: "shots-per-pixel", range: "between 1 and 10000", integer: true, accepted: ["1", "10000"], refused: ["0", "10001"] },
  { before: simulate, flag: "layers", range: "between 1 and 2000", integer: true, accepted: ["1", "2000"], refused: ["0", "2001"] },
  { before: simulate, flag: "spots", range: "between 0 and 10", integer: true, accepted: ["0", "10"], refused: ["-1", "11"] },
  { before: simulate, flag: "dz-nm", range: "between 0.05 and 100 nm", accepted: ["0.05", "100"], refused: ["0.01", "101"] },
  { before: importArgs, flag: "pixel-size", range: "between 0.001 and 1000 um", accepted: ["0.001", "1000", "0.1,0.2"], refused: ["0", "1001", "0.0009"] },
  { before: [...importArgs, "--pixel-size", "0.1"], flag: "afm-pixel-size", range: "between 0.0001 and 1000 um", accepted: ["0.0001", "1000"], refused: ["0.00009", "1001"] },
  {
    before: [...importArgs, "--pixel-size", "0.1", "--afm-after", missing("after.tiff")],
    flag: "mean-depth-nm",
    range: "between 0.1 and 100000 nm",
    accepted: ["0.1", "100000"],
    refused: ["0", "-3", "100001"],
  },
  { before: embed, flag: "bin", range: "at least 1", integer: true, accepted: ["1", "4"], refused: ["0", "-2"] },
  { before: embed, flag: "z-bin", range: "at least 1", integer: true, accepted: ["1", "4"], refused: ["0"] },
  { before: embed, flag: "max-mb", range: "at least 0 MB", accepted: ["1000"], refused: ["-1"] },
  { before: ["view"], flag: "port", range: "between 0 and 65535", integer: true, accepted: [], refused: ["-1", "65536"] },
];

/** Number() takes some of these ("0x10" is 16, "" is 0); none is a value a user means. "1,5" is two numbers for the pixel sizes (DY,DX). */
const NOT_NUMBERS = ["NaN", "Infinity", "0x10", "1e400", "", "five"];

const cases = (pick: (flag: NumericFlag) => string[]) =>
  FLAGS.flatMap((flag) => pick(flag).map((value) => [`${flag.before[0]} --${flag.flag}=${value}`, flag, value] as const));

describe("numeric flags", () => {
  it.each(cases((flag) => flag.refused))("%s is refused with the flag's range", async (_, { before, flag, range }, value) => {
    const { status, stderr } = await run([...before, `--${flag}=${value}`]);
    expect(stderr).toBe(`afmsims: --${flag}: must be ${range}, got ${value}\n`);
    expect(status).toBe(2);
  });

  it.each(cases((flag) => flag.accepted))("%s gets past the flag check", async (_, { before, flag }, value) => {
    const { status, stderr } = await run([...before, `--${flag}=${value}`]);
    expect(stderr).toMatch(/^afmsims: [^\n]+\n$/);
    expect(stderr).not.toContain(`--${flag}`);
    expect(status).toBe(1);
  });

  it.each(cases(({ flag }) => (flag.endsWith("pixel-size") ? NOT_NUMBERS : [...NOT_NUMBERS, "1,5"])))("%s is not a number", async (_, { before, flag, integer }, value) => {
    const { status, stderr } = await run([...before, `--${flag}=${value}`]);
    expect(stderr).toBe(`afmsims: --${flag}: expected ${integer ? "an integer" : "a number"}, got "${value}"\n`);
    expect(status).toBe(2);
  });

  it.each(cases((flag) => (flag.integer ? ["1.5", "2e-1"] : [])))("%s is not an integer", async (_, { before, flag }, value) => {
    const { status, stderr } = await run([...before, `--${flag}=${value}`]);
    expect(stderr).toBe(`afmsims: --${flag}: expected an integer, got "${value}"\n`);
    expect(status).toBe(2);
  });
});

describe("pairs of numbers and malformed command lines", () => {
  it("keeps simulate's after scan within half the AFM field (12.5 um on the small preset)", async () => {
    const inside = await run([...simulate, "--after-shift-um=12.5,-12.5"]);
    expect(inside.stderr).toContain("does not exist");
    expect(inside.status).toBe(1);
    for (const value of ["12.6,0", "0,-100000"]) {
      const { status, stderr } = await run([...simulate, `--after-shift-um=${value}`]);
      expect(stderr).toBe(
        `afmsims: --after-shift-um: must be within half the AFM field (x between -12.5 and 12.5 um, y between -12.5 and 12.5 um), got ${value}\n`,
      );
      expect(status).toBe(2);
    }
  });

  it("states the half field of a larger AFM field as it checks it (31.25 um, not 31.250000000000004)", async () => {
    const paper = [...simulate, "--preset", "paper", "--sims-field-um", "50", "--sims-pixels", "512"];
    expect((await run([...paper, "--after-shift-um=31.25,-31.25"])).status).toBe(1);
    const outside = await run([...paper, "--after-shift-um=31.26,0"]);
    expect(outside.stderr).toContain("(x between -31.25 and 31.25 um, y between -31.25 and 31.25 um), got 31.26,0");
    expect(outside.status).toBe(2);
  });

  it.each([
    ["--after-shift-um=1", '--after-shift-um: expected X,Y, got "1"'],
    ["--shift-um=NaN,0", '--shift-um: expected a number, got "NaN"'],
    ["--shift-um=1,", '--shift-um: expected a number, got ""'],
  ])("simulate %s is refused", async (arg, message) => {
    const { status, stderr } = await run([...simulate, arg]);
    expect(stderr).toBe(`afmsims: ${message}\n`);
    expect(status).toBe(2);
  });

  it("explains a negative value given without = in one line", async () => {
    const { status, stderr } = await run([...reconstruct, "--information-depth-nm", "-1"]);
    expect(stderr.split("\n")).toHaveLength(2);
    expect(stderr).toMatch(/^afmsims: reconstruct: Option '--information-depth-nm' argument is ambiguous\. .*'--information-depth-nm=-XYZ'/);
    expect(status).toBe(2);
  });

  it("calls two files for view a usage error", async () => {
    const { status, stderr } = await run(["view", missing("a.h5"), missing("b.h5")]);
    expect(stderr).toBe("afmsims: view: one file at a time, got 2\n");
    expect(status).toBe(2);
  });
});
