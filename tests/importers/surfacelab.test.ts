import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { describeInstrumentFile, readSurfaceLabProfile } from "../../src/importers/index.js";
import { NO_REAL_DATA, pythonReference, realFile, tempDir, writeTemp } from "./support/env.js";

interface ProfileReference {
  ions: string[];
  masses: (number | null)[];
  columns: string[];
  points: number;
  sputter_time: number[];
  first_row: (number | null)[];
  last_row: (number | null)[];
}

interface ProfileJson {
  points: number;
  ions: string[];
  masses: (number | null)[];
  data_point: number[];
  sputter_time_s: number[];
  dose_ions: number[];
  fluence_ions_per_cm2: number[];
  intensities: (number | null)[][];
  dead_time_corrected: boolean;
}

const dir = tempDir("surfacelab");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function row(profile: ProfileJson, index: number): (number | null)[] {
  return [profile.data_point[index], profile.sputter_time_s[index], profile.dose_ions[index], profile.fluence_ions_per_cm2[index], ...profile.intensities.map((column) => column[index])];
}

for (const polarity of ["pos", "neg"]) {
  const file = realFile(`surfacelab-depth-profile-${polarity}.txt`);
  describe.skipIf(!file)(`SurfaceLab depth profile, real ${polarity} file${file ? "" : ` (skipped: ${NO_REAL_DATA})`}`, () => {
    it("matches the independent csv parse: ions, m/z, row count, sputter time, first and last rows", async () => {
      const ref = pythonReference<ProfileReference>("surfacelab_dump.py", file!);
      const description = (await describeInstrumentFile(file!))!;
      expect(description).toMatchObject({ format: "surfacelab-profile", valid: true, images: [] });
      const profile = description.details.profile as ProfileJson;
      expect(profile.dead_time_corrected).toBe(true);
      expect(profile.ions).toEqual(ref.ions);
      expect(profile.masses).toEqual(ref.masses);
      expect(profile.points).toBe(ref.points);
      expect(profile.sputter_time_s).toEqual(ref.sputter_time);
      expect(row(profile, 0)).toEqual(ref.first_row);
      expect(row(profile, profile.points - 1)).toEqual(ref.last_row);
    });
  });
}

const pos = realFile("surfacelab-depth-profile-pos.txt");
describe.skipIf(!pos)(`SurfaceLab depth profile, values read off the text${pos ? "" : ` (skipped: ${NO_REAL_DATA})`}`, () => {
  it("holds the numbers the positive file's text shows", async () => {
    const profile = readSurfaceLabProfile(pos!, fs.readFileSync(pos!, "utf-8"));
    // From the file: 169 CRLF lines = 4 comment lines + 165 data points, 106 intensity columns.
    expect(profile.points).toBe(165);
    expect(profile.ions).toHaveLength(106);
    expect(profile.ions[0]).toEqual({ label: "total", mass: NaN });
    expect(profile.ions[1]).toEqual({ label: "Ag_3+", mass: 320.7077 });
    expect(profile.notes).toEqual(["Profile Smoothing is Disabled"]);
    // First data line: "1  0  2.47442e+06  9.89761e+10  1.22647e+06  11.0097 ..."
    expect([profile.dataPoint[0], profile.sputterTime[0], profile.dose[0], profile.fluence[0]]).toEqual([1, 0, 2.47442e6, 9.89761e10]);
    expect(profile.intensities[0][0]).toBe(1.22647e6);
    expect(profile.intensities[1][0]).toBe(11.0097);
    // Last data line: "165  240.522  1.51714e+12  6.37847e+14  0 ..." with some "inf" cells.
    expect([profile.dataPoint[164], profile.sputterTime[164], profile.dose[164], profile.fluence[164]]).toEqual([165, 240.522, 1.51714e12, 6.37847e14]);
    expect(profile.intensities.some((column) => column[164] === Infinity)).toBe(true);
  });
});

describe("SurfaceLab depth profile, written by hand", () => {
  const lines = [
    "# Profile Smoothing is Disabled",
    "#\t\t\t\ttotal\tNa_2F+\tC_5H_13+\t",
    "#\t\t\t\tN/A\t64.9779\t85.1012\t",
    "#Data Point #\tSputter Time (s)\tDose (ions)\tFluence (ions/cm^2)\tIntensity\tIntensity\tIntensity\t",
    "1\t0\t1e+06\t4e+10\t500\t20\t7.5\t",
    "2\t1.5\t2e+06\t8e+10\t400\t10\tinf\t",
  ];

  it("reads ions, masses and columns with CRLF or LF line ends", async () => {
    for (const [name, end] of [["crlf.txt", "\r\n"], ["lf.txt", "\n"]]) {
      const profile = readSurfaceLabProfile(name, lines.join(end) + end);
      expect(profile.ions).toEqual([{ label: "total", mass: NaN }, { label: "Na_2F+", mass: 64.9779 }, { label: "C_5H_13+", mass: 85.1012 }]);
      expect(Array.from(profile.sputterTime)).toEqual([0, 1.5]);
      expect(Array.from(profile.intensities[2])).toEqual([7.5, Infinity]);
    }
  });

  it("names the line and column of a bad cell, and a row with missing cells", async () => {
    const bad = writeTemp(dir, "bad.txt", [...lines.slice(0, 5), "2\t1.5\t2e+06\t8e+10\t400\tx10\t3\t"].join("\r\n"));
    const description = (await describeInstrumentFile(bad))!;
    expect(description.valid).toBe(false);
    expect(description.problems).toEqual(['line 6, column 6: "x10" is not a number']);
    const short = writeTemp(dir, "short.txt", [...lines.slice(0, 5), "2\t1.5\t2e+06"].join("\r\n"));
    expect((await describeInstrumentFile(short))!.problems).toEqual(["line 6: 3 values, the column row has 7"]);
  });
});
