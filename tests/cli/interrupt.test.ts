import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { silentProgress } from "../../src/cli/progress.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "afmsims-interrupt-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);
const input = file("input.h5");

/** How long a stop may take, from the signal to the process's exit. */
const STOP_WITHIN_MS = 1500;

interface Finished {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from the signal to the exit; NaN when none was sent. */
  stopMs: number;
}

/**
 * Runs the CLI as a process and sends `signal` once `ready(stderr)` holds, checked as stderr
 * arrives and every few milliseconds (for conditions on the output's folder).
 */
function runCli(args: string[], signal?: NodeJS.Signals, ready: (stderr: string) => boolean = () => true): Promise<Finished> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/cli/runCli.ts", ...args], { cwd: REPO });
  let stdout = "";
  let stderr = "";
  let signalledAt = NaN;
  const trySignal = () => {
    if (!signal || !Number.isNaN(signalledAt) || !ready(stderr)) return;
    signalledAt = performance.now();
    child.kill(signal);
  };
  const poll = setInterval(trySignal, 2);
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
    trySignal();
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (status, exitSignal) => {
      const stopMs = performance.now() - signalledAt;
      clearInterval(poll);
      child.on("close", () => resolve({ status, signal: exitSignal, stdout, stderr, stopMs }));
    });
  });
}

const partialsIn = (folder: string) => fs.readdirSync(folder).filter((name) => name.includes("partial"));
const firstProgressLine = (stderr: string) => /%/.test(stderr);

const silent = { stdout: () => {}, stderr: () => {}, progress: silentProgress };
/** A volume reconstructed in this process, as the reference of a run on the command thread. */
const volume = file("in-process.h5");
let volumeJson = "";

beforeAll(async () => {
  // Small, to keep the test fast: the signal comes at the first progress line, seconds before the end.
  expect(await main(["simulate", "--seed", "11", "--sims-pixels", "64", "--no-truth-volume", "-o", input], silent)).toBe(0);
  const status = await main(["reconstruct", input, "-o", volume, "--json"], { ...silent, stdout: (text) => (volumeJson += text) });
  expect(status).toBe(0);
}, 120_000);

describe("Ctrl-C and SIGTERM during a long command", () => {
  for (const [signal, status] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    it(`reconstruct stops within ${STOP_WITHIN_MS} ms of ${signal}, exits ${status} and leaves nothing behind`, async () => {
      const folder = fs.mkdtempSync(file(`${signal}-`));
      const run = await runCli(["reconstruct", input, "-o", path.join(folder, "out.h5")], signal, firstProgressLine);
      expect(run.signal).toBeNull();
      expect(run.status).toBe(status);
      expect(run.stopMs).toBeLessThan(STOP_WITHIN_MS);
      expect(run.stderr.endsWith("afmsims: cancelled\n")).toBe(true);
      expect(run.stderr).not.toMatch(/^wrote/m);
      expect(fs.readdirSync(folder)).toEqual([]);
    }, 60_000);
  }

  it("removes the partial output when the signal comes while the output is being written", async () => {
    const folder = fs.mkdtempSync(file("writing-"));
    const run = await runCli(["reconstruct", input, "-o", path.join(folder, "out.h5")], "SIGINT", () => partialsIn(folder).length > 0);
    expect(run.status).toBe(130);
    expect(run.stopMs).toBeLessThan(STOP_WITHIN_MS);
    expect(run.stderr.endsWith("afmsims: cancelled\n")).toBe(true);
    expect(fs.readdirSync(folder)).toEqual([]);
  }, 60_000);

  it("removes embed's staging folder, which a command registers itself", async () => {
    const folder = fs.mkdtempSync(file("embed-"));
    const run = await runCli(["embed", volume, "-o", path.join(folder, "page")], "SIGINT", () => partialsIn(folder).length > 0);
    expect(run.status).toBe(130);
    expect(run.stderr.endsWith("afmsims: cancelled\n")).toBe(true);
    expect(fs.readdirSync(folder)).toEqual([]);
  }, 60_000);
});

/** Every dataset and attribute of two HDF5 files, compared by h5py: the names of those that differ. */
function h5Differences(a: string, b: string): string[] {
  const script = `
import sys, json, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
diff = []
def same(x, y):
    x, y = np.asarray(x), np.asarray(y)
    return x.shape == y.shape and x.dtype == y.dtype and np.array_equal(x, y, equal_nan=x.dtype.kind == "f")
def compare(name, x, y):
    if sorted(x.attrs) != sorted(y.attrs) or any(not same(x.attrs[k], y.attrs[k]) for k in x.attrs): diff.append(name + " attributes")
    if isinstance(x, h5py.Group):
        if sorted(x) != sorted(y): diff.append(name + " members")
        for k in x:
            if k in y: compare(name.rstrip("/") + "/" + k, x[k], y[k])
    elif not same(x[()], y[()]): diff.append(name)
compare("/", a, b)
print(json.dumps(diff))
`;
  const result = spawnSync("/usr/bin/python3", ["-c", script, a, b], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

describe("a command run to the end on its own thread", () => {
  it("writes the same volume and prints the same JSON as an in-process run", async () => {
    const cliOutput = file("cli.h5");
    const run = await runCli(["reconstruct", input, "-o", cliOutput, "--json"]);
    expect(run.status).toBe(0);
    expect(h5Differences(cliOutput, volume)).toEqual([]);
    // Only the timings and the output's name may differ.
    const comparable = (text: string) => ({ ...JSON.parse(text), seconds: null, output: null });
    expect(run.stdout.endsWith("}\n")).toBe(true);
    expect(comparable(run.stdout)).toEqual(comparable(volumeJson));
    expect(partialsIn(dir)).toEqual([]);
  }, 60_000);

  it("keeps the exit statuses and one-line messages of usage errors and bad files", async () => {
    for (const argv of [["reconstruct", input, "--no-such-flag"], ["reconstruct", file("missing.h5"), "-o", file("never.h5")]]) {
      let stderr = "";
      const status = await main(argv, { ...silent, stderr: (text) => (stderr += text) });
      const run = await runCli(argv);
      expect(status).toBeGreaterThan(0);
      expect(stderr).toMatch(/^afmsims: [^\n]+\n$/);
      expect(run).toMatchObject({ status, stderr, stdout: "" });
    }
    expect(fs.existsSync(file("never.h5"))).toBe(false);
  }, 60_000);
});
