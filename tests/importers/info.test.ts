import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";
import type { FileDescription } from "../../src/model/describe.js";
import { bif6 } from "./support/writers.js";
import { NO_REAL_DATA, pythonReference, realFile, relativeError, tempDir, writeTemp } from "./support/env.js";

async function info(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await main(["info", ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), progress: silentProgress });
  return { status, stdout, stderr };
}

const dir = tempDir("importers-info");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const park = realFile("park-nx-topography.tiff");

describe("afmsims info on instrument files (through the importers)", () => {
  it.skipIf(!park)(`--json reports the Park image with the CLI.md fields${park ? "" : ` (skipped: ${NO_REAL_DATA})`}`, async () => {
    const result = await info(park!, "--json");
    expect(result.status, result.stderr).toBe(0);
    const description = JSON.parse(result.stdout) as FileDescription;
    expect(description.format).toBe("park-tiff");
    const [image] = description.images;
    expect(Object.keys(image).sort()).toEqual(["cols", "max", "mean", "min", "pixel_size", "rows", "title", "units", "values_00", "values_01", "values_10"]);
    const ref = pythonReference<{ min: number; max: number; v10: number }>("park_dump.py", park!);
    expect(relativeError(image.values_10, ref.v10, ref.max - ref.min)).toBeLessThan(1e-12);
  });

  it("a damaged BIF6 gives one line naming the file once, then the field and byte", async () => {
    const whole = bif6(4, 4, [{ id: 1, masses: [22.9, 23, 23.1], counts: new Array(16).fill(3) }]);
    const file = writeTemp(dir, "cut.bif6", whole.subarray(0, 30));
    const result = await info(file);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `afmsims: ${file}: BIF6 interval 0 at byte 12: truncated: the header's 1 intervals of 4 x 4 need 92 bytes, the file has 30 (interval 0 is incomplete)\n`,
    );
  });
});
