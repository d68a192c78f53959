// `npm run bench`: each kernel's WebAssembly SIMD build beside its scalar build and its
// TypeScript reference, and the registration and drift stages on either, on data the size of the
// paper preset. Median of several runs, and the first (cold) run's CPU time beside it: a
// reconstruction runs each stage once, JIT compilation included. Prints a table and writes JSON
// to bench-results/.
// Runs on the built package: `npm run build` first.
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";

const dist = new URL("../dist/", import.meta.url);
if (!existsSync(new URL("kernels/index.js", dist))) {
  process.stderr.write("bench: dist/ is missing: run `npm run build` first\n");
  process.exit(1);
}
const { loadKernels } = await import(new URL("kernels/index.js", dist).href);
const { referenceKernels } = await import(new URL("kernels/reference/index.js", dist).href);
const { estimateDrift } = await import(new URL("pipeline/drift.js", dist).href);
const { registerSurfaces } = await import(new URL("pipeline/reconstruct/surfaces.js", dist).href);
const { loadReconstructionKernels } = await import(new URL("pipeline/reconstruct/kernels.js", dist).href);
const { meanOverLayers } = await import(new URL("pipeline/reconstruct/layerStack.js", dist).href);
const { simulate } = await import(new URL("sim/simulate.js", dist).href);
const { resolveParams } = await import(new URL("sim/resolveParams.js", dist).href);
const { mulberry32: uniform } = await import(new URL("random/mulberry32.js", dist).href);
const { Random } = await import(new URL("sim/random.js", dist).href);

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Wall-clock and CPU milliseconds, median and worst of RUNS after one warm-up, and the warm-up's
 * own CPU time (`cpuFirst`). On a shared machine the CPU time is the steadier figure: wall time
 * also counts waiting for a core.
 */
function timeIt(fn) {
  const firstStart = process.cpuUsage();
  fn();
  const first = process.cpuUsage(firstStart);
  const wall = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    fn();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return {
    median: median(wall), worst: Math.max(...wall), cpuMedian: median(cpu), cpuWorst: Math.max(...cpu),
    cpuFirst: (first.user + first.system) / 1000, runs: RUNS,
  };
}

/** `layers` of Poisson counts (mean about 3) of a blob pattern drifting a few pixels. */
function driftStack(simd, layers, size) {
  const next = uniform(7);
  const margin = 16;
  const base = new Float32Array((size + 2 * margin) ** 2).fill(0.3);
  const side = size + 2 * margin;
  for (let b = 0; b < (side * side) / 150; b++) {
    const y = next() * side, x = next() * side, s = 1.5 + next() * 4, a = 0.5 + next() * 2;
    for (let r = Math.max(0, Math.floor(y - 4 * s)); r < Math.min(side, y + 4 * s); r++) {
      for (let c = Math.max(0, Math.floor(x - 4 * s)); c < Math.min(side, x + 4 * s); c++) {
        base[r * side + c] += a * Math.exp(-((r - y) ** 2 + (c - x) ** 2) / (2 * s * s));
      }
    }
  }
  const stack = new Float32Array(layers * size * size);
  const counting = new Random(7, "bench drift stack: counts");
  for (let k = 0; k < layers; k++) {
    const dy = (3 * k) / layers, dx = (-2 * k) / layers;
    const shift = Float64Array.from([1, 0, margin - dx, 0, 1, margin - dy, 0, 0, 1]);
    const layer = simd.resampleAffine(base, side, side, size, size, shift, { areaAverage: false });
    for (let i = 0; i < size * size; i++) stack[k * size * size + i] = counting.poisson(2.5 * layer[i]);
  }
  return stack;
}

const simd = await loadKernels("simd");
const scalar = await loadKernels("scalar");
const builds = [simd, scalar, referenceKernels];
const rows = [];

function row(name, size, run, targets = {}) {
  const results = {};
  for (const kernels of builds) results[kernels.build] = timeIt(() => run(kernels));
  rows.push({ name, size, ...results, targets });
}

process.stderr.write("bench: preparing data\n");
// Paper preset: SIMS 256 x 256, 4 channels, 100 layers; AFM 128 x 2048.
const paperCounts = new Float32Array(100 * 4 * 256 * 256);
{
  const next = uniform(1);
  for (let i = 0; i < paperCounts.length; i++) paperCounts[i] = Math.floor(next() * next() * 14);
}
const afm = new Float32Array(128 * 2048);
for (let i = 0; i < afm.length; i++) afm[i] = Math.sin(i * 0.013) + Math.cos((i >> 11) * 0.3);
const afmToSimsInverse = Float64Array.from([6.12, 0.41, 100.3, -0.05, 0.382, 7.9, 0, 0, 1]);

