/** Where a text lives in a TextArena: `at` is its address, `length` its size in UTF-8 bytes. */
export interface ArenaSlot {
  at: number;
  readonly length: number;
}

/** Address stride and usual size of a chunk; a longer text gets a chunk of its own. */
const CHUNK_BYTES = 256 * 1024;

const chunkAt = (chunks: readonly Buffer[], at: number): Buffer => chunks[Math.floor(at / CHUNK_BYTES)];

/**
 * Texts kept as UTF-8 bytes in large shared buffers, outside the V8 heap. A Buffer per text
 * would cost 100 to 200 bytes of heap besides the text, and one cut from Node's pool keeps its
 * whole 8 KB slab alive. Released texts leave garbage behind until `compact` rewrites the live ones.
 */
export class TextArena {
  private chunks: Buffer[] = [];
  /** Bytes written into the last chunk. */
  private filled = 0;
  private liveBytes = 0;
  private garbageBytes = 0;

  /** Stores the text (well-formed: a lone surrogate would come back as U+FFFD); returns where it is. */
  write(text: string): ArenaSlot {
    const length = Buffer.byteLength(text);
    const at = this.reserve(length);
    this.lastChunk.write(text, this.filled - length, 'utf8');
    return { at, length };
  }

  read(slot: ArenaSlot): string {
    const offset = slot.at % CHUNK_BYTES;
    return chunkAt(this.chunks, slot.at).toString('utf8', offset, offset + slot.length);
  }

  /** The text at `slot` is no longer needed. */
  release(slot: ArenaSlot): void {
    this.liveBytes -= slot.length;
    this.garbageBytes += slot.length;
  }

  /** Whether released texts take more room than live ones (and more than a chunk): time to compact. */
  get wasteful(): boolean {
    return this.garbageBytes > Math.max(this.liveBytes, CHUNK_BYTES);
  }

  /** Copies the live texts, the given slots, into fresh chunks, updating each slot's address. */
  compact(live: Iterable<ArenaSlot>): void {
    const previous = this.chunks;
    this.chunks = [];
    this.filled = this.liveBytes = this.garbageBytes = 0;
    for (const slot of live) {
      const at = this.reserve(slot.length);
      const offset = slot.at % CHUNK_BYTES;
      chunkAt(previous, slot.at).copy(
        this.lastChunk,
        this.filled - slot.length,
        offset,
        offset + slot.length,
      );
      slot.at = at;
    }
  }

  /** Makes room for `length` bytes at the end of the last chunk; returns their address. */
  private reserve(length: number): number {
    if (this.chunks.length === 0 || this.filled + length > this.lastChunk.length) {
      this.chunks.push(Buffer.allocUnsafeSlow(Math.max(length, CHUNK_BYTES)));
      this.filled = 0;
    }
    const at = (this.chunks.length - 1) * CHUNK_BYTES + this.filled;
    this.filled += length;
    this.liveBytes += length;
    return at;
  }

  private get lastChunk(): Buffer {
    return this.chunks[this.chunks.length - 1];
  }
}
