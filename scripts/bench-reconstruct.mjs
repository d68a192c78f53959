// The whole `reconstruct` of a simulated paper-preset measurement (512 x 512 SIMS pixels on
// 50 um, 100 layers, 4 channels), per stage, on the WebAssembly kernels (on one thread, and on
// the CLI's pool of worker threads) and on their plain-TypeScript references side by side, with
// the peak memory against the input's size. First, the CLI end to end as a user runs it (its
// default options, reading the file and writing the volume to a new file): issue 4's "whole
// reconstruct" figure, and its process's wall time from start to exit. "wasm" runs as
// `reconstruct --threads 1` does, "threads" as the CLI's default pool (or `--threads N`).
// Each run is its own process, so one run's memory does not count against the other's; the
// kinds take turns, `--runs` times, and the table gives the median of the runs for times and
// the largest for memory. CPU seconds (user + system) are given beside the wall time: on a
// shared machine the wall time also measures the other processes. Each stage's CPU seconds are
// the whole process's, worker threads included.
//   node scripts/bench-reconstruct.mjs [--pixels 512] [--seed 3] [--runs 3] [--threads N] [--skip-reference]
// Runs on the built package: `npm run build` first. Writes JSON to bench-results/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dist = new URL("../dist/", import.meta.url);
if (!existsSync(new URL("pipeline/reconstruct.js", dist))) {
  process.stderr.write("bench-reconstruct: dist/ is missing: run `npm run build` first\n");
  process.exit(1);
}
const load = (module) => import(new URL(module, dist).href);

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const MiB = 2 ** 20;

/**
 * A progress sink that records each stage's CPU seconds (the whole process's, worker threads
 * included), the peak size of JS arrays, and the running peak RSS when each stage ends (the
 * stage where it last rose holds the peak).
 */
function stageRecorder() {
  let peak = 0;
  let stage = "read";
  const peakRssBy = { read: process.resourceUsage().maxRSS * 1024 };
  const cpuSeconds = {};
  let stageCpu;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  };
  const progress = {
    stage(name) {
      stage = name;
      stageCpu = process.cpuUsage();
      sample();
    },
    update: sample,
    end() {
      const { user, system } = process.cpuUsage(stageCpu);
      cpuSeconds[stage] = (cpuSeconds[stage] ?? 0) + (user + system) / 1e6;
      sample();
      peakRssBy[stage] = process.resourceUsage().maxRSS * 1024;
    },
  };
  const peakRssStage = () => Object.keys(peakRssBy).find((name) => peakRssBy[name] === Math.max(...Object.values(peakRssBy)));
  return { progress, cpuSeconds, sample, peakArrays: () => peak, peakRssStage };
}

/**
 * Child: `afmsims reconstruct FILE -o OUTPUT --json` through the CLI's own entry, timed from the
 * call to its return (the process's start-up and exit are in the parent's processWall); prints JSON.
 */
async function cliChild(file, output) {
  const { main } = await load("cli/main.js");
  let stdout = "";
  let stderr = "";
  const { progress, cpuSeconds } = stageRecorder();
  const context = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), progress };
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const status = await main(["reconstruct", file, "-o", output, "--json"], context);
  const wall = (performance.now() - start) / 1000;
  const { user, system } = process.cpuUsage(cpuStart);
  if (status !== 0) throw new Error(`afmsims reconstruct failed (status ${status}): ${stderr}`);
  const summary = JSON.parse(stdout);
  const staged = Object.values(cpuSeconds).reduce((sum, seconds) => sum + seconds, 0);
  cpuSeconds.read = (user + system) / 1e6 - staged;
  process.stdout.write(
    JSON.stringify({
      kind: "cli",
      build: summary.kernels,
      wall,
      cpu: (user + system) / 1e6,
      seconds: summary.seconds,
      cpuSeconds,
      deadTime: summary.dead_time,
      outputBytes: statSync(output).size,
      maxRss: process.resourceUsage().maxRSS * 1024,
    }),
  );
}

