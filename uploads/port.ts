/*
 * The upload store: where the bytes of uploads live, known by the SHA-256 of
 * those bytes. Two stores implement it (the forum's PostgreSQL, the default;
 * an S3-compatible bucket when S3_URL is set), and one contract suite
 * (uploads/contract.ts) holds both to the same behaviour.
 *
 * A store keeps bytes only. What an upload is (its type, size, who posted
 * it, whether staff took it down) is in the `uploads` table whatever the
 * store, so every rule about uploads is written once, in app/domain/uploads.
 */
export interface UploadStore {
  readonly kind: 'postgres' | 's3'
  /** Keeps bytes under their hash. Putting a hash the store holds already changes nothing. */
  put(hash: string, bytes: Buffer, contentType: string): Promise<void>
  /** The bytes under a hash, or null when the store holds none. */
  get(hash: string): Promise<Buffer | null>
  /** Forgets a hash's bytes; forgetting one it never held is not an error. */
  delete(hash: string): Promise<void>
  /** Checks the store answers (for /healthz). */
  ping(): Promise<void>
  close(): Promise<void>
}

/** A SHA-256 in lower-case hex: the only names a store is asked about. */
export const HASH = /^[0-9a-f]{64}$/
