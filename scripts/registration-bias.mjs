// Where the AFM-before -> SIMS registration error comes from, on simulated data. For each seed the
// registration runs on the pipeline's inputs and on controlled ones, and the error is split into
// rotation, scale and the translation of the SIMS field's centre (the corner error is what
// scripts/accuracy.mjs judges):
//   measured        the levelled AFM and the drift-aligned total-ion mean, with the AFM-after scan,
//                   as accuracy.mjs and the pipeline;
//   noiseless       the expected counts (true drift) against the true topography: the method's own
//                   bias, with no counts noise, no tip and no AFM artefacts;
//   no spot in AFM  noiseless, with the SEI spot left out of the AFM topography only (the SIMS
//                   still sees it): how much of the bias the spot's relief makes;
//   fine AFM rows   noiseless, the AFM sampled on 8x as many rows: how much the coarse slow axis makes;
//   AFM-after       the levelled AFM-after scan registered to the measured SIMS image directly (judged
//                   against its own truth): the crater floor, where the spot has been sputtered away;
//   counts noise    the spread (SD) over fresh Poisson realisations of the counts, measured AFM.
//   node scripts/registration-bias.mjs [--preset small] [--seeds 1-20] [--realisations 4]
// Runs on the built package: `npm run build` first.
import { existsSync } from "node:fs";

const dist = new URL("../dist/", import.meta.url);
if (!existsSync(new URL("pipeline/register.js", dist))) {
  process.stderr.write("registration-bias: dist/ is missing: run `npm run build` first\n");
  process.exit(1);
}
const load = (path) => import(new URL(path, dist).href);
const { loadKernels } = await load("kernels/index.js");
const { levelHeightMap } = await load("pipeline/level.js");
const { estimateDrift, removeDrift } = await load("pipeline/drift.js");
const { meanOverLayers } = await load("pipeline/reconstruct/layerStack.js");
const { registerAfmToSims, registerAfmAfterToBefore } = await load("pipeline/register.js");
const { chain, invert } = await load("pipeline/affine.js");
const { simulate } = await load("sim/simulate.js");
const { resolveParams } = await load("sim/resolveParams.js");
const { expectedCounts } = await load("sim/expectedCounts.js");
const { detectorCounts } = await load("sim/detectorCounts.js");
const { afmTopography } = await load("sim/afmScan.js");
const { scanTransforms } = await load("sim/geometry.js");
const { Random } = await load("sim/random.js");

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const preset = option("preset", "small");
const [firstSeed, lastSeed] = option("seeds", "1-20").split("-").map(Number);
const realisations = Number(option("realisations", "4"));
const FINE_ROWS = 8;

/**
 * The estimate's error against the truth (both AFM pixel -> SIMS pixel): the worst of the AFM
 * field's four corners (SIMS px), and the error map's rotation (rad), isotropic scale (relative)
 * and the displacement of the SIMS field's centre (SIMS px).
 */
function errorOf(estimated, truth, afm, sims) {
  let corner = 0;
  for (const [x, y] of [[-0.5, -0.5], [afm.cols - 0.5, -0.5], [-0.5, afm.rows - 0.5], [afm.cols - 0.5, afm.rows - 0.5]]) {
    const dx = estimated[0] * x + estimated[1] * y + estimated[2] - (truth[0] * x + truth[1] * y + truth[2]);
    const dy = estimated[3] * x + estimated[4] * y + estimated[5] - (truth[3] * x + truth[4] * y + truth[5]);
    corner = Math.max(corner, Math.hypot(dx, dy));
  }
  // SIMS pixel -> SIMS pixel: identity when the estimate is right.
  const e = chain(invert(truth), estimated);
  const cx = (sims.cols - 1) / 2;
  const cy = (sims.rows - 1) / 2;
  const centre = Math.hypot(e[0] * cx + e[1] * cy + e[2] - cx, e[3] * cx + e[4] * cy + e[5] - cy);
  return { corner, rotation: (e[3] - e[1]) / 2, scale: (e[0] + e[4]) / 2 - 1, centre };
}

/** Every layer moved back to layer 0 by `drift` and averaged: the registration image (as the pipeline makes it). */
function registrationImage(kernels, total, sims, drift) {
  const aligned = removeDrift(kernels, total, sims.layers, sims.rows, sims.cols, drift);
  const values = meanOverLayers(aligned, sims.layers, sims.rows * sims.cols);
  return { values, rows: sims.rows, cols: sims.cols, pixelSize: sims.pixelSize };
}

/** The expected total-ion stack: every channel's mean counts plus the other masses'. */
function expectedTotal(expected, sims) {
  const pixels = sims.rows * sims.cols;
  const total = Float32Array.from(expected.other);
  for (let k = 0; k < sims.layers; k++) {
    for (let c = 0; c < sims.channels; c++) {
      const at = (k * sims.channels + c) * pixels;
      for (let i = 0; i < pixels; i++) total[k * pixels + i] += expected.channels[at + i];
    }
  }
  return total;
}

