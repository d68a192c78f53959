import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");

/** The shared real instrument files: `../shared/data/real` beside the checkout, else the workspace copy. */
export const REAL_DATA = [path.resolve(repoRoot, "../shared/data/real"), "/work/shared/data/real"].find((dir) =>
  fs.existsSync(path.join(dir, "README.md")),
);

export function realFile(name: string): string | undefined {
  if (!REAL_DATA) return undefined;
  const file = path.join(REAL_DATA, name);
  return fs.existsSync(file) ? file : undefined;
}

export const NO_REAL_DATA = "real instrument files (../shared/data/real) are absent";

const REFERENCE = path.join(here, "../reference");

/** Runs one of the independent Python reference readers (Debian python3 + numpy) and parses its JSON. */
export function pythonReference<T>(script: string, ...args: string[]): T {
  const out = execFileSync("/usr/bin/python3", [path.join(REFERENCE, script), ...args], { encoding: "utf-8" });
  return JSON.parse(out) as T;
}

/** True when Gwyddion's command line (`gwyddion --convert-to-gwy`) is installed. */
export const HAS_GWYDDION = spawnSync("gwyddion", ["--version"], { stdio: "ignore" }).status === 0;
export const NO_GWYDDION = "gwyddion is not installed (apt-get install gwyddion gives its --convert-to-gwy reference)";

/**
 * Converts a file to .gwy with Gwyddion's own reader, so its values can be read back by the
 * independent Python .gwy reader: the reference for "what Gwyddion shows".
 */
export function gwyddionConvert(file: string, dir: string): string {
  const out = path.join(dir, `${path.basename(file)}.gwyddion.gwy`);
  const result = spawnSync("gwyddion", ["--no-splash", "--disable-gl", `--convert-to-gwy=${out}`, file], {
    encoding: "utf-8",
    timeout: 60_000,
    env: { ...process.env, GWYDDION_LOGFILE: path.join(dir, "gwyddion.log") },
  });
  if (!fs.existsSync(out)) throw new Error(`gwyddion could not convert ${file}: ${result.stderr}`);
  return out;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `afmsims-${prefix}-`));
}

export function writeTemp(dir: string, name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

export interface GwyReference {
  fields: {
    id: number;
    title: string;
    xres: number;
    yres: number;
    xreal: number;
    yreal: number;
    xoff: number;
    yoff: number;
    unit_xy: string;
    unit_z: string;
    min: number;
    max: number;
    mean: number;
    v00: number;
    v01: number;
    v10: number;
  }[];
}

/** `actual` equals `expected` to a relative tolerance (absolute near zero, scaled by `scale`). */
export function relativeError(actual: number, expected: number, scale = Math.abs(expected)): number {
  return Math.abs(actual - expected) / (scale || 1);
}
