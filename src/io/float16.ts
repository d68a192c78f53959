/**
 * IEEE 754 binary16 bit patterns: the viewer's half-float textures, and compact copies of volumes
 * (`afmsims embed --dtype f16`). h5wasm can neither write nor read HDF5's 16-bit float type, so
 * the copies store the patterns as u16, converted here. Node 20 has neither Math.f16round nor
 * Float16Array.
 */

const F16_SUBNORMAL_STEP = 2 ** -24;

const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

/**
 * The binary16 pattern nearest to `value` after rounding it to float32 (ties to even, as the GPU
 * rounds R16F/RGBA16F texels; overflow to infinity; NaN stays a quiet NaN). Read from the float32
 * bits so that encoding 10^8 voxels costs no logarithms.
 */
export function toFloat16Bits(value: number): number {
  scratchFloat[0] = value;
  const bits = scratchBits[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;

  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);

  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;

  if (halfExponent <= 0) {
    // Below 2^-25 even the smallest subnormal is more than twice too large: the result is zero.
    if (halfExponent < -10) return sign;
    const shift = 14 - halfExponent;
    const significand = mantissa | 0x800000;
    return sign | roundShifted(significand, shift);
  }
  // A carry out of the mantissa correctly bumps the exponent (and 65520 and up become infinity).
  return sign | ((halfExponent << 10) + roundShifted(mantissa, 13));
}

/** `significand >> shift`, rounded to nearest, ties to even. */
function roundShifted(significand: number, shift: number): number {
  const kept = significand >>> shift;
  const remainder = significand & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  const roundUp = remainder > halfway || (remainder === halfway && (kept & 1) === 1);
  return kept + (roundUp ? 1 : 0);
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
