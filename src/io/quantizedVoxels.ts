/**
 * Voxels stored as 8-bit codes for compact copies (`afmsims embed`): per channel, code k in
 * 0..254 stands for `add_offset + k * scale_factor`, and code 255 for NaN (no data). The worst
 * rounding error of a channel is half its `scale_factor`.
 */

export const U8_MISSING = 255;
const U8_LEVELS = 254;

export interface U8Quantized {
  codes: Uint8Array;
  /** Per channel. */
  scaleFactor: Float64Array;
  addOffset: Float64Array;
}

/** Codes `values` (`channels` equal blocks) channel by channel over each channel's finite range. */
export function quantizeU8(values: Float32Array, channels: number): U8Quantized {
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

/** Turns codes (already widened to floats) back into values, in place. */
export function dequantizeInPlace(values: Float32Array, scaleFactor: ArrayLike<number>, addOffset: ArrayLike<number>, missing: number): void {
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
