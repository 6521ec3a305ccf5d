import Encoder from 'kafkajs/src/protocol/encoder';

/** kafkajs's first capacity for an Encoder, which its growth policy starts from. */
const INITIAL_CAPACITY = 512;

let pooled = false;

/**
 * Makes kafkajs build its requests in pooled memory. kafkajs 2.2 gives every Encoder (one per
 * request, topic, partition, record batch, record and header) a zero-filled 512-byte Buffer of its
 * own, and another at each growth: a new ArrayBuffer each, which V8 allocates off the heap, tracks
 * and sweeps. At 2,000 events/s that was about 5% of the dispatcher's busy time, and a Produce
 * request takes about 30% less CPU to encode without it (BENCHMARKS.md, session 5).
 * `Buffer.allocUnsafe` takes buffers under 4 KB from Node's shared pool instead, without
 * zero-filling: an Encoder only exposes the bytes it wrote (`buffer` is `buf.slice(0, offset)`)
 * and makes room with `ensureAvailable` before every write.
 *
 * The class is patched in place, so this works whether kafkajs was loaded before or not. The
 * constructor sizes its buffer with the static `nextPowerOfTwo`, which nothing else calls once
 * `ensureAvailable` is replaced: it answers 0, so a new Encoder starts with an empty buffer (no
 * backing store) and its first write takes pooled memory of the size kafkajs would have given it.
 */
export function usePooledKafkaEncoders(): void {
  if (pooled) return;
  const nextPowerOfTwo = Encoder.nextPowerOfTwo;
  if (typeof nextPowerOfTwo !== 'function' || typeof Encoder.prototype.ensureAvailable !== 'function') {
    throw new Error(
      "kafkajs's Encoder no longer has nextPowerOfTwo and ensureAvailable: review apps/dispatcher/src/kafka/pooled-encoder.ts",
    );
  }
  Encoder.prototype.ensureAvailable = function ensureAvailable(this: Encoder, length: number): void {
    const needed = this.offset + length;
    if (needed <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(INITIAL_CAPACITY, nextPowerOfTwo(needed)));
    this.buf.copy(grown, 0, 0, this.offset);
    this.buf = grown;
  };
  Encoder.nextPowerOfTwo = () => 0;
  pooled = true;
}
