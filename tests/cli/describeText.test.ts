import { describe, expect, it } from "vitest";
import { describeText, formatLength } from "../../src/cli/describeText.js";
import type { FileDescription } from "../../src/model/describe.js";

describe("formatLength", () => {
  it("spells lengths in nm below 1 um, um below 1 mm, mm beyond", () => {
    expect([0, 3.5e-10, 2.5e-8, 1e-6, 4.48e-6, 2.5e-3].map(formatLength)).toEqual(["0", "0.35 nm", "25 nm", "1 um", "4.48 um", "2.5 mm"]);
  });
});

describe("describeText", () => {
  const description: FileDescription = {
    file: "scan.gwy",
    format: "gwyddion-gwy",
    valid: true,
    problems: [],
    images: [
      // As JSON carries them: an unknown pixel size is null, a unitless image has units "".
      { title: "Test", rows: 2, cols: 3, pixel_size: [null, null] as unknown as [number, number], units: "", min: 0, max: 0.001, mean: 0.0005, values_00: 0, values_01: 0, values_10: 0 },
      { title: "Topo", rows: 4, cols: 4, pixel_size: [1e-8, 2e-8], units: "m", min: -2e-9, max: 3e-9, mean: 0, values_00: 0, values_01: 0, values_10: 0 },
    ],
    details: {
      channels: [{ id: 0, header: { xres: 128 } }],
      masses: [80.94839300000001, null],
      dose: Array.from({ length: 20 }, (_, i) => i),
      intensities: [[1, 2, 3]],
      voxel_size: [1e-9, 2e-7, 2e-7],
      origin: undefined,
    },
  };

  it("summarises images and flattens details, with lengths in nm/um and long lists cut short", () => {
    expect(describeText(description)).toBe(
      [
        "scan.gwy: gwyddion-gwy, valid",
        "images:",
        "  Test: 2 x 3 px, pixel size unknown, values (no unit given) 0 .. 0.001, mean 0.0005",
        "  Topo: 4 x 4 px, pixel 10 nm x 20 nm (dy x dx), heights -2 nm .. 3 nm, mean 0",
        "details:",
        "  channels[0].id: 0",
        "  channels[0].header.xres: 128",
        "  masses: 80.948393, null",
        "  dose: 0, 1, 2, 3, 4, 5, 6, 7, ... (20 values)",
        "  intensities: [3 values]",
        "  voxel_size: 1 nm x 200 nm x 200 nm",
        "",
      ].join("\n"),
    );
  });
});
