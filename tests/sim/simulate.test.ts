import { beforeAll, describe, expect, it } from "vitest";
import { apply, invert, multiply } from "../../src/sim/affine.js";
import { HARD_CARBON, INORGANIC, ORGANIC } from "../../src/sim/materials.js";
import { resolveParams } from "../../src/sim/resolveParams.js";
import { allocateColumns, evaluateColumns } from "../../src/sim/sample/sample.js";
import { simulate, type SimulationResult } from "../../src/sim/simulate.js";

let result: SimulationResult;
beforeAll(() => {
  result = simulate(resolveParams({ preset: "small", seed: 42 }));
});

function digest(array: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < array.length; i++) h = (Math.imul(h, 31) + Math.round(array[i] * 1e12)) | 0;
  return h;
}

describe("determinism", () => {
  it("one seed gives identical measurements and truth; another seed differs", () => {
    const again = simulate(resolveParams({ preset: "small", seed: 42 }));
    expect(digest(again.input.sims.counts)).toBe(digest(result.input.sims.counts));
    expect(digest(again.input.afmBefore.heights)).toBe(digest(result.input.afmBefore.heights));
    expect(digest(again.volume!.data.map((v) => (Number.isNaN(v) ? -1 : v)))).toBe(digest(result.volume!.data.map((v) => (Number.isNaN(v) ? -1 : v))));
    const other = simulate(resolveParams({ preset: "small", seed: 43, truthVolume: false }));
    expect(digest(other.input.sims.counts)).not.toBe(digest(result.input.sims.counts));
    expect(digest(other.layers.surfaceBefore)).not.toBe(digest(result.layers.surfaceBefore));
  });
});

describe("one sample per seed", () => {
  it("changing the AFM geometry leaves the sample and the SIMS data as they were", () => {
    const a = simulate(resolveParams({ preset: "small", seed: 21, rotationDeg: 2, scale: 0.97, truthVolume: false }));
    const b = simulate(resolveParams({ preset: "small", seed: 21, rotationDeg: -3, scale: 1.05, truthVolume: false }));
    expect(digest(b.layers.surfaceBefore)).toBe(digest(a.layers.surfaceBefore));
    expect(digest(b.expectedCounts)).toBe(digest(a.expectedCounts));
    expect(digest(b.input.afmBefore.heights)).not.toBe(digest(a.input.afmBefore.heights));
  });
});