/** The true topography before profiling on an AFM grid `rowFactor` times denser along rows, with its own truth. */
function trueAfm(sim, sample, rowFactor) {
  const { params } = sim;
  const afm = { ...params.afm, rows: params.afm.rows * rowFactor, pixelSize: [params.afm.pixelSize[0] / rowFactor, params.afm.pixelSize[1]] };
  const grid = { ...params, afm };
  const transforms = scanTransforms(grid, params.geometry);
  const heights = afmTopography(grid, sample, transforms.afmBeforeToWorld, sim.cumulativeDose[params.layers - 1]).before;
  return { afm: { values: Float32Array.from(heights), rows: afm.rows, cols: afm.cols, pixelSize: afm.pixelSize }, truth: transforms.afmToSims };
}

const format = (e) => `${e.corner.toFixed(3).padStart(6)} ${(e.rotation * 1e3).toFixed(2).padStart(6)} ${(e.scale * 1e3).toFixed(2).padStart(6)} ${e.centre.toFixed(3).padStart(6)}`;
const spread = (values) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1));
};

const kernels = await loadKernels();
const cases = ["measured", "noiseless", "no spot in AFM", "fine AFM rows", "AFM-after"];
const corners = Object.fromEntries(cases.map((name) => [name, []]));
console.log(`AFM-before -> SIMS on ${preset}: corner error (SIMS px), rotation (mrad), scale (1e-3), centre shift (SIMS px)`);
console.log(`seed  ${cases.map((name) => name.padEnd(27)).join(" ")} counts noise SD: corner rot scale`);
for (let seed = firstSeed; seed <= lastSeed; seed++) {
  const params = resolveParams({ preset, seed });
  const sim = simulate(params);
  const { afmBefore, sims } = sim.input;
  const truth = sim.transforms.afmToSims;
  const register = (afm, image, options) => registerAfmToSims(kernels, afm, image, options).transform;
  const levelled = (scan) => ({ values: levelHeightMap(scan.heights, scan.rows, scan.cols).heights, rows: scan.rows, cols: scan.cols, pixelSize: scan.pixelSize });
  const measuredAfm = levelled(afmBefore);
  const measuredAfter = levelled(sim.input.afmAfter);
  const laterScan = { after: { image: measuredAfter, transform: registerAfmAfterToBefore(kernels, measuredAfter, measuredAfm).transform } };
  const measuredSims = registrationImage(kernels, sims.total, sims, estimateDrift(kernels, sims.total, sims.layers, sims.rows, sims.cols));
  const expected = expectedCounts(params, sim.sample, sim.cumulativeDose, sim.drift);
  const noiselessSims = registrationImage(kernels, expectedTotal(expected, sims), sims, sim.drift);
  const spotless = { ...sim.sample, spots: { ...sim.sample.spots, count: 0 } };
  const inputs = {
    measured: { afm: measuredAfm, sims: measuredSims, truth, options: laterScan },
    noiseless: { ...trueAfm(sim, sim.sample, 1), sims: noiselessSims },
    "no spot in AFM": { ...trueAfm(sim, spotless, 1), sims: noiselessSims },
    "fine AFM rows": { ...trueAfm(sim, sim.sample, FINE_ROWS), sims: noiselessSims },
    "AFM-after": { afm: measuredAfter, sims: measuredSims, truth: sim.transforms.afmAfterToSims },
  };
  const row = cases.map((name) => {
    const { afm, sims: simsImage, truth: caseTruth, options } = inputs[name];
    const e = errorOf(register(afm, simsImage, options), caseTruth, afm, sims);
    corners[name].push(e.corner);
    return format(e);
  });
  const noisy = Array.from({ length: realisations }, (_, r) => {
    const { total } = detectorCounts(expected, sims.layers, sims.channels, sims.rows * sims.cols, sims.scansPerLayer * sims.shotsPerPixel, new Random(seed, `bias counts ${r}`));
    return errorOf(register(measuredAfm, registrationImage(kernels, total, sims, sim.drift), laterScan), truth, measuredAfm, sims);
  });
  const noiseSd = `${spread(noisy.map((e) => e.corner)).toFixed(3)} ${(spread(noisy.map((e) => e.rotation)) * 1e3).toFixed(2)} ${(spread(noisy.map((e) => e.scale)) * 1e3).toFixed(2)}`;
  console.log(`${String(seed).padStart(4)}  ${row.join("  ")}  ${noiseSd}`);
}
const median = (values) => Float64Array.from(values).sort()[Math.floor(values.length / 2)];
for (const name of cases) console.log(`${name.padEnd(15)} corner error: worst ${Math.max(...corners[name]).toFixed(3)}, median ${median(corners[name]).toFixed(3)}`);