/** Child: reads FILE, reconstructs on KIND ("wasm", "threads" or "reference"; THREADS, 0: the default) without writing, prints JSON. */
async function child(file, kind, threads) {
  const { readInputFile } = await load("io/nodeFiles.js");
  const { prepareReconstruction } = await load("pipeline/reconstruct.js");
  const { referenceReconstructionKernels } = await load("pipeline/reconstruct/kernels.js");
  const { loadThreadedReconstructionKernels } = await load("pipeline/parallel/threadedKernels.js");
  const input = await readInputFile(file);
  const { sims, afmBefore, afmAfter } = input;
  const inputBytes =
    sims.counts.byteLength + (sims.total?.byteLength ?? 0) + afmBefore.heights.byteLength + (afmAfter?.heights.byteLength ?? 0);
  const kernels =
    kind === "threads"
      ? await loadThreadedReconstructionKernels(threads || undefined)
      : kind === "wasm"
        ? await loadThreadedReconstructionKernels(1)
        : referenceReconstructionKernels();
  const rssAfterRead = process.memoryUsage().rss;
  const { progress, cpuSeconds, sample, peakArrays, peakRssStage } = stageRecorder();
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const prepared = prepareReconstruction(input, {}, kernels, progress);
  prepared.writeVoxels({ writeRows: sample }, progress);
  const wall = (performance.now() - start) / 1000;
  const { user, system } = process.cpuUsage(cpuStart);
  cpuSeconds.total = (user + system) / 1e6;
  const { header, report } = prepared;
  process.stdout.write(
    JSON.stringify({
      kind,
      build: kind === "threads" ? `${kernels.kernels.build} x ${kernels.pool.threads}` : kernels.kernels.build,
      wall,
      cpu: (user + system) / 1e6,
      seconds: report.seconds,
      cpuSeconds,
      shape: [header.channels, header.nz, header.rows, header.cols],
      inputBytes,
      rssAfterRead,
      maxRss: process.resourceUsage().maxRSS * 1024,
      peakArrayBuffers: peakArrays(),
      peakRssStage: peakRssStage(),
    }),
  );
}