describe("sputtered depths", () => {
  it("layer 0 starts at the original surface and depths only grow", () => {
    const { rows, cols } = result.params.sims;
    const pixels = rows * cols;
    const depth = result.layers.layerDepth;
    for (let p = 0; p < pixels; p++) expect(depth[p]).toBe(0);
    let decreasing = 0;
    for (let k = 0; k < result.params.layers; k++) {
      for (let p = 0; p < pixels; p++) if (depth[(k + 1) * pixels + p] < depth[k * pixels + p]) decreasing++;
    }
    expect(decreasing).toBe(0);
  });

  it("in bare substrate each layer removes rate x dose, and the SEI sputters slower/faster per its materials", () => {
    const { params, layers, cumulativeDose } = result;
    const pixels = params.sims.rows * params.sims.cols;
    const rates = params.sputterRates;
    let checked = 0;
    for (let p = 0; p < pixels; p++) {
      if (layers.columns.inner[p] > 0 || layers.columns.outer[p] > 0) continue;
      const rate = rates[layers.substrate[p]];
      for (const k of [0, 5, params.layers - 1]) {
        const step = layers.layerDepth[(k + 1) * pixels + p] - layers.layerDepth[k * pixels + p];
        const dose = cumulativeDose[k] - (k === 0 ? 0 : cumulativeDose[k - 1]);
        expect(step).toBeCloseTo(rate * dose, 12);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(pixels / 2);
    // a spot column: the dose to reach the bottom is outer/v_org + inner/v_inorg + rest/v_substrate
    const spot = layers.spotMask.indexOf(1);
    expect(spot).toBeGreaterThanOrEqual(0);
    const { outer, inner } = layers.columns;
    const bottom = layers.layerDepth[params.layers * pixels + spot];
    const dose = outer[spot] / rates[ORGANIC] + inner[spot] / rates[INORGANIC] + (bottom - outer[spot] - inner[spot]) / rates[HARD_CARBON];
    expect(dose).toBeCloseTo(cumulativeDose[params.layers - 1], 4);
  });

  it("the stack is not flat: the first layer cuts deeper into organic SEI than into bare carbon, by the rate ratio", () => {
    const { params, layers } = result;
    const pixels = params.sims.rows * params.sims.cols;
    const firstStep = (p: number) => layers.layerDepth[pixels + p];
    let spot = -1;
    let bare = -1;
    for (let p = 0; p < pixels; p++) {
      if (spot < 0 && layers.columns.outer[p] > 10e-9) spot = p;
      if (bare < 0 && layers.substrate[p] === HARD_CARBON && layers.columns.outer[p] === 0 && layers.columns.inner[p] === 0) bare = p;
    }
    expect(spot).toBeGreaterThanOrEqual(0);
    expect(bare).toBeGreaterThanOrEqual(0);
    expect(firstStep(spot) / firstStep(bare)).toBeCloseTo(params.sputterRates[ORGANIC] / params.sputterRates[HARD_CARBON], 5);
  });

  it("mean_depth is the mean removed depth over the after scan's field, found through the written transforms", () => {
    const { params, transforms, sample } = result;
    const afterToWorld = multiply(transforms.simsToWorld, transforms.afmAfterToSims);
    const { rows, cols } = params.afm;
    const xs = new Float64Array(rows * cols);
    const ys = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) [xs[r * cols + c], ys[r * cols + c]] = apply(afterToWorld, c, r);
    }
    const columns = allocateColumns(rows * cols);
    evaluateColumns(sample, xs, ys, columns, true);
    const totalDose = result.cumulativeDose[params.layers - 1];
    const rates = params.sputterRates;
    let sum = 0;
    let worst = 0;
    for (let i = 0; i < rows * cols; i++) {
      // integrate the dose through the stack, independently of the simulator's helper
      let dose = totalDose;
      let depth = 0;
      for (const [thickness, rate] of [
        [columns.outer[i], rates[ORGANIC]],
        [columns.inner[i], rates[INORGANIC]],
        [Infinity, rates[columns.substrate[i]]],
      ]) {
        const used = Math.min(dose, thickness / rate);
        depth += used * rate;
        dose -= used;
      }
      sum += depth;
      // the true after topography is the true original surface minus that depth
      const before = columns.substrateTop[i] + columns.inner[i] + columns.outer[i];
      worst = Math.max(worst, Math.abs(result.afmAfterTrue[i] - (before - depth)));
    }
    expect(result.input.afmAfter!.meanDepth!).toBeCloseTo(sum / (rows * cols), 15);
    expect(worst).toBeLessThan(1e-15);
  });
});

describe("geometry", () => {
  it("the SIMS field's corners map inside the AFM field, before and after", () => {
    const { params, transforms } = result;
    for (const afmToSims of [transforms.afmToSims, transforms.afmAfterToSims]) {
      const simsToAfm = invert(afmToSims);
      for (const [c, r] of [
        [-0.5, -0.5],
        [params.sims.cols - 0.5, -0.5],
        [-0.5, params.sims.rows - 0.5],
        [params.sims.cols - 0.5, params.sims.rows - 0.5],
      ]) {
        const [col, row] = apply(simsToAfm, c, r);
        expect(col).toBeGreaterThan(-0.5);
        expect(col).toBeLessThan(params.afm.cols - 0.5);
        expect(row).toBeGreaterThan(-0.5);
        expect(row).toBeLessThan(params.afm.rows - 0.5);
      }
    }
  });

  it("the transform matches the rotation, scale and shift asked for", () => {
    const params = resolveParams({ preset: "small", seed: 5, rotationDeg: 4, scale: 1.03, shiftUm: [1, -0.5], truthVolume: false });
    const { transforms } = simulate(params);
    const m = transforms.afmToSims;
    const [afmDy, afmDx] = params.afm.pixelSize;
    const [simsDy, simsDx] = params.sims.pixelSize;
    // an AFM column step, in SIMS pixels, is the scaled, rotated nominal pitch
    expect(Math.hypot(m[0], m[3]) * simsDx).toBeCloseTo(1.03 * afmDx, 15);
    expect(Math.hypot(m[1], m[4]) * simsDy).toBeCloseTo(1.03 * afmDy, 15);
    expect((Math.atan2(m[3], m[0]) * 180) / Math.PI).toBeCloseTo(4, 10);
    // the AFM field's centre lands 1 um left of and 0.5 um below the SIMS field's centre
    const [col, row] = apply(m, (params.afm.cols - 1) / 2, (params.afm.rows - 1) / 2);
    expect((col - (params.sims.cols - 1) / 2) * simsDx).toBeCloseTo(-1e-6, 12);
    expect((row - (params.sims.rows - 1) / 2) * simsDy).toBeCloseTo(0.5e-6, 12);
  });

  it("refuses a shift that puts the SIMS field outside the AFM field", () => {
    expect(() => resolveParams({ preset: "small", seed: 5, rotationDeg: 0, scale: 1, shiftUm: [4, 0] })).toThrow(/inside the AFM field/);
  });
});

