/**
 * Damaged files, whatever the damage: `afmsims info` either still describes the file (the damage
 * hit data it does not need) or refuses it in one line; never an internal error or a stack trace.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";
import { hasH5py, makeTempDir, writeFixtures, type Fixtures } from "../io/h5pyFixtures.js";

const STRIDE = 256;
const WINDOW = 64;

async function infoStatus(file: string) {
  let stderr = "";
  const status = await main(["info", file, "--json"], { stdout: () => {}, stderr: (text) => (stderr += text), progress: silentProgress });
  return { status, stderr };
}

describe.skipIf(!hasH5py)("afmsims info on damaged HDF5 files", () => {
  let fixtures: Fixtures;
  const dir = makeTempDir("corrupt");
  beforeAll(() => {
    fixtures = writeFixtures();
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(fixtures.dir, { recursive: true, force: true });
  });

  // gzip, and gzip+shuffle with chunks across layers: the damage can land in compressed chunks.
  for (const name of ["input-f8-le.h5", "input-u2-be.h5"]) {
    for (const damage of ["overwritten", "zeroed"] as const) {
      const what = damage === "overwritten" ? `${WINDOW} bytes overwritten` : "zeroed from there to the end";
      it(`${name}, ${what}, at every ${STRIDE}th byte`, async () => {
        const whole = fs.readFileSync(path.join(fixtures.dir, name));
        const file = path.join(dir, `damaged-${name}`);
        const outcomes: string[] = [];
        for (let offset = STRIDE; offset < whole.length; offset += STRIDE) {
          const bytes = Buffer.from(whole);
          if (damage === "overwritten") bytes.fill(0xa5, offset, offset + WINDOW);
          else bytes.fill(0, offset);
          fs.writeFileSync(file, bytes);
          const { status, stderr } = await infoStatus(file);
          const oneLine = /^afmsims: [^\n]+: [^\n]+\n$/.test(stderr) && stderr.startsWith(`afmsims: ${file}: `);
          const fine = status === 0 ? stderr === "" : status === 1 && oneLine && !stderr.includes("internal error");
          if (!fine) outcomes.push(`offset ${offset}: status ${status}, stderr ${JSON.stringify(stderr)}`);
        }
        expect(outcomes).toEqual([]);
      });
    }
  }
});
