/** The ArrayBuffers behind a model's typed arrays, to transfer them instead of copying. */
export function transferables(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const item of value) transferables(item, found);
  } else if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) transferables(item, found);
  }
  return [...found];
}
