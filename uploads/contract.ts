import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { UploadStore } from './port'

/*
 * What every upload store must do, run against each one with the same cases
 * (uploads/postgres.test.ts, uploads/s3.test.ts). Every case makes random
 * bytes of its own, so cases, runs and workers sharing a bucket never meet.
 */

/** Random bytes and their hash, as the forum names them. */
export function randomUpload(size = 1024) {
  const bytes = randomBytes(size)
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') }
}

export function storeContract(label: string, makeStore: () => UploadStore) {
  describe(`upload store contract: ${label}`, () => {
    let store: UploadStore
    // What the cases left behind, removed at the end: a shared bucket outlives the test run.
    const written = new Set<string>()

    beforeAll(() => {
      store = makeStore()
    })
    afterAll(async () => {
      if (!store) return
      for (const hash of written) await store.delete(hash)
      await store.close()
    })

    async function put(hash: string, bytes: Buffer, contentType = 'application/octet-stream') {
      written.add(hash)
      await store.put(hash, bytes, contentType)
    }

    it('gives back the bytes it was given', async () => {
      const { bytes, hash } = randomUpload()
      await put(hash, bytes, 'image/png')
      const got = await store.get(hash)
      expect(Buffer.isBuffer(got)).toBe(true)
      expect(got!.equals(bytes)).toBe(true)
    })

    it('holds nothing under a hash it was never given', async () => {
      expect(await store.get(randomUpload().hash)).toBeNull()
    })

    it('takes the same hash twice without failing, and keeps one copy', async () => {
      const { bytes, hash } = randomUpload()
      await put(hash, bytes)
      await put(hash, bytes)
      expect((await store.get(hash))!.equals(bytes)).toBe(true)
      // One delete leaves nothing behind: there was no second copy.
      await store.delete(hash)
      expect(await store.get(hash)).toBeNull()
    })

    it('forgets what it deletes, and deleting an unknown hash is not an error', async () => {
      const { bytes, hash } = randomUpload()
      await put(hash, bytes)
      await store.delete(hash)
      expect(await store.get(hash)).toBeNull()
      await expect(store.delete(hash)).resolves.toBeUndefined()
      await expect(store.delete(randomUpload().hash)).resolves.toBeUndefined()
    })

    it('round-trips a large upload byte for byte', async () => {
      const { bytes, hash } = randomUpload(5 * 1024 * 1024)
      await put(hash, bytes)
      const got = await store.get(hash)
      expect(got!.length).toBe(bytes.length)
      expect(createHash('sha256').update(got!).digest('hex')).toBe(hash)
    })

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined()
    })
  })
}
