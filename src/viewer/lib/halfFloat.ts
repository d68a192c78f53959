/**
 * IEEE 754 binary16 encoding for R16F/RGBA16F textures, rounding to nearest, ties to even
 * (the rounding the GPU itself applies), so packed values are the closest half floats.
 */

const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

/** The binary16 bit pattern of `value` after rounding it to float32. */
export function toHalfBits(value: number): number {
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

function roundShifted(significand: number, shift: number): number {
  const kept = significand >>> shift;
  const remainder = significand & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  const roundUp = remainder > halfway || (remainder === halfway && (kept & 1) === 1);
  return kept + (roundUp ? 1 : 0);
}
