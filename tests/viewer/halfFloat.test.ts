import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { DataUtils } from "three";
import { describe, expect, it } from "vitest";
import { toHalfBits } from "../../src/viewer/lib/halfFloat.js";

const PYTHON = "/usr/bin/python3";

describe("toHalfBits", () => {
  it("encodes hand-checked values exactly", () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.5, 0x3800],
      [0.25, 0x3400],
      [65504, 0x7bff], // largest finite half
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [3 * 2 ** -24, 0x0003],
      [0.1, 0x2e66],
      [1 / 3, 0x3555],
      [Infinity, 0x7c00],
      [-Infinity, 0xfc00],
    ];
    for (const [value, bits] of cases) expect(toHalfBits(value), `value ${value}`).toBe(bits);
  });

  it("rounds ties to even and overflows to infinity like the GPU", () => {
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 0x3c00 and 0x3c01: even wins
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway between 0x3c01 and 0x3c02
    expect(toHalfBits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just past halfway
    expect(toHalfBits(2 ** -25)).toBe(0x0000); // half the smallest subnormal: ties to zero
    expect(toHalfBits(2 ** -25 * 1.5)).toBe(0x0001);
    expect(toHalfBits(65519)).toBe(0x7bff);
    expect(toHalfBits(65520)).toBe(0x7c00);
    expect(toHalfBits(1023 * 2 ** -24)).toBe(0x03ff); // largest subnormal
    expect(toHalfBits(1023.5 * 2 ** -24)).toBe(0x0400); // tie with an odd subnormal carries into the normals
  });

  it("maps NaN to a quiet NaN", () => {
    const bits = toHalfBits(Number.NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x03ff).not.toBe(0);
  });

  it("reproduces every finite half float from its decoded value (three.js decoder)", () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0) continue; // NaN payloads
      const decoded = DataUtils.fromHalfFloat(bits);
      if (toHalfBits(decoded) !== bits) throw new Error(`0x${bits.toString(16)} -> ${decoded} -> 0x${toHalfBits(decoded).toString(16)}`);
    }
  });

  it.skipIf(!existsSync(PYTHON))("agrees with numpy's float32 -> float16 on 20 000 values of every magnitude", () => {
    const values = new Float32Array(20_000);
    let state = 12345;
    const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let i = 0; i < values.length; i++) values[i] = (random() < 0.5 ? -1 : 1) * 2 ** (random() * 44 - 28) * (1 + random());
    const output = execFileSync(
      PYTHON,
      ["-c", "import sys, numpy as np; sys.stdout.buffer.write(np.frombuffer(sys.stdin.buffer.read(), '<f4').astype(np.float16).tobytes())"],
      { input: Buffer.from(values.buffer) },
    );
    const expected = new Uint16Array(output.buffer, output.byteOffset, values.length);
    const mismatches = [...values].filter((v, i) => toHalfBits(v) !== expected[i]);
    expect(mismatches).toEqual([]);
  });
});
