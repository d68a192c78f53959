import { describe, expect, it } from "vitest";
import { profileRegion } from "../../src/profile/region.js";
import { createRoiProfiler, DRAFT_PIXELS, thinMask } from "../../src/viewer/app/roiProfiles.js";
import { syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";

describe("draft profiles while a region is dragged", () => {
  // 80 x 80 = 6400 pixels of 0.5 um: more than DRAFT_PIXELS, so the whole field is drafted.
  const volume = syntheticVolume({ rows: 80, cols: 80, nz: 16, field: 40e-6 });
  const whole = "rect:0,0,39.5,39.5";

  it("samples every k-th pixel of the region in raster order", () => {
    const mask = Uint8Array.from([0, 1, 1, 0, 1, 1, 1, 0, 1]);
    const { sample, used } = thinMask(mask, 2);
    expect(Array.from(sample)).toEqual([0, 1, 0, 0, 1, 0, 1, 0, 0]);
    expect(used).toBe(3);
  });

  it("profiles a large region from at most DRAFT_PIXELS pixels, close to the exact profile", () => {
    const draft = createRoiProfiler(volume).draft(whole).draft!;
    const exact = profileRegion(volume, whole).profile;
    expect(draft.pixels).toBe(6400);
    // Every 7th of 6400 pixels.
    expect(draft.used).toBe(915);
    expect(draft.used).toBeLessThanOrEqual(DRAFT_PIXELS);
    // The sample may miss the deepest pixels: its depths are the exact profile's, perhaps fewer.
    const rows = draft.profile.positions.length;
    const offset = Array.from(exact.positions).indexOf(draft.profile.positions[0]);
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(rows).toBeGreaterThan(exact.positions.length - 3);
    expect(Array.from(draft.profile.positions)).toEqual(Array.from(exact.positions.subarray(offset, offset + rows)));
    // A seventh of the pixels, spread over the field: a preview. Where the exact mean rests on
    // 300 pixels or more and is 10 counts or more (the sample then has 40 or more), within 15 %.
    let worst = 0;
    let compared = 0;
    for (let c = 0; c < volume.channels; c++) {
      for (let j = 0; j < rows; j++) {
        const mean = exact.means[c * exact.positions.length + offset + j];
        if (exact.pixelsWithData[offset + j] < 300 || !(mean >= 10)) continue;
        worst = Math.max(worst, Math.abs(draft.profile.means[c * rows + j] - mean) / mean);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(8);
    expect(worst).toBeLessThan(0.15);
  });

  it("gives the exact profile of a small region, and the exact one once the region is released", () => {
    const profiler = createRoiProfiler(volume);
    const small = profiler.draft("circle:10,10,5");
    expect(small.region?.csv()).toBe(profileRegion(volume, "circle:10,10,5").csv());
    const released = profiler.exact(whole);
    expect(released.region?.csv()).toBe(profileRegion(volume, whole).csv());
    expect(profiler.draft(whole)).toBe(released);
  });

  it("reports a region outside the field instead of drafting it", () => {
    expect(createRoiProfiler(volume).draft("circle:-30,-30,2").problem).toMatch(/lies outside the SIMS field/);
  });
});
