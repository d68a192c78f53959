/**
 * binary16 conversion against independent implementations: hand-checked patterns, three.js's
 * decoder, and numpy's float16 (every one of the 65536 patterns decodes to numpy's value, and
 * float32 values of every kind (ties, subnormals, overflow, signed zero, NaN) encode to numpy's
 * pattern).
 */
import { spawnSync } from "node:child_process";
import { DataUtils } from "three";
import { describe, expect, it } from "vitest";
import { fromFloat16Bits, toFloat16Bits } from "../../src/io/float16.js";
import { dequantizeF16InPlace, quantizeF16 } from "../../src/io/quantizedVoxels.js";
import { mulberry32 } from "../../src/random/mulberry32.js";
import { hasH5py, PYTHON } from "../io/h5pyFixtures.js";

/** numpy's answer for `script`, which reads float32 or uint16 values from stdin and writes its own. */
function numpy(script: string, input: Uint8Array): Buffer {
  const result = spawnSync(PYTHON, ["-c", `import sys, numpy as np\nnp.seterr(over="ignore")\n${script}`], { input, maxBuffer: 1 << 24 });
  expect(result.stderr.toString()).toBe("");
  return result.stdout;
}

/** Hand-picked hard cases plus random float32 bit patterns over the whole binary16 range and beyond. */
function testValues(): Float32Array {
  const edges = [
    0, -0, 1, -1, 65504, -65504, 65519.99, 65520, 1e6, Infinity, -Infinity, NaN,
    2 ** -14, 2 ** -24, 2 ** -25, 2 ** -25 * 1.0001, 3 * 2 ** -25, 2 ** -26, 1e-10,
    // Halfway between 1 and its neighbours: ties go to the even mantissa.
    1 + 2 ** -11, 1 + 3 * 2 ** -11, 2048 + 1, 2048 + 3, 0.1, 1 / 3,
  ];
  const random = mulberry32(16);
  const values = new Float32Array(edges.length + 200_000);
  values.set(edges);
  const bits = new Uint32Array(values.buffer);
  for (let i = edges.length; i < values.length; i++) {
    // Exponents from 2^-30 to 2^20, any mantissa, either sign.
    const exponent = 97 + Math.floor(random() * 51);
    bits[i] = ((random() < 0.5 ? 0x80000000 : 0) | (exponent << 23) | Math.floor(random() * 0x800000)) >>> 0;
  }
  return values;
}

describe("toFloat16Bits", () => {
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
    for (const [value, bits] of cases) expect(toFloat16Bits(value), `value ${value}`).toBe(bits);
  });

  it("rounds ties to even and overflows to infinity like the GPU", () => {
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 0x3c00 and 0x3c01: even wins
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway between 0x3c01 and 0x3c02
    expect(toFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just past halfway
    expect(toFloat16Bits(2 ** -25)).toBe(0x0000); // half the smallest subnormal: ties to zero
    expect(toFloat16Bits(2 ** -25 * 1.5)).toBe(0x0001);
    expect(toFloat16Bits(65519)).toBe(0x7bff);
    expect(toFloat16Bits(65520)).toBe(0x7c00);
    expect(toFloat16Bits(1023 * 2 ** -24)).toBe(0x03ff); // largest subnormal
    expect(toFloat16Bits(1023.5 * 2 ** -24)).toBe(0x0400); // tie with an odd subnormal carries into the normals
  });

  it("maps NaN to a quiet NaN", () => {
    const bits = toFloat16Bits(Number.NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x03ff).not.toBe(0);
  });

  it("reproduces every finite half float from its decoded value (three.js decoder)", () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0) continue; // NaN payloads
      const decoded = DataUtils.fromHalfFloat(bits);
      if (toFloat16Bits(decoded) !== bits) throw new Error(`0x${bits.toString(16)} -> ${decoded} -> 0x${toFloat16Bits(decoded).toString(16)}`);
    }
  });
});

describe.skipIf(!hasH5py)("binary16 against numpy", () => {
  it("decodes all 65536 patterns to numpy's float16 values", () => {
    const patterns = Uint16Array.from({ length: 0x10000 }, (_, i) => i);
    const reference = numpy("sys.stdout.buffer.write(np.frombuffer(sys.stdin.buffer.read(), '<u2').view('<f2').astype('<f4').tobytes())", new Uint8Array(patterns.buffer));
    const expected = new Float32Array(reference.buffer, reference.byteOffset, 0x10000);
    const mismatches = Array.from(patterns).filter((bits) => !Object.is(Math.fround(fromFloat16Bits(bits)), expected[bits]) && !(Number.isNaN(expected[bits]) && Number.isNaN(fromFloat16Bits(bits))));
    expect(mismatches).toEqual([]);
  });

  it("encodes float32 values to numpy's nearest-even pattern", () => {
    const values = testValues();
    const reference = numpy("sys.stdout.buffer.write(np.frombuffer(sys.stdin.buffer.read(), '<f4').astype('<f2').view('<u2').tobytes())", new Uint8Array(values.buffer));
    const expected = new Uint16Array(reference.buffer, reference.byteOffset, values.length);
    const mismatches: string[] = [];
    values.forEach((value, i) => {
      const bits = toFloat16Bits(value);
      // numpy keeps a NaN's payload; any NaN pattern is a NaN.
      const bothNaN = Number.isNaN(value) && (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
      if (bits !== expected[i] && !bothNaN) mismatches.push(`${value}: ${bits.toString(16)} vs numpy ${expected[i].toString(16)}`);
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});

describe("f16 storage of voxels", () => {
  it("keeps every value within 2^-11 of itself, NaN as NaN, and large counts finite, with a power-of-two scale", () => {
    const random = mulberry32(3);
    const size = 5000;
    // Channel 0: counts up to a million (beyond binary16's 65504); channel 1: small fractional values.
    const values = Float32Array.from({ length: 2 * size }, (_, i) => (i < size ? Math.floor(random() ** 3 * 1e6) : random() * 1e-3));
    values[17] = NaN;
    values[size + 3] = 0;
    const { codes, scaleFactor, addOffset } = quantizeF16(values, 2);
    expect(Array.from(addOffset)).toEqual([0, 0]);
    for (const scale of scaleFactor) expect(Number.isInteger(Math.log2(scale))).toBe(true);
    const decoded = Float32Array.from(codes);
    dequantizeF16InPlace(decoded, scaleFactor, addOffset);
    expect(decoded[17]).toBeNaN();
    expect(decoded[size + 3]).toBe(0);
    let worstRelative = 0;
    values.forEach((v, i) => {
      if (Number.isNaN(v) || v === 0) return;
      worstRelative = Math.max(worstRelative, Math.abs(decoded[i] - v) / Math.abs(v));
    });
    expect(worstRelative).toBeLessThanOrEqual(2 ** -11);
    expect(worstRelative).toBeGreaterThan(2 ** -13);
  });
});
