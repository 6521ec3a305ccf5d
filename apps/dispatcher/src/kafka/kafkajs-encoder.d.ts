/**
 * kafkajs's request encoder, an internal module outside its typed API: what pooled-encoder.ts
 * relies on.
 */
declare module 'kafkajs/src/protocol/encoder' {
  class Encoder {
    constructor(initialSize?: number);
    buf: Buffer;
    offset: number;
    /** The bytes written so far. */
    readonly buffer: Buffer;
    ensureAvailable(length: number): void;
    writeInt32(value: number): this;
    writeBytes(value: Buffer | string | null): this;
    /** The power of two above `value` (1024 for 512). */
    static nextPowerOfTwo(value: number): number;
  }
  export = Encoder;
}
