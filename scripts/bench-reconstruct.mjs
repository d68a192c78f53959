// The whole `reconstruct` of a simulated paper-preset measurement (512 x 512 SIMS pixels on
// 50 um, 100 layers, 4 channels), per stage, on the WebAssembly kernels and on their
// plain-TypeScript references side by side, with the peak memory against the input's size.
// Each run is its own process, so one run's memory does not count against the other's.
//   node scripts/bench-reconstruct.mjs [--pixels 512] [--seed 3] [--skip-reference]
// Runs on the built package: `npm run build` first. Writes JSON to bench-results/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
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

/** Child: reads FILE, reconstructs on KIND ("wasm" or "reference") without writing, prints JSON. */
async function child(file, kind) {
  const { readInputFile } = await load("io/nodeFiles.js");
  const { prepareReconstruction } = await load("pipeline/reconstruct.js");
  const { loadReconstructionKernels, referenceReconstructionKernels } = await load("pipeline/reconstruct/kernels.js");
  const input = await readInputFile(file);
  const { sims, afmBefore, afmAfter } = input;
  const inputBytes =
    sims.counts.byteLength + (sims.total?.byteLength ?? 0) + afmBefore.heights.byteLength + (afmAfter?.heights.byteLength ?? 0);
  const kernels = kind === "wasm" ? await loadReconstructionKernels() : referenceReconstructionKernels();
  const rssAfterRead = process.memoryUsage().rss;
  let peakArrays = 0;
  const sample = () => {
    peakArrays = Math.max(peakArrays, process.memoryUsage().arrayBuffers);
  };
  const progress = { stage: sample, update: sample, end: sample };
  const start = performance.now();
  const prepared = prepareReconstruction(input, {}, kernels, progress);
  prepared.writeVoxels({ writePlane: sample }, progress);
  const wall = (performance.now() - start) / 1000;
  const { header, report } = prepared;
  process.stdout.write(
    JSON.stringify({
      kind,
      build: kernels.kernels.build,
      wall,
      seconds: report.seconds,
      shape: [header.channels, header.nz, header.rows, header.cols],
      inputBytes,
      rssAfterRead,
      maxRss: process.resourceUsage().maxRSS * 1024,
      peakArrayBuffers: peakArrays,
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
  const kinds = process.argv.includes("--skip-reference") ? ["wasm"] : ["wasm", "reference"];
  const results = [];
  for (const kind of kinds) {
    process.stderr.write(`reconstructing on ${kind} kernels...\n`);
    const run = spawnSync(process.execPath, [new URL(import.meta.url).pathname, "--child", file, kind], {
      encoding: "utf8",
      maxBuffer: 16 * MiB,
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (run.status !== 0) throw new Error(`${kind} run failed (status ${run.status})`);
    results.push(JSON.parse(run.stdout));
  }
  const stages = [...new Set(results.flatMap((r) => Object.keys(r.seconds)))];
  const lines = [
    `reconstruct, paper preset ${pixels} x ${pixels} on 50 um, seed ${seed}; input ${(results[0].inputBytes / MiB).toFixed(0)} MiB in memory`,
    `${"stage".padEnd(16)}${results.map((r) => `${r.kind} (${r.build})`.padStart(22)).join("")}`,
    ...stages.map((stage) => `${stage.padEnd(16)}${results.map((r) => `${(r.seconds[stage] ?? NaN).toFixed(2)} s`.padStart(22)).join("")}`),
    `${"wall".padEnd(16)}${results.map((r) => `${r.wall.toFixed(2)} s`.padStart(22)).join("")}`,
    `${"max RSS".padEnd(16)}${results.map((r) => `${(r.maxRss / MiB).toFixed(0)} MiB = ${(r.maxRss / r.inputBytes).toFixed(2)}x`.padStart(22)).join("")}`,
    `${"RSS after read".padEnd(16)}${results.map((r) => `${(r.rssAfterRead / MiB).toFixed(0)} MiB`.padStart(22)).join("")}`,
    `${"peak JS arrays".padEnd(16)}${results.map((r) => `${(r.peakArrayBuffers / MiB).toFixed(0)} MiB = ${(r.peakArrayBuffers / r.inputBytes).toFixed(2)}x`.padStart(22)).join("")}`,
    `targets: <= 4 s wall, peak <= 3x the input (${((3 * results[0].inputBytes) / MiB).toFixed(0)} MiB); ${os.cpus().length} cores, Node ${process.version}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  mkdirSync("bench-results", { recursive: true });
  writeFileSync(path.join("bench-results", "reconstruct.json"), JSON.stringify({ pixels, seed, results }, null, 2));
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4]);
else await parent();
