import { beforeAll, describe, expect, it } from "vitest";
import { resolveParams } from "../../src/sim/resolveParams.js";
import { simulate, type SimulationResult } from "../../src/sim/simulate.js";

const NM = 1e-9;
let result: SimulationResult;
beforeAll(() => {
  result = simulate(resolveParams({ preset: "small", seed: 17, afmNoiseNm: 1, truthVolume: false }));
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe("SEI spot", () => {
  it("has the preset's diameter, inner thickness and outer-layer statistics", () => {
    const { params, layers } = result;
    const spec = params.spots[0];
    const [dy, dx] = params.sims.pixelSize;
    let area = 0;
    const inner: number[] = [];
    const outer: number[] = [];
    layers.spotMask.forEach((inside, p) => {
      if (!inside) return;
      area += dy * dx;
      inner.push(layers.columns.inner[p]);
      outer.push(layers.columns.outer[p]);
    });
    const diameter = 2 * Math.sqrt(area / Math.PI);
    expect(diameter / spec.diameter).toBeGreaterThan(0.85);
    expect(diameter / spec.diameter).toBeLessThan(1.15);
    // the soft edge thins both layers; the interior carries the specified inner thickness
    expect(Math.max(...inner)).toBeCloseTo(spec.innerThickness, 12);
    expect(median(inner)).toBeGreaterThan(0.9 * spec.innerThickness);
    const mean = outer.reduce((a, b) => a + b, 0) / outer.length;
    const sd = Math.sqrt(outer.reduce((a, b) => a + (b - mean) ** 2, 0) / outer.length);
    expect(mean / spec.outerMean).toBeGreaterThan(0.75);
    expect(mean / spec.outerMean).toBeLessThan(1.1);
    // particulate: it varies, more than the film's soft edge alone would make it
    expect(sd).toBeGreaterThan(0.5 * spec.outerSd);
  });

  it("sits on hard carbon, with inner shares of NaF, NaCl and Na2O that add up to one", () => {
    const { layers } = result;
    const pixels = layers.spotMask.length;
    layers.spotMask.forEach((inside, p) => {
      if (!inside) return;
      expect(layers.substrate[p]).toBe(1);
      const sum = layers.inorganicMix[p] + layers.inorganicMix[pixels + p] + layers.inorganicMix[2 * pixels + p];
      expect(sum).toBeCloseTo(1, 5);
      expect(layers.interfaceOuterInner[p]).toBeGreaterThan(layers.interfaceInnerHc[p]);
      expect(layers.surfaceBefore[p]).toBeGreaterThanOrEqual(layers.interfaceOuterInner[p]);
    });
  });
});

describe("AFM artefacts", () => {
  it("the recorded scan is the traced topography plus line offsets, a tilt, scars and white noise of the asked level", () => {
    const { params, input, afmBeforeTrue } = result;
    const { rows, cols } = params.afm;
    const raw = input.afmBefore.heights;
    const lineOffsets: number[] = [];
    const residuals: number[] = [];
    for (let r = 0; r < rows; r++) {
      // within a line: the column tilt is linear; fit it out by least squares
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let sxy = 0;
      for (let c = 0; c < cols; c++) {
        const d = raw[r * cols + c] - afmBeforeTrue[r * cols + c];
        sx += c;
        sy += d;
        sxx += c * c;
        sxy += c * d;
      }
      const slope = (cols * sxy - sx * sy) / (cols * sxx - sx * sx);
      const intercept = (sy - slope * sx) / cols;
      lineOffsets.push(intercept);
      for (let c = 0; c < cols; c++) residuals.push(raw[r * cols + c] - afmBeforeTrue[r * cols + c] - intercept - slope * c);
    }
    // robust sigma of the residual (scars and tip-traced edges are a few outliers)
    const mad = median(residuals.map(Math.abs)) * 1.4826;
    expect(mad / params.afmArtefacts.noise).toBeGreaterThan(0.85);
    expect(mad / params.afmArtefacts.noise).toBeLessThan(1.2);
    // offsets jump from line to line by more than the noise does
    let jumps = 0;
    for (let r = 1; r < rows; r++) jumps += Math.abs(lineOffsets[r] - lineOffsets[r - 1]);
    expect(jumps / (rows - 1)).toBeGreaterThan(0.5 * NM);
  });
});

describe("total-ion image", () => {
  it("adds the matrix ions to the channels: carbon is brighter than epoxy", () => {
    const { params, layers, input } = result;
    const pixels = params.sims.rows * params.sims.cols;
    const meanOver = (material: number) => {
      let sum = 0;
      let n = 0;
      for (let p = 0; p < pixels; p++) {
        if (layers.substrate[p] !== material || layers.columns.outer[p] > 0) continue;
        for (let k = 0; k < params.layers; k++) sum += input.sims.total![k * pixels + p];
        n += params.layers;
      }
      return sum / n;
    };
    const pulses = params.scansPerLayer * params.shotsPerPixel;
    // edges blur the two together, so compare against the pure values with some slack
    expect(meanOver(1) / (pulses * params.otherIonsPerPulse[1])).toBeGreaterThan(0.85);
    expect(meanOver(0) / (pulses * params.otherIonsPerPulse[0])).toBeLessThan(1.25);
    expect(meanOver(1)).toBeGreaterThan(1.4 * meanOver(0));
  });
});
