import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { readSurfaceLabProfile, type DepthProfile } from "../../src/importers/surfacelab.js";
import { TOTAL_ION_LABEL } from "../../src/viewer/app/channelDefaults.js";
import { chartReferences, createReferenceProfileStore } from "../../src/viewer/app/referenceProfiles.js";
import { binOntoVoxelDepths, matchChannel, normaliseIonLabel, referenceSeries, sputteredDepth, stretchedRate } from "../../src/viewer/app/referenceSeries.js";
import { profileRegion } from "../../src/profile/region.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { NO_REAL_DATA, realFile } from "../importers/support/env.js";

/** A hand-written SurfaceLab export: every value known. */
const HAND_WRITTEN = [
  "# Profile Smoothing is Disabled",
  "#\t\t\t\ttotal\tNa_2F+\tCO+\tCo+\t^13CH_5N_2+",
  "#\t\t\t\tN/A\t64.9778\t27.9949\t58.9332\t46.0530",
  "#Data Point #\tSputter Time (s)\tDose (ions)\tFluence (ions/cm^2)\tIntensity\tIntensity\tIntensity\tIntensity\tIntensity\t",
  "1\t0\t10\t100\t500\t40\t3\t1\t7\t",
  "2\t2.5\t20\t200\t520\t30\t4\t2\t8\t",
  "3\t5\t30\t300\t540\t20\t5\t3\t9\t",
].join("\r\n");

const profile = readSurfaceLabProfile("hand.txt", HAND_WRITTEN);

/** Depths (nm) of voxel layers' centres, bit for bit as src/profile places a region's rows: (k + 0.5) dz, then nm. */
const layerCentres = (layers: number[], dz: number) => layers.map((k) => (k + 0.5) * dz * 1e9);

describe("matching reference ions to volume channels", () => {
  it("ignores SurfaceLab's sub- and superscript marks but not case", () => {
    expect(normaliseIonLabel("Na_2F+")).toBe("Na2F+");
    expect(normaliseIonLabel("^13CH_5N_2+")).toBe("13CH5N2+");
    const labels = ["Na2F+", "Co+", "13CH5N2+"];
    expect(profile.ions.map((ion) => matchChannel(ion, labels))).toEqual([null, 0, null, 1, 2]);
  });

  it("matches channels named by m/z within 0.05 u, the nearest when two are close", () => {
    const ion = profile.ions[1]; // Na_2F+ at 64.9778
    expect(matchChannel(ion, ["m/z 27.99", "m/z 64.98"])).toBe(1);
    expect(matchChannel(ion, ["m/z 64.94", "m/z 64.99"])).toBe(1);
    expect(matchChannel(ion, ["m/z 65.03"])).toBeNull();
    // "total" (no mass) is the viewer's derived total-ion channel.
    expect(matchChannel(profile.ions[0], ["m/z 64.98", TOTAL_ION_LABEL])).toBe(1);
  });

  it("charts the matched ions over depth at the given sputter rate", () => {
    const labels = ["Na2F+", "m/z 27.99", TOTAL_ION_LABEL];
    // 0.4 nm/s: 2.5 s is 1 nm.
    const series = referenceSeries(profile, labels, 0.4e-9);
    expect(series.map((s) => [s.ion, s.channel])).toEqual([["total", 2], ["Na_2F+", 0], ["CO+", 1]]);
    expect(Array.from(series[1].x)).toEqual([0, 1, 2]);
    expect(Array.from(series[1].y)).toEqual([40, 30, 20]);
  });

  it.skipIf(!realFile("surfacelab-depth-profile-pos.txt"))(`finds Cs+, Pb+ and C+ in the real positive-ion export${realFile("surfacelab-depth-profile-pos.txt") ? "" : ` (skipped: ${NO_REAL_DATA})`}`, () => {
    const file = realFile("surfacelab-depth-profile-pos.txt")!;
    const real: DepthProfile = readSurfaceLabProfile(file, fs.readFileSync(file, "utf-8"));
    const series = referenceSeries(real, ["Cs+", "Pb+", "m/z 12.00", "Ag_3+"], 1e-9);
    expect(series.map((s) => [s.ion, s.channel])).toEqual([["Ag_3+", 3], ["C+", 2], ["Cs+", 0], ["Pb+", 1]]);
    // First data row of the text: Ag_3+ is 11.0097 at sputter time 0, so at depth 0.
    expect(series[0].x[0]).toBe(0);
    expect(series[0].y[0]).toBe(11.0097);
  });
});