describe("SIMS signals", () => {
  it("counts over pure hard carbon match the hard-carbon yields after dead time", () => {
    const { params, layers, input } = result;
    const { rows, cols } = params.sims;
    const pixels = rows * cols;
    const pulses = params.scansPerLayer * params.shotsPerPixel;
    // pure carbon: carbon under the pixel and everything within the beam blur and drift, far from spots
    const reach = Math.ceil(params.driftPx + (4 * params.beamSigma) / params.sims.pixelSize[1]) + 1;
    const pure: number[] = [];
    for (let r = reach; r < rows - reach; r++) {
      for (let c = reach; c < cols - reach; c++) {
        let ok = true;
        for (let dr = -reach; dr <= reach && ok; dr++) {
          for (let dc = -reach; dc <= reach && ok; dc++) {
            const q = (r + dr) * cols + c + dc;
            ok = layers.substrate[q] === HARD_CARBON && layers.columns.inner[q] === 0 && layers.columns.outer[q] === 0;
          }
        }
        if (ok) pure.push(r * cols + c);
      }
    }
    expect(pure.length).toBeGreaterThan(50);
    for (let channel = 0; channel < params.channels.length; channel++) {
      const lambda = pulses * params.yieldsPerPulse[HARD_CARBON][channel];
      let sum = 0;
      for (let k = 0; k < params.layers; k++) for (const p of pure) sum += input.sims.counts[(k * params.channels.length + channel) * pixels + p];
      const n = params.layers * pure.length;
      const expected = pulses * (1 - Math.exp(-lambda / pulses));
      expect(Math.abs(sum / n - expected)).toBeLessThan(5 * Math.sqrt(expected / n));
    }
  });

  it("Na2X+ rise where the inner layer is reached and C5H13+ falls as the organic layer is sputtered away", () => {
    const { params, layers, expectedCounts } = result;
    const pixels = params.sims.rows * params.sims.cols;
    const spotPixels: number[] = [];
    layers.spotMask.forEach((inside, p) => inside && spotPixels.push(p));
    const mean = (k: number, channel: number) => {
      let s = 0;
      for (const p of spotPixels) s += expectedCounts[(k * params.channels.length + channel) * pixels + p];
      return s / spotPixels.length;
    };
    const na2f = Array.from({ length: params.layers }, (_, k) => mean(k, 0));
    const organic = Array.from({ length: params.layers }, (_, k) => mean(k, 3));
    const peak = na2f.indexOf(Math.max(...na2f));
    expect(peak).toBeGreaterThan(2);
    expect(na2f[peak]).toBeGreaterThan(5 * na2f[0]);
    expect(na2f[params.layers - 1]).toBeLessThan(na2f[peak] / 5);
    expect(organic[0]).toBeGreaterThan(5 * organic[params.layers - 1]);
  });

  it("peak SEI signals reach a sizeable fraction of the pulses, so dead time matters", () => {
    const pulses = result.params.scansPerLayer * result.params.shotsPerPixel;
    const peak = result.expectedCounts.reduce((a, b) => Math.max(a, b), 0);
    expect(peak).toBeGreaterThan(0.4 * pulses);
  });
});

