import { describe, expect, it } from "vitest";
import { NANOMETRES } from "../../src/viewer/app/axisLayout.js";
import { defaultHeightExaggeration, heightMapLayout, reliefScale } from "../../src/viewer/app/heightMapGeometry.js";

// The real Park scan's geometry: 256 x 256 pixels over 2.5 um.
const park = { rows: 256, cols: 256, pixelSize: [2.5e-6 / 256, 2.5e-6 / 256] as const };

describe("height map geometry", () => {
  it("makes the relief about a third of the width, rounded to 1, 2 or 5 x 10^n", () => {
    // 0.35 x 2.5 um / 100 nm = 8.75 -> 5.
    expect(defaultHeightExaggeration(park, [-20e-9, 80e-9])).toBe(5);
    // 0.35 x 2.5 um / 10 nm = 87.5 -> 50.
    expect(defaultHeightExaggeration(park, [0, 10e-9])).toBe(50);
  });

  it("puts the map's pixel centres inside a box from the lowest to the highest height, row 0 at the back", () => {
    const range = [-20e-9, 80e-9] as const;
    const layout = heightMapLayout(park, range, 10);
    expect(layout.box.min[0]).toBeCloseTo(-1.25, 12);
    expect(layout.box.size[0]).toBeCloseTo(2.5, 12);
    expect(layout.box.size[1]).toBeCloseTo(2.5, 12);
    // 100 nm at 10x exaggeration is one micrometre of world height.
    expect(layout.box.size[2]).toBeCloseTo(1, 12);
    const dx = 2.5 / 256;
    expect(layout.origin[0]).toBeCloseTo(-1.25 + dx / 2, 12);
    expect(layout.origin[1]).toBeCloseTo(1.25 - dx / 2, 12);
    // The last row's centre is half a pixel in from the front edge.
    expect(layout.origin[1] + 255 * layout.step[1]).toBeCloseTo(-1.25 + dx / 2, 12);
    const worldZ = (height: number) => height * layout.zScale + layout.zOffset;
    expect(worldZ(range[0])).toBeCloseTo(layout.box.min[2], 12);
    expect(worldZ(range[1])).toBeCloseTo(layout.box.min[2] + layout.box.size[2], 12);
  });

  it("labels the height axis in nm where the surface reaches those heights", () => {
    const range = [-20e-9, 80e-9] as const;
    const layout = heightMapLayout(park, range, 10);
    const heightAxis = layout.axes[2];
    expect(heightAxis.ticks.map((tick) => tick.label)).toEqual(["-20", "0", "20", "40", "60", "80 nm"]);
    for (const tick of heightAxis.ticks) {
      const nm = Number.parseFloat(tick.label);
      expect(tick.at[2]).toBeCloseTo(nm * 1e-9 * layout.zScale + layout.zOffset, 9);
    }
    expect(layout.axes[0].ticks.at(-1)!.label).toBe("2.5 µm");
  });

  it("gives a flat map a box a nanometre high instead of none", () => {
    const layout = heightMapLayout(park, [5e-9, 5e-9], 1);
    expect(layout.box.size[2]).toBeCloseTo(1e-3, 12);
  });

  it("draws values that are not heights a third as tall as the map is wide, their axis in their own unit", () => {
    expect(reliefScale(park, [-2e-9, 8e-9], "m")).toEqual({ metresPerValue: 1, axisUnit: NANOMETRES });
    // A phase of 0..50 degrees over 2.5 um: 50 degrees become 2.5/3 um of relief.
    const phase = reliefScale(park, [0, 50], "deg");
    expect(phase.metresPerValue * 50).toBeCloseTo(2.5e-6 / 3, 18);
    expect(phase.axisUnit.unit).toBe("deg");
    const range = [0, 50 * phase.metresPerValue] as const;
    const layout = heightMapLayout(park, range, 1, phase.axisUnit);
    const ticks = layout.axes[2].ticks;
    expect(ticks.map((tick) => tick.label)).toEqual(["0", "10", "20", "30", "40", "50 deg"]);
    expect(ticks.at(-1)!.at[2]).toBeCloseTo(layout.box.min[2] + layout.box.size[2], 9);
    expect(reliefScale(park, [0, 1e-3], "").axisUnit.unit).toBe("(no unit)");
  });
});
