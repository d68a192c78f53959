/** Little-endian byte builder for writing instrument files by hand in tests. */
export class Bytes {
  private parts: number[] = [];

  get length(): number {
    return this.parts.length;
  }

  private put(size: number, write: (view: DataView) => void): this {
    const view = new DataView(new ArrayBuffer(size));
    write(view);
    for (let i = 0; i < size; i++) this.parts.push(view.getUint8(i));
    return this;
  }

  u8(v: number) {
    return this.put(1, (d) => d.setUint8(0, v));
  }
  u16(v: number) {
    return this.put(2, (d) => d.setUint16(0, v, true));
  }
  i16(v: number) {
    return this.put(2, (d) => d.setInt16(0, v, true));
  }
  u32(v: number) {
    return this.put(4, (d) => d.setUint32(0, v, true));
  }
  i32(v: number) {
    return this.put(4, (d) => d.setInt32(0, v, true));
  }
  f32(v: number) {
    return this.put(4, (d) => d.setFloat32(0, v, true));
  }
  f64(v: number) {
    return this.put(8, (d) => d.setFloat64(0, v, true));
  }
  ascii(text: string) {
    for (const ch of text) this.parts.push(ch.charCodeAt(0));
    return this;
  }
  /** NUL-terminated UTF-8. */
  cstring(text: string) {
    for (const byte of new TextEncoder().encode(text)) this.parts.push(byte);
    this.parts.push(0);
    return this;
  }
  /** Fixed-length UTF-16LE, NUL-padded. */
  utf16(text: string, chars: number) {
    for (let i = 0; i < chars; i++) this.u16(i < text.length ? text.charCodeAt(i) : 0);
    return this;
  }
  zeros(count: number) {
    for (let i = 0; i < count; i++) this.parts.push(0);
    return this;
  }
  bytes(data: Uint8Array) {
    for (const byte of data) this.parts.push(byte);
    return this;
  }
  toUint8Array(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}
