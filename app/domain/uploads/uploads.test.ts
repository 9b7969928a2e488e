import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { setupTestDatabase } from '../../../tests/database'
import { makeCategory, makeThread, makeUser } from '../../../tests/factories'
import { gifScriptPolyglot, jpegWithLocation, pixelBomb, png } from '../../../tests/images'
import { createPostgresStore } from '../../../uploads/postgres'
import { DomainError } from '../errors'
import { addInternalNote } from '../ideas/ideas.server'
import { updateSettings } from '../settings/settings.server'
import { editPost, replyToThread } from '../threads/write.server'
import { processUpload, type UploadRules } from './process.server'
import { createUpload, deleteUnreferencedUploads, removeUpload } from './uploads.server'

const db = setupTestDatabase()
const rules: UploadRules = { maxBytes: 8 * 1024 * 1024, maxDimension: 4096, fileTypes: ['pdf', 'txt', 'log', 'zip'] }

/** The message a refused upload gives, or null when it was taken. */
async function refusal(name: string, bytes: Buffer, given = rules): Promise<string | null> {
  try {
    await processUpload({ name, bytes }, given)
    return null
  } catch (error) {
    if (error instanceof DomainError) return error.message
    throw error
  }
}

describe('the upload pipeline', () => {
  it('strips EXIF and GPS from a photo, keeping the picture', async () => {
    const photo = await jpegWithLocation()
    expect((await sharp(photo).metadata()).exif).toBeDefined()
    const stored = await processUpload({ name: 'holiday.jpg', bytes: photo }, rules)
    const meta = await sharp(stored.bytes).metadata()
    expect(meta.format).toBe('jpeg')
    expect(meta.exif).toBeUndefined()
    expect(stored.bytes.toString('latin1')).not.toContain('Secret Camera Owner')
    expect(stored).toMatchObject({ kind: 'image', ext: 'jpg', contentType: 'image/jpeg', width: 64, height: 48 })
  })

  it('scales a huge image down to the largest side the community allows', async () => {
    const stored = await processUpload({ name: 'wide.png', bytes: await png(3000, 1000) }, { ...rules, maxDimension: 1200 })
    expect([stored.width, stored.height]).toEqual([1200, 400])
    expect((await sharp(stored.bytes).metadata()).width).toBe(1200)
  })

  it('refuses a file whose bytes are not what its name says', async () => {
    expect(await refusal('screenshot.jpg', await png())).toBe(
      '“screenshot.jpg” is a PNG image, but its name says JPEG. Save it with the right ending and try again.',
    )
    expect(await refusal('cat.png', Buffer.from('<!doctype html><script>alert(1)</script>'))).toBe(
      '“cat.png” is not a PNG image (the file could not be read as one).',
    )
    expect(await refusal('report.pdf', Buffer.from('MZ this is a program'))).toBe(
      '“report.pdf” is not a PDF file, though its name says so.',
    )
    expect(await refusal('notes.txt', Buffer.from([0x61, 0x00, 0xff, 0xfe]))).toBe(
      '“notes.txt” is not a text file, though its name says so.',
    )
  })

  it('refuses SVG, programs and pages however they are named', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>')
    expect(await refusal('logo.svg', svg)).toMatch(
      /cannot be attached: the community takes images \(PNG, JPEG, WebP, GIF\) and PDF, text, log, ZIP files/,
    )
    expect(await refusal('logo.png', svg)).toBe('“logo.png” is not a PNG image: it is SVG, which cannot be attached.')
    expect(await refusal('setup.exe', Buffer.from('MZ'))).toMatch(/“setup.exe” cannot be attached/)
    expect(await refusal('page.html', Buffer.from('<html></html>'))).toMatch(/“page.html” cannot be attached/)
  })

  it('leaves the script of a GIF/JavaScript polyglot behind', async () => {
    const { bytes, script } = await gifScriptPolyglot()
    const stored = await processUpload({ name: 'funny.gif', bytes }, rules)
    expect(stored.bytes.toString('latin1')).not.toContain(script)
    expect((await sharp(stored.bytes).metadata()).format).toBe('gif')
  })

  it('refuses a decompression bomb before decoding it', async () => {
    const started = Date.now()
    expect(await refusal('bomb.png', pixelBomb())).toBe(
      '“bomb.png” has too many pixels to open (over 100 million). Make it smaller and try again.',
    )
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('refuses a file over the size limit, saying the limit', async () => {
    const bytes = Buffer.concat([await png(), Buffer.alloc(5000)])
    expect(await refusal('big.png', bytes, { ...rules, maxBytes: 2048 })).toBe(
      `“big.png” is ${Math.ceil(bytes.length / 1024)} KB; files can be at most 2 KB.`,
    )
  })

  it('keeps other files byte for byte, with a clean name', async () => {
    const log = Buffer.from('2026-12-01 error: webhook timed out\n')
    const stored = await processUpload({ name: '../../etc/server".log', bytes: log }, rules)
    expect(stored.bytes.equals(log)).toBe(true)
    expect(stored).toMatchObject({ kind: 'file', ext: 'log', name: 'server.log' })
  })
})

describe('stored uploads', () => {
  const store = () => createPostgresStore(db.sql)

  it('stores the same bytes once, however often and by whomever they are sent', async () => {
    const [alice, bruno] = [await makeUser(db.sql), await makeUser(db.sql)]
    const bytes = await png(41, 31)
    const first = await createUpload(db.sql, store(), alice, { name: 'screenshot.png', bytes })
    const again = await createUpload(db.sql, store(), bruno, { name: 'copy.png', bytes })
    expect(again.path).toBe(first.path)
    expect(first.markdown).toBe(`![screenshot.png](${first.path})`)
    const [{ uploads, stored, logged }] = await db.sql`
      select (select count(*)::int from uploads where hash = ${first.hash}) as uploads,
             (select count(*)::int from upload_bytes where hash = ${first.hash}) as stored,
             (select count(*)::int from upload_log where hash = ${first.hash}) as logged`
    expect({ uploads, stored, logged }).toEqual({ uploads: 1, stored: 1, logged: 2 })
  })

  it('holds a new member to their daily allowance, and refuses visitors', async () => {
    const newcomer = await makeUser(db.sql, { trusted: false })
    const admin = await makeUser(db.sql, { role: 'admin' })
    await updateSettings(db.sql, admin, { newMemberUploadsPerDay: 2 })
    await createUpload(db.sql, store(), newcomer, { name: 'a.png', bytes: await png(10, 10, '#111') })
    await createUpload(db.sql, store(), newcomer, { name: 'b.png', bytes: await png(10, 10, '#222') })
    await expect(createUpload(db.sql, store(), newcomer, { name: 'c.png', bytes: await png(10, 10, '#333') })).rejects.toThrow(
      'You can upload 2 files a day; try again tomorrow.',
    )
    await expect(createUpload(db.sql, store(), null, { name: 'd.png', bytes: await png() })).rejects.toThrow('Sign in to attach files.')
    await updateSettings(db.sql, admin, { newMemberUploadsPerDay: 10 })
  })

  it('takes an upload down everywhere: its bytes, every post and revision showing it, and any new upload of it', async () => {
    const author = await makeUser(db.sql)
    const staff = await makeUser(db.sql, { role: 'staff' })
    const category = await makeCategory(db.sql)
    const image = await createUpload(db.sql, store(), author, { name: 'leak.png', bytes: await png(50, 20, '#f00') })
    const thread = await makeThread(db.sql, author, category.slug, { body: `Look:\n\n${image.markdown}` })
    const reply = await replyToThread(db.sql, author, thread.threadId, `Same again ${image.markdown}`)
    const htmlOf = async (postId: number) => (await db.sql<{ html: string }[]>`select html from posts where id = ${postId}`)[0].html
    expect(await htmlOf(reply.postId)).toContain(`<img src="${image.path}" alt="leak.png" width="50" height="20" loading="lazy"`)

    await removeUpload(db.sql, store(), staff, image.hash, 'Shows a customer’s card number')
    for (const postId of [thread.postId, reply.postId]) {
      const html = await htmlOf(postId)
      expect(html).not.toContain(image.path)
      expect(html).toContain('<span class="upload-removed">Image removed by staff</span>')
    }
    expect(await store().get(image.hash)).toBeNull()
    await expect(createUpload(db.sql, store(), author, { name: 'again.png', bytes: await png(50, 20, '#f00') })).rejects.toThrow(
      'This file was taken down by staff and cannot be posted again.',
    )
    const [entry] = await db.sql`select action, reason from audit_log where target_type = 'upload' and target_id = ${image.hash}`
    expect(entry).toEqual({ action: 'upload:removed', reason: 'Shows a customer’s card number' })
    await expect(removeUpload(db.sql, store(), author, image.hash)).rejects.toThrow('Only staff can take uploads down.')
  })

  it('deletes, a day on, only uploads nothing refers to: not those in posts, revisions or notes', async () => {
    const author = await makeUser(db.sql)
    const product = await makeUser(db.sql, { role: 'product' })
    const category = await makeCategory(db.sql, { allowedKinds: ['idea'] })
    const [unused, inPost, inRevision, inNote] = await Promise.all(
      ['#aa0000', '#00aa00', '#0000aa', '#aaaa00'].map(async (colour, i) =>
        createUpload(db.sql, store(), author, { name: `${i}.png`, bytes: await png(12 + i, 12, colour) }),
      ),
    )
    const idea = await makeThread(db.sql, author, category.slug, { body: `An idea ${inPost.markdown}` })
    const reply = await replyToThread(db.sql, author, idea.threadId, `First ${inRevision.markdown}`)
    await editPost(db.sql, author, reply.postId, 'Reworded, without the image')
    await addInternalNote(db.sql, product, idea.threadId, `Seen in support ${inNote.markdown}`)

    const tomorrow = new Date(Date.now() + 25 * 60 * 60 * 1000)
    expect(await deleteUnreferencedUploads(db.sql, store(), new Date())).toBe(0)
    await deleteUnreferencedUploads(db.sql, store(), tomorrow)
    const left = await db.sql<
      { hash: string }[]
    >`select hash from uploads where hash = any(${[unused.hash, inPost.hash, inRevision.hash, inNote.hash]})`
    expect(left.map((r) => r.hash).sort()).toEqual([inPost.hash, inRevision.hash, inNote.hash].sort())
    expect(await store().get(unused.hash)).toBeNull()
    expect(await store().get(inRevision.hash)).not.toBeNull()
  })
})
