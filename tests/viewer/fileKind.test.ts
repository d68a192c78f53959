import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ByteReader } from "../../src/importers/binary.js";
import { instrumentFileKind, readHeightMapImages } from "../../src/viewer/app/fileKind.js";
import { NO_REAL_DATA, realFile } from "../importers/support/env.js";
import { bif6, gsf } from "../importers/support/writers.js";

const REPO = path.resolve(import.meta.dirname, "../..");
const reader = (name: string, bytes: Uint8Array | string) => new ByteReader(name, typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes);

describe("what the viewer does with a file", () => {
  it("shows a Gwyddion Simple Field as a height map with its values, pixel and unit", () => {
    const file = reader("hand.gsf", gsf({ XRes: 3, YRes: 2, XReal: 3e-6, YReal: 1e-6, XYUnits: "m", ZUnits: "nm", Title: "Height" }, [1, 2, 3, 4, 5, 6]));
    expect(instrumentFileKind(file)).toBe("height-map");
    const [image] = readHeightMapImages(file).images;
    expect([image.title, image.rows, image.cols, image.units]).toEqual(["Height", 2, 3, "m"]);
    expect(image.pixelSize).toEqual([0.5e-6, 1e-6]);
    expect(Array.from(image.values, (v) => Math.round(v * 1e12) / 1e3)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("takes a bare text matrix as heights in metres, with no pixel size", () => {
    const file = reader("heights.txt", "1e-9 2e-9\n3e-9 4e-9\n");
    expect(instrumentFileKind(file)).toBe("height-map");
    const [image] = readHeightMapImages(file).images;
    expect([image.units, image.pixelSize, Array.from(image.values)]).toEqual(["m", undefined, [1e-9, 2e-9, 3e-9, 4e-9]]);
  });

  it("sends SurfaceLab profiles to the reference profiles and unknown files to the volume reader", () => {
    const profile = "#\t\t\t\tNa+\n#\t\t\t\t22.99\n#Data Point #\tSputter Time (s)\tDose (ions)\tFluence (ions/cm^2)\tIntensity\n1\t0\t1\t1\t5\n";
    expect(instrumentFileKind(reader("p.txt", profile))).toBe("reference-profile");
    expect(instrumentFileKind(reader("notes.h5", "these are notes, not HDF5\n"))).toBe("volume");
  });

  it("explains that a BIF6 layer image needs afmsims import", () => {
    const file = reader("layer_0.bif6", bif6(2, 2, [{ id: 0, masses: [22.9, 22.99, 23.1], counts: [1, 2, 3, 4] }]));
    expect(instrumentFileKind(file)).toBe("height-map");
    expect(() => readHeightMapImages(file)).toThrow("layer_0.bif6: an IONTOF BIF6 image holds one SIMS layer; assemble the layers with `afmsims import`");
  });

  it("names the file and the byte offset of a truncated AFM file", () => {
    const whole = gsf({ XRes: 4, YRes: 4, XReal: 1e-6, YReal: 1e-6, ZUnits: "m" }, Array.from({ length: 16 }, (_, i) => i));
    expect(() => readHeightMapImages(reader("cut.gsf", whole.subarray(0, whole.length - 10)))).toThrow(/^cut\.gsf: GSF data at byte \d+/);
  });

  it.skipIf(!realFile("park-nx-topography.tiff"))(`reads the real Park TIFF from its bytes alone${realFile("park-nx-topography.tiff") ? "" : ` (skipped: ${NO_REAL_DATA})`}`, () => {
    const file = reader("park.tiff", fs.readFileSync(realFile("park-nx-topography.tiff")!));
    expect(instrumentFileKind(file)).toBe("height-map");
    const [image] = readHeightMapImages(file).images;
    expect([image.title, image.rows, image.cols, image.units]).toEqual(["Topography", 256, 256, "m"]);
  });
});

/** Relative imports (static and dynamic) of a TypeScript module, resolved to .ts/.tsx files. */
function localImports(file: string): { local: string[]; bare: string[] } {
  const text = fs.readFileSync(file, "utf-8").replace(/^\s*(\/\/.*|\/?\*.*)$/gm, "");
  const specifiers = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^"']*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)].map((m) => m[1] ?? m[2]);
  const local: string[] = [];
  const bare: string[] = [];
  for (const specifier of specifiers) {
    if (!specifier.startsWith(".")) {
      bare.push(specifier);
      continue;
    }
    const base = path.resolve(path.dirname(file), specifier).replace(/\.js$/, "");
    const resolved = [`${base}.ts`, `${base}.tsx`].find((candidate) => fs.existsSync(candidate));
    if (!resolved) throw new Error(`${file}: cannot resolve ${specifier}`);
    local.push(resolved);
  }
  return { local, bare };
}

/** Every bare (package or builtin) import reachable from `entry`. */
function reachablePackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [path.join(REPO, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const { local, bare } = localImports(file);
    bare.forEach((name) => packages.add(name));
    queue.push(...local);
  }
  return packages;
}

const NODE_ONLY = /^(node:|fs$|path$|os$|child_process$|url$|h5wasm\/node$)/;

describe("the viewer's open path runs in the browser", () => {
  it("reaches no Node-only module from openByKind (importers included)", () => {
    const nodeOnly = [...reachablePackages("src/viewer/app/openByKind.ts")].filter((name) => NODE_ONLY.test(name));
    expect(nodeOnly).toEqual([]);
  });

  it("would notice one: the importers' index reaches node:fs", () => {
    expect([...reachablePackages("src/importers/index.ts")].filter((name) => NODE_ONLY.test(name))).toContain("node:fs");
  });
});
