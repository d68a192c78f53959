import type { SpotSpec } from "./params.js";

const UM = 1e-6;
const NM = 1e-9;

/** The two kinds of spot of the reference study (SCIENCE.md). */
export function diglymeSpot(diameter: number, innerThickness = 12 * NM): SpotSpec {
  return { diameter, innerThickness, outerMean: 36.3 * NM, outerSd: 7 * NM, inorganicMix: [0.55, 0.15, 0.3] };
}

export function ecPcSpot(diameter: number, innerThickness = 7 * NM): SpotSpec {
  return { diameter, innerThickness, outerMean: 58 * NM, outerSd: 36 * NM, inorganicMix: [0.65, 0.1, 0.25] };
}

export interface Preset {
  simsPixels: number;
  simsField: number;
  afmRows: number;
  afmCols: number;
  afmField: number;
  layers: number;
  scansPerLayer: number;
  shotsPerPixel: number;
  dosePerLayer: number;
  afmNoise: number;
  firstSpot: SpotSpec;
}

export const PRESETS: Record<string, Preset> = {
  /** A quick field for unit tests: the study's SIMS pixel pitch on a smaller field. */
  small: {
    simsPixels: 128,
    simsField: 20 * UM,
    afmRows: 64,
    afmCols: 512,
    afmField: 25 * UM,
    layers: 40,
    scansPerLayer: 8,
    shotsPerPixel: 1,
    dosePerLayer: 2.5,
    afmNoise: 0.3 * NM,
    firstSpot: diglymeSpot(3.7 * UM),
  },
  /** The reference study: AFM 128 x 2048 on 50 x 50 um, SIMS 256 x 256 on 40 x 40 um, 15 scans per layer. */
  paper: {
    simsPixels: 256,
    simsField: 40 * UM,
    afmRows: 128,
    afmCols: 2048,
    afmField: 50 * UM,
    layers: 100,
    scansPerLayer: 15,
    shotsPerPixel: 1,
    dosePerLayer: 1.2,
    afmNoise: 0.3 * NM,
    firstSpot: diglymeSpot(3.7 * UM),
  },
};