process.stderr.write("bench: kernels\n");
row("dead time, 100 x 4 x 256 x 256 counts, N = 15", "26.2 M", (k) => k.deadTimeCorrect(paperCounts, 15), { simdOverReference: 2.5 });
row("resample AFM 128x2048 -> SIMS 256x256, area-averaged bilinear", "65.5 k px", (k) =>
  k.resampleAffine(afm, 128, 2048, 256, 256, afmToSimsInverse), { simdOverReference: 2.5 });
row("resample AFM 128x2048 -> SIMS 256x256, area-averaged bicubic", "65.5 k px", (k) =>
  k.resampleAffine(afm, 128, 2048, 256, 256, afmToSimsInverse, { method: "bicubic" }));
const layerShift = Float64Array.from([1, 0, 0.37, 0, 1, -1.21, 0, 0, 1]);
const oneLayer = paperCounts.subarray(0, 512 * 512);
row("resample one 512x512 layer by a sub-pixel shift (bilinear)", "262 k px", (k) =>
  k.resampleAffine(oneLayer, 512, 512, 512, 512, layerShift, { areaAverage: false }));
const image256 = paperCounts.subarray(0, 256 * 256);
row("FFT 2-D real 256 x 256", "65.5 k", (k) => k.fft2dReal(image256, 256, 256));
row("FFT 2-D real 512 x 512", "262 k", (k) => k.fft2dReal(oneLayer, 512, 512));
row("FFT 2-D real 250 x 250 (Bluestein)", "62.5 k", (k) => k.fft2dReal(image256, 250, 250));

process.stderr.write("bench: drift (100 layers of 512 x 512)\n");
const driftData = driftStack(simd, 100, 512);
row("drift, 100 layers of 512 x 512", "26.2 M px", (k) => estimateDrift(k, driftData, 100, 512, 512), { simdMs: 1000 });

process.stderr.write("bench: registration (simulated paper preset)\n");
// The whole registration stage of a reconstruction: both AFM scans levelled, AFM-before
// registered to the SIMS field and AFM-after to AFM-before, both surfaces resampled onto the
// SIMS grid. The SIMS field is the mean total-ion image, as the reconstruction registers against.
// A build's own surface kernels (scar search, edge-directed lines) with it, as a reconstruction
// loads them; the TypeScript references with the reference kernels.
const surfaceKernels = {
  simd: (await loadReconstructionKernels("simd")).surfaces,
  scalar: (await loadReconstructionKernels("scalar")).surfaces,
};
const sim = simulate(resolveParams({ preset: "paper", seed: 3, layers: 5 }));
const { afmBefore, afmAfter, sims } = sim.input;
const simsField = {
  values: meanOverLayers(sims.total, sims.layers, sims.rows * sims.cols), rows: sims.rows, cols: sims.cols, pixelSize: sims.pixelSize,
};
row(
  "registration stage, paper preset: level both scans, AFM-before -> SIMS, after -> before, resample",
  `2 x ${afmBefore.rows}x${afmBefore.cols} / ${sims.rows}x${sims.cols}`,
  (k) => registerSurfaces(k, afmBefore, afmAfter, simsField, false, surfaceKernels[k.build]),
  { simdMs: 1000 },
);

const table = [
  ["stage", "data", "SIMD ms", "scalar ms", "TS ref ms", "SIMD vs ref", "SIMD cpu ms", "SIMD first cpu ms", "ref cpu ms", "cpu ratio", "target"],
  ...rows.map((r) => [
    r.name, r.size,
    r.simd.median.toFixed(2), r.scalar.median.toFixed(2), r.reference.median.toFixed(2),
    `${(r.reference.median / r.simd.median).toFixed(2)}x`,
    r.simd.cpuMedian.toFixed(1), r.simd.cpuFirst.toFixed(1), r.reference.cpuMedian.toFixed(1),
    `${(r.reference.cpuMedian / r.simd.cpuMedian).toFixed(2)}x`,
    r.targets.simdOverReference ? `>= ${r.targets.simdOverReference}x` : r.targets.simdMs ? `SIMD <= ${r.targets.simdMs} ms` : "",
  ]),
];
const widths = table[0].map((_, c) => Math.max(...table.map((line) => line[c].length)));
for (const line of table) console.log(line.map((cell, c) => cell.padEnd(widths[c])).join("  "));

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  loadAverage: os.loadavg(),
  runs: RUNS,
  rows,
};
mkdirSync(new URL("../bench-results/", import.meta.url), { recursive: true });
const file = new URL(`../bench-results/bench-${results.date.replace(/[:.]/g, "-")}.json`, import.meta.url);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nwritten: ${file.pathname}`);