describe("the reference-profile store", () => {
  it("adds, hides and removes profiles, and keeps the last problem until a profile loads", () => {
    const store = createReferenceProfileStore();
    store.getState().fail("bad.txt: line 4: not a number");
    expect(store.getState().problem).toBe("bad.txt: line 4: not a number");
    store.getState().add("a.txt", profile);
    store.getState().add("b.txt", profile);
    const [a, b] = store.getState().profiles;
    expect(store.getState().problem).toBeNull();
    expect([a.title, b.title, a.visible, a.id === b.id]).toEqual(["a.txt", "b.txt", true, false]);
    store.getState().toggle(a.id);
    expect(store.getState().profiles.map((p) => p.visible)).toEqual([false, true]);
    store.getState().remove(b.id);
    expect(store.getState().profiles.map((p) => p.title)).toEqual(["a.txt"]);
  });
});

describe("chart series of the loaded references", () => {
  it("finds how deep the volume sputtered from its last layer boundary, ignoring pixels without data", () => {
    // 2 layers of 2 pixels: boundaries 0, then 10/20 nm, then 30 nm and no data.
    const layerDepth = Float32Array.of(0, 0, 10e-9, 20e-9, 30e-9, NaN);
    expect(sputteredDepth(layerDepth, 2, 2)).toBe(Math.fround(30e-9));
    expect(sputteredDepth(Float32Array.of(0, NaN), 1, 1)).toBeNaN();
  });

  it("stretches the profile's 5 s over the volume's depth unless the user gave a rate", () => {
    expect(stretchedRate(profile, 20e-9)).toBeCloseTo(4e-9, 18);
    expect(stretchedRate(profile, NaN)).toBeUndefined();
    const store = createReferenceProfileStore();
    store.getState().add("a.txt", profile);
    store.getState().add("b.txt", profile);
    const labels = ["Na2F+", "Co+"];
    // Voxel layers 5 nm high.
    const series = () => chartReferences(store.getState().profiles, labels, { depth: 20e-9, dz: 5e-9 });
    expect(series().map((s) => [s.label, s.channel])).toEqual([
      ["a.txt: Na_2F+", 0],
      ["a.txt: Co+", 1],
      ["b.txt: Na_2F+", 0],
      ["b.txt: Co+", 1],
    ]);
    // 0, 2.5 and 5 s over 20 nm are 0, 10 and 20 nm deep: layers 0, 2 and 4, centred at 2.5, 12.5 and 22.5 nm.
    expect(Array.from(series()[0].x)).toEqual(layerCentres([0, 2, 4], 5e-9));
    expect(Array.from(series()[1].intensity)).toEqual([1, 2, 3]);
    const [a, b] = store.getState().profiles;
    // At 1 nm/s: 0 and 2.5 nm share layer 0, 5 nm starts layer 1; Na_2F+ is 40, 30, 20.
    store.getState().setSputterRate(b.id, 1e-9);
    expect(Array.from(series()[2].x)).toEqual(layerCentres([0, 1], 5e-9));
    expect(Array.from(series()[2].intensity)).toEqual([35, 20]);
    store.getState().toggle(a.id);
    expect(series().map((s) => s.label)).toEqual(["b.txt: Na_2F+", "b.txt: Co+"]);
    // A volume with no depth and no rate given leaves the profile off the depth axis.
    store.getState().setSputterRate(b.id, undefined);
    expect(chartReferences(store.getState().profiles, labels, { depth: NaN, dz: 5e-9 })).toEqual([]);
  });
});

describe("references on the volume's depth bins", () => {
  it("averages samples per voxel layer at the layer centres, skipping empty layers and bad samples", () => {
    const binned = binOntoVoxelDepths(Float64Array.of(0, 1, 4.9, 5, 17, NaN, -1, 30), Float64Array.of(1, 2, 3, 10, 7, 100, 100, NaN), 5e-9);
    expect(Array.from(binned.x)).toEqual(layerCentres([0, 1, 3], 5e-9));
    expect(Array.from(binned.y)).toEqual([2, 10, 7]);
  });

  it("lands on the very x values afmsims profile gives a region of the volume, so the chart has no interleaved gaps", () => {
    const volume = syntheticVolume();
    const region = profileRegion(volume, "px:rect:10,10,30,30").profile;
    const regionDepths = new Set(Array.from(region.positions, (p) => p * 1e9));
    // The region has data from 2.5 to 162.5 nm; the hand-written profile's 5 s at 30 nm/s reach 150 nm.
    const store = createReferenceProfileStore();
    store.getState().add("hand.txt", profile);
    store.getState().setSputterRate(store.getState().profiles[0].id, 30e-9);
    const [na2f] = chartReferences(store.getState().profiles, ["Na2F+"], { depth: NaN, dz: volume.voxelSize[0] });
    expect(na2f.x.length).toBe(3);
    for (const x of na2f.x) expect(regionDepths.has(x), `${x} nm`).toBe(true);
  });
});
