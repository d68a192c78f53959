/**
 * IEEE 754 binary16 bit patterns, for compact copies of volumes (`afmsims embed --dtype f16`).
 * h5wasm can neither write nor read HDF5's 16-bit float type, so the patterns are stored as u16
 * and converted here. Node 20 has neither Math.f16round nor Float16Array.
 */

const F16_NAN = 0x7e00;
const F16_INFINITY = 0x7c00;
/** The smallest value that rounds to infinity: 65504 (the largest finite) plus half its step of 32. */
const F16_OVERFLOW = 65520;
const F16_MIN_NORMAL = 2 ** -14;
const F16_SUBNORMAL_STEP = 2 ** -24;

/** Rounds a non-negative number to an integer, ties to even (IEEE's default rounding). */
function roundHalfEven(value: number): number {
  const rounded = Math.round(value);
  return rounded - value === 0.5 && rounded % 2 === 1 ? rounded - 1 : rounded;
}

/** The binary16 pattern nearest to `value` (ties to even; overflow to infinity; NaN kept). */
export function toFloat16Bits(value: number): number {
  if (Number.isNaN(value)) return F16_NAN;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  if (magnitude >= F16_OVERFLOW) return sign | F16_INFINITY;
  // Subnormals are whole multiples of 2^-24; a result of 1024 is the smallest normal, whose pattern is also 1024.
  if (magnitude < F16_MIN_NORMAL) return sign | roundHalfEven(magnitude / F16_SUBNORMAL_STEP);
  let exponent = Math.floor(Math.log2(magnitude));
  // log2 may be off by one next to powers of two.
  if (2 ** exponent > magnitude) exponent--;
  else if (2 ** (exponent + 1) <= magnitude) exponent++;
  let mantissa = roundHalfEven((magnitude / 2 ** exponent - 1) * 1024);
  if (mantissa === 1024) {
    mantissa = 0;
    exponent++;
  }
  return sign | ((exponent + 15) << 10) | mantissa;
}

/** The value of a binary16 pattern. */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * F16_SUBNORMAL_STEP;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

let decodeTable: Float32Array | undefined;

/** Replaces each binary16 pattern in `values` (as numbers 0..65535) by its value, in place. */
export function decodeFloat16InPlace(values: Float32Array): void {
  if (!decodeTable) {
    decodeTable = new Float32Array(0x10000);
    for (let bits = 0; bits < 0x10000; bits++) decodeTable[bits] = fromFloat16Bits(bits);
  }
  for (let i = 0; i < values.length; i++) values[i] = decodeTable[values[i]];
}
