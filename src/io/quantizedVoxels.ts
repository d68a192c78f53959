/**
 * Numbers stored compactly for copies made by `afmsims embed`, in equal blocks (the channels of
 * the voxels, the boundaries of the layer depths). Either way a stored number k stands for
 * `add_offset + k * scale_factor` (attributes, one value per block):
 * - u8 codes: k in 0..254 spans the block's range, 255 is NaN (no data). The worst rounding
 *   error of a block is half its `scale_factor`.
 * - binary16 (`encoding = "float16"`, stored as u16 bit patterns, see float16.ts): k is a 16-bit
 *   float, NaN is NaN. `add_offset` is 0 and `scale_factor` a power of two, so the only error is
 *   binary16's rounding: at most 2^-11 of the value.
 */
import { decodeFloat16InPlace, toFloat16Bits } from "./float16.js";

export const U8_MISSING = 255;
const U8_LEVELS = 254;

export interface Quantized<Codes> {
  codes: Codes;
  /** Per block. */
  scaleFactor: Float64Array;
  addOffset: Float64Array;
}

/** Codes `values` (`channels` equal blocks) block by block over each block's finite range. */
export function quantizeU8(values: Float32Array, channels: number): Quantized<Uint8Array> {
  const size = values.length / channels;
  const codes = new Uint8Array(values.length);
  const scaleFactor = new Float64Array(channels);
  const addOffset = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    const block = values.subarray(c * size, (c + 1) * size);
    let min = Infinity;
    let max = -Infinity;
    for (const v of block) {
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min > max) min = max = 0;
    // A constant channel still needs a nonzero step so that decoding stays a plain multiply-add.
    const scale = max > min ? (max - min) / U8_LEVELS : 1;
    scaleFactor[c] = scale;
    addOffset[c] = min;
    for (let i = 0; i < size; i++) {
      const v = block[i];
      codes[c * size + i] = Number.isFinite(v) ? Math.min(U8_LEVELS, Math.round((v - min) / scale)) : U8_MISSING;
    }
  }
  return { codes, scaleFactor, addOffset };
}

/** The value of `encoding` on data stored as binary16 bit patterns. */
export const FLOAT16_ENCODING = "float16";
/**
 * A channel's largest magnitude is scaled to at most 2^this: below binary16's largest finite
 * value (65504), so summed counts cannot overflow, and far above its smallest normal value
 * (2^-14), so small counts keep full relative precision.
 */
const F16_SCALED_MAX_EXPONENT = 15;

/** Stores `values` (`channels` equal blocks) as binary16 patterns, scaled per channel by a power of two. */
export function quantizeF16(values: Float32Array, channels: number): Quantized<Uint16Array> {
  const size = values.length / channels;
  const codes = new Uint16Array(values.length);
  const scaleFactor = new Float64Array(channels);
  const addOffset = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    const block = values.subarray(c * size, (c + 1) * size);
    let largest = 0;
    for (const v of block) if (Number.isFinite(v) && Math.abs(v) > largest) largest = Math.abs(v);
    // A power of two: dividing by it and multiplying back are exact.
    const scale = largest > 0 ? 2 ** (Math.ceil(Math.log2(largest)) - F16_SCALED_MAX_EXPONENT) : 1;
    scaleFactor[c] = scale;
    for (let i = 0; i < size; i++) codes[c * size + i] = toFloat16Bits(block[i] / scale);
  }
  return { codes, scaleFactor, addOffset };
}

/** Turns binary16 patterns (already widened to floats) back into values, in place. */
export function dequantizeF16InPlace(values: Float32Array, scaleFactor: ArrayLike<number>, addOffset: ArrayLike<number>): void {
  decodeFloat16InPlace(values);
  dequantizeInPlace(values, scaleFactor, addOffset);
}

/** Turns codes (already widened to floats) back into values, in place; `missing` is the code for NaN. */
export function dequantizeInPlace(values: Float32Array, scaleFactor: ArrayLike<number>, addOffset: ArrayLike<number>, missing?: number): void {
  const channels = scaleFactor.length;
  const size = values.length / channels;
  for (let c = 0; c < channels; c++) {
    const scale = scaleFactor[c];
    const offset = addOffset[c];
    for (let i = c * size; i < (c + 1) * size; i++) {
      values[i] = values[i] === missing ? NaN : offset + values[i] * scale;
    }
  }
}