describe("drift", () => {
  it("a feature at (row, col) in layer 0 appears at (row + dy, col + dx) in layer k", () => {
    const still = simulate(resolveParams({ preset: "small", seed: 9, driftPx: 0, truthVolume: false }));
    const moving = simulate(resolveParams({ preset: "small", seed: 9, driftPx: 3, truthVolume: false }));
    const { rows, cols } = moving.params.sims;
    const channels = moving.params.channels.length;
    const k = moving.params.layers - 1;
    const dy = moving.drift[2 * k];
    const dx = moving.drift[2 * k + 1];
    expect(Math.hypot(dy, dx)).toBeGreaterThan(0.5);
    // C5H13+ of the last layer, which shows the epoxy/carbon pattern
    const image = (run: SimulationResult) => run.expectedCounts.subarray((k * channels + 3) * rows * cols, (k * channels + 4) * rows * cols);
    const reference = image(still);
    const drifted = image(moving);
    const sample = (r: number, c: number) => {
      const r0 = Math.floor(r);
      const c0 = Math.floor(c);
      const fr = r - r0;
      const fc = c - c0;
      const at = (rr: number, cc: number) => reference[rr * cols + cc];
      return (1 - fr) * ((1 - fc) * at(r0, c0) + fc * at(r0, c0 + 1)) + fr * ((1 - fc) * at(r0 + 1, c0) + fc * at(r0 + 1, c0 + 1));
    };
    const misfit = (sy: number, sx: number) => {
      let sum = 0;
      for (let r = 8; r < rows - 8; r++) for (let c = 8; c < cols - 8; c++) sum += (drifted[r * cols + c] - sample(r - sy, c - sx)) ** 2;
      return sum;
    };
    // coarse grid, then a fine one around the best coarse shift
    let best = [0, 0];
    let bestMisfit = Infinity;
    for (const [step, span] of [
      [0.5, 4],
      [0.05, 0.5],
    ]) {
      const [cy, cx] = best;
      for (let sy = cy - span; sy <= cy + span + 1e-9; sy += step) {
        for (let sx = cx - span; sx <= cx + span + 1e-9; sx += step) {
          const value = misfit(sy, sx);
          if (value < bestMisfit) [bestMisfit, best] = [value, [sy, sx]];
        }
      }
    }
    expect(Math.abs(best[0] - dy)).toBeLessThan(0.15);
    expect(Math.abs(best[1] - dx)).toBeLessThan(0.15);
    expect(moving.drift[0]).toBe(0);
    expect(moving.drift[1]).toBe(0);
  });
});

describe("truth volume", () => {
  it("each column sums to the expected counts of its layers' sharp compositions, and is NaN outside the sputtered range", () => {
    const { params, layers } = result;
    const volume = result.volume!;
    const pixels = params.sims.rows * params.sims.cols;
    const channels = params.channels.length;
    const pulses = params.scansPerLayer * params.shotsPerPixel;
    const { outer, inner, mix, substrate } = layers.columns;
    for (let p = 0; p < pixels; p += 97) {
      for (let c = 0; c < channels; c++) {
        let columnSum = 0;
        for (let i = 0; i < volume.nz; i++) {
          const value = volume.data[(c * volume.nz + i) * pixels + p];
          const height = volume.zTop - i * volume.dz;
          if (height - volume.dz / 2 > layers.surfaceBefore[p] || height + volume.dz / 2 < layers.surfaceAfter[p]) expect(value).toBeNaN();
          else if (!Number.isNaN(value)) columnSum += value;
        }
        const y = params.yieldsPerPulse;
        const innerYield = mix[3 * p] * y[2][c] + mix[3 * p + 1] * y[3][c] + mix[3 * p + 2] * y[4][c];
        let expected = 0;
        for (let k = 0; k < params.layers; k++) {
          const top = layers.layerDepth[k * pixels + p];
          const base = layers.layerDepth[(k + 1) * pixels + p];
          const overlap = (a: number, b: number) => Math.max(0, Math.min(base, b) - Math.max(top, a));
          const thickness = base - top;
          expected +=
            (pulses *
              (overlap(0, outer[p]) * y[5][c] + overlap(outer[p], outer[p] + inner[p]) * innerYield + overlap(outer[p] + inner[p], Infinity) * y[substrate[p]][c])) /
            thickness;
        }
        expect(columnSum).toBeCloseTo(expected, 2);
      }
    }
  });
});
