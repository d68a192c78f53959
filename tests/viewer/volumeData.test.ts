import { describe, expect, it } from "vitest";
import { defaultChannelViews, TOTAL_ION_LABEL } from "../../src/viewer/app/channelDefaults.js";
import { toChannelUniforms } from "../../src/viewer/app/channelUniforms.js";
import { SYNTHETIC_LABELS, syntheticVolume } from "../../src/viewer/app/syntheticVolume.js";
import { totalIonChannel } from "../../src/viewer/app/totalIon.js";

describe("synthetic volume", () => {
  const volume = syntheticVolume({ rows: 24, cols: 20, nz: 40, seed: 3 });
  const voxels = volume.nz * volume.rows * volume.cols;

  it("has data exactly between the crater bottom and the original surface", () => {
    const [dz] = volume.voxelSize;
    for (let layer = 0; layer < volume.nz; layer++) {
      const height = volume.zTop - layer * dz;
      for (let pixel = 0; pixel < volume.rows * volume.cols; pixel++) {
        const inside = height <= volume.surfaceBefore[pixel] && height >= volume.surfaceAfter[pixel];
        for (let channel = 0; channel < volume.channels; channel++) {
          const value = volume.data[channel * voxels + layer * volume.rows * volume.cols + pixel];
          if (Number.isNaN(value) === inside) throw new Error(`voxel ${layer},${pixel} channel ${channel}: ${value}`);
        }
      }
    }
  });

  it("is reproducible for a seed and differs between seeds", () => {
    expect(syntheticVolume({ rows: 24, cols: 20, nz: 40, seed: 3 }).data).toEqual(volume.data);
    expect(syntheticVolume({ rows: 24, cols: 20, nz: 40, seed: 4 }).data).not.toEqual(volume.data);
  });

  it("derives a total-ion channel equal to the voxel-wise sum", () => {
    const total = totalIonChannel(volume)!;
    expect(total.length).toBe(voxels);
    let withData = 0;
    for (let voxel = 0; voxel < voxels; voxel++) {
      let sum = 0;
      for (let channel = 0; channel < volume.channels; channel++) sum += volume.data[channel * voxels + voxel];
      if (Number.isNaN(sum) !== Number.isNaN(total[voxel])) throw new Error(`voxel ${voxel}: NaN mismatch`);
      if (!Number.isNaN(sum)) {
        withData++;
        expect(total[voxel]).toBe(Math.fround(sum));
      }
    }
    expect(withData).toBeGreaterThan(voxels / 4);
  });

  it("derives none when the volume has a total-ion channel", () => {
    expect(totalIonChannel({ ...volume, labels: [...SYNTHETIC_LABELS.slice(0, 3), "Total ions"] })).toBeNull();
  });
});

describe("channel defaults and shader units", () => {
  it("shows Na2Cl+ in pink over a grey total ion and hides the rest", () => {
    const labels = ["Na2F+", "Na2Cl+", "Na2O+", TOTAL_ION_LABEL];
    const views = defaultChannelViews(labels, () => Float32Array.of(0, 10, 20));
    expect(views.map((v) => v.visible)).toEqual([false, true, false, true]);
    expect(views[1].color).toBe("#ff4fb8");
    expect(views[3].color).toBe("#b4b4b4");
    expect(new Set(views.map((v) => v.color)).size).toBe(4);
  });

  it("divides windows and iso levels by the channel scale", () => {
    const views = defaultChannelViews(["a", "b"], () => Float32Array.of(0, 10, 20));
    const uniforms = toChannelUniforms(
      views.map((v) => ({ ...v, windowMin: 4, windowMax: 16, isoLevel: 8 })),
      Float64Array.of(2, 16),
    );
    expect(uniforms.map((u) => [u.windowMin, u.windowMax, u.isoLevel])).toEqual([
      [2, 8, 4],
      [0.25, 1, 0.5],
    ]);
  });
});
