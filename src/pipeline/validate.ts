// Input checks shared by the pipeline stages: an image they cannot work on gets one clear error.
import { AfmsimsError } from "../errors.js";

/**
 * Throws an AfmsimsError naming `what` when the image is empty, has the wrong length, holds no
 * finite value, or is constant (no contrast to level, register or track).
 */
export function assertUsableImage(values: ArrayLike<number>, rows: number, cols: number, what: string): void {
  if (!(rows > 0 && cols > 0) || values.length === 0) throw new AfmsimsError(`${what} is empty`);
  if (values.length !== rows * cols) {
    throw new AfmsimsError(`${what} holds ${values.length} values, not ${rows} x ${cols}`);
  }
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  if (low === Infinity) throw new AfmsimsError(`${what} has no finite value (all NaN)`);
  if (low === high) throw new AfmsimsError(`${what} is constant (${low}): it has no contrast to work with`);
}
