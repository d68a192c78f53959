// Arrays that worker threads can share: over a SharedArrayBuffer where the engine has one (Node,
// cross-origin-isolated pages), over a plain ArrayBuffer elsewhere (a page that is not isolated
// has no SharedArrayBuffer; its reconstruction runs sequentially and needs none).

function buffer(bytes: number): ArrayBufferLike {
  return typeof SharedArrayBuffer === "function" ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

export function sharedFloat32Array(length: number): Float32Array {
  return new Float32Array(buffer(length * 4));
}

export function sharedFloat64Array(length: number): Float64Array {
  return new Float64Array(buffer(length * 8));
}

/** Whether other threads see this array's memory (rather than a copy) when it is posted to them. */
export function isShared(view: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer === "function" && view.buffer instanceof SharedArrayBuffer;
}

/** `values` itself where already shared (or nothing can be), else a shared copy. */
export function shared(values: Float32Array): Float32Array {
  if (isShared(values) || typeof SharedArrayBuffer !== "function") return values;
  const copy = sharedFloat32Array(values.length);
  copy.set(values);
  return copy;
}
