/** Fixtures written by h5py at test time (tests/fixtures/make_h5_fixtures.py), with the values numpy wrote. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Debian's python with h5py; the pyenv python on PATH has no h5py. */
export const PYTHON = "/usr/bin/python3";

export const hasH5py = spawnSync(PYTHON, ["-c", "import h5py, numpy"], { stdio: "ignore" }).status === 0;
if (!hasH5py) console.warn("h5py is missing (/usr/bin/python3 -c 'import h5py'): the h5py fixture tests are skipped");

const SCRIPT = fileURLToPath(new URL("../fixtures/make_h5_fixtures.py", import.meta.url));

export interface ValidFixture {
  dtype: string;
  order: "<" | ">";
  layout: string;
  strings: string;
  units: string | null;
  bool_style: string;
  counts: number[];
  before: number[];
  after: number[];
  total: number[];
  labels: string[];
  dead_time_corrected: boolean;
  counts_float32: boolean;
}

export interface Fixtures {
  dir: string;
  valid: Record<string, ValidFixture>;
  /** File name -> a part of the problem the reader must report. */
  invalid: Record<string, string>;
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `afmsims-${prefix}-`));
}

/** Writes every fixture into a fresh temp dir. */
export function writeFixtures(): Fixtures {
  const dir = makeTempDir("h5py");
  const run = spawnSync(PYTHON, [SCRIPT, dir], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`make_h5_fixtures.py failed: ${run.stderr}`);
  const expected = JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8"));
  return { dir, ...expected };
}

/** Runs a python snippet with json, sys, h5py and numpy (as np) imported; returns its stdout. */
export function h5pyRun(code: string, ...args: string[]): string {
  const run = spawnSync(PYTHON, ["-c", `import json, sys, h5py, numpy as np\n${code}`, ...args], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`h5py snippet failed: ${run.stderr}`);
  return run.stdout;
}

/** Like h5pyRun, with the snippet's stdout parsed as JSON. */
export function h5pyJson<T>(code: string, ...args: string[]): T {
  return JSON.parse(h5pyRun(code, ...args)) as T;
}
