import { Transform, type TransformCallback } from 'node:stream'

/**
 * What React's renderer writes, passed on in one piece per flush. React hands
 * its destination 2 KB views and calls `flush()` when it has nothing more for
 * now; passed on one by one, each view is a chunk through the web stream
 * Remix answers with, and a write to the socket. Collected, a page goes out
 * in one or two writes.
 */
export class BatchedStream extends Transform {
  private chunks: Uint8Array[] = []

  override _transform(chunk: Uint8Array, _encoding: BufferEncoding, done: TransformCallback) {
    // React starts a new view once it has written one, so keeping the chunk needs no copy.
    this.chunks.push(chunk)
    done()
  }

  /** React's signal that the bytes so far make a whole part of the page (the convention zlib streams follow). */
  flush() {
    if (this.chunks.length === 0) return
    this.push(this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks))
    this.chunks = []
  }

  override _flush(done: TransformCallback) {
    this.flush()
    done()
  }
}