async function parent() {
  const pixels = Number(option("pixels", "512"));
  const seed = Number(option("seed", "3"));
  const file = path.join(os.tmpdir(), `afmsims-bench-paper-${pixels}-${seed}.h5`);
  if (!existsSync(file)) {
    process.stderr.write(`simulating the paper preset at ${pixels} x ${pixels} (once; cached as ${file})\n`);
    const { resolveParams, simulate, writeSimulation } = await load("sim/index.js");
    const params = resolveParams({ preset: "paper", seed, simsPixels: pixels, simsFieldUm: 50, truthVolume: false });
    await writeSimulation(file, simulate(params));
  }
  const kinds = ["cli", "wasm", "threads", ...(process.argv.includes("--skip-reference") ? [] : ["reference"])];
  const runs = Number(option("runs", "3"));
  const threads = option("threads", "0");
  const byKind = new Map(kinds.map((kind) => [kind, []]));
  const output = path.join(os.tmpdir(), `afmsims-bench-volume-${process.pid}.h5`);
  for (let run = 1; run <= runs; run++) {
    for (const kind of kinds) {
      process.stderr.write(`run ${run} of ${runs}: ${kind === "cli" ? "afmsims reconstruct end to end" : `reconstructing on ${kind} kernels`}...\n`);
      const started = performance.now();
      const child = spawnSync(process.execPath, [new URL(import.meta.url).pathname, "--child", file, kind, output, threads], {
        encoding: "utf8",
        maxBuffer: 16 * MiB,
        stdio: ["ignore", "pipe", "inherit"],
      });
      const processWall = (performance.now() - started) / 1000;
      // Removed outside the timing, so every run writes a new file rather than replacing one.
      rmSync(output, { force: true });
      if (child.status !== 0) throw new Error(`${kind} run failed (status ${child.status})`);
      byKind.get(kind).push({ ...JSON.parse(child.stdout), processWall });
    }
  }
  // The CLI's child does not read the input twice to measure it: its size comes from the others.
  const inputBytes = byKind.get("wasm")[0].inputBytes;
  const results = kinds.map((kind) => ({ inputBytes, ...summarise(byKind.get(kind)) }));
  const stages = [...new Set(["read", ...results.flatMap((r) => Object.keys(r.seconds))])].filter((stage) => stage !== "total");
  const column = (text) => text.padStart(24);
  const seconds = (value) => (value === undefined ? "-" : value.toFixed(2));
  const cli = results[0];
  const lines = [
    `reconstruct, paper preset ${pixels} x ${pixels} on 50 um, seed ${seed}; input ${(cli.inputBytes / MiB).toFixed(0)} MiB in memory`,
    `median of ${runs} run(s) per kind (memory: the largest). cli: \`afmsims reconstruct\` with its defaults, read and write`,
    `included ("voxels" includes writing the ${(cli.outputBytes / MiB).toFixed(0)} MiB volume; its "read" CPU is all CPU outside the`,
    `stages: reading, loading h5wasm and the kernels, closing the file); the others: the stages alone, in memory`,
    `dead time: the ${cli.deadTime.method} estimator, on the ${cli.build} kernel (assembly/deadtime.ts deadTimePooledLayer)`,
    `${"stage".padEnd(16)}${results.map((r) => column(`${r.kind} (${r.build})`)).join("")}`,
    `${"".padEnd(16)}${results.map(() => column("wall / CPU")).join("")}`,
    ...stages.map((stage) => `${stage.padEnd(16)}${results.map((r) => column(`${seconds(r.seconds[stage])} / ${seconds(r.cpuSeconds[stage])} s`)).join("")}`),
    `${"wall".padEnd(16)}${results.map((r) => column(`${r.wall.toFixed(2)} s`)).join("")}`,
    `${"process wall".padEnd(16)}${results.map((r) => column(`${r.processWall.toFixed(2)} s`)).join("")}`,
    `${"CPU".padEnd(16)}${results.map((r) => column(`${r.cpu.toFixed(2)} s`)).join("")}`,
    `${"max RSS".padEnd(16)}${results.map((r) => column(`${(r.maxRss / MiB).toFixed(0)} MiB = ${(r.maxRss / r.inputBytes).toFixed(2)}x`)).join("")}`,
    `${"RSS after read".padEnd(16)}${results.map((r) => column(r.rssAfterRead === undefined ? "-" : `${(r.rssAfterRead / MiB).toFixed(0)} MiB`)).join("")}`,
    `${"peak RSS in".padEnd(16)}${results.map((r) => column(r.peakRssStage ?? "-")).join("")}`,
    `${"peak JS arrays".padEnd(16)}${results.map((r) => column(r.peakArrayBuffers === undefined ? "-" : `${(r.peakArrayBuffers / MiB).toFixed(0)} MiB = ${(r.peakArrayBuffers / r.inputBytes).toFixed(2)}x`)).join("")}`,
    `targets: <= 4 s wall (cli), peak <= 3x the input (${((3 * cli.inputBytes) / MiB).toFixed(0)} MiB); ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}, Node ${process.version}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  mkdirSync("bench-results", { recursive: true });
  writeFileSync(path.join("bench-results", "reconstruct.json"), JSON.stringify({ pixels, seed, runs, results, all: Object.fromEntries(byKind) }, null, 2));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One kind's runs as one: median times per stage, wall and CPU; the largest memory figures. */
function summarise(runs) {
  const stages = Object.keys(runs[0].seconds);
  const cpuStages = Object.keys(runs[0].cpuSeconds);
  return {
    ...runs[0],
    cpuSeconds: Object.fromEntries(cpuStages.map((stage) => [stage, median(runs.map((r) => r.cpuSeconds[stage] ?? NaN))])),
    wall: median(runs.map((r) => r.wall)),
    processWall: median(runs.map((r) => r.processWall)),
    cpu: median(runs.map((r) => r.cpu)),
    seconds: Object.fromEntries(stages.map((stage) => [stage, median(runs.map((r) => r.seconds[stage] ?? NaN))])),
    rssAfterRead: runs[0].rssAfterRead && Math.max(...runs.map((r) => r.rssAfterRead)),
    maxRss: Math.max(...runs.map((r) => r.maxRss)),
    peakArrayBuffers: runs[0].peakArrayBuffers && Math.max(...runs.map((r) => r.peakArrayBuffers)),
  };
}

if (process.argv[2] === "--child" && process.argv[4] === "cli") await cliChild(process.argv[3], process.argv[5]);
else if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4], Number(process.argv[6]));
else await parent();
