import type { NextFunction, Request, Response } from 'express'
import { LRUCache } from 'lru-cache'

import { findServable } from '../app/domain/uploads/uploads.server'
import type { Sql } from '../db/client'
import type { UploadRow } from '../db/queries/uploads'
import type { UploadStore } from '../uploads/port'

const UPLOAD_URL = /^\/uploads\/([0-9a-f]{64})\.([a-z0-9]{1,5})$/

/** Bytes kept in each process, so a popular screenshot is served from memory. */
const CACHE_BYTES = 64 * 1024 * 1024
/** Larger files are read from the store each time rather than pushing a dozen screenshots out. */
const CACHE_ITEM_BYTES = 4 * 1024 * 1024

/*
 * An upload's bytes never change under its address (the address is their
 * hash), so browsers and CDNs keep them for a year and ask again only with
 * If-None-Match, answered 304 without reading anything. Every response says
 * how not to treat it: never sniffed as another type, never run as a page
 * (a sandboxing CSP), and a file other than an image only ever downloaded.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable'
const SANDBOX = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"

type Known = Pick<UploadRow, 'hash' | 'ext' | 'contentType' | 'kind' | 'name' | 'size'>

export interface UploadServer {
  handler: (req: Request, res: Response, next: NextFunction) => void
  /** Drops what this process kept of an upload (staff took it down). */
  forget: (hash: string) => void
}

export function serveUploads(sql: Sql, store: UploadStore): UploadServer {
  // What is known of each upload that exists, so a conditional request costs no query.
  const known = new LRUCache<string, Known>({ max: 50_000 })
  const bytes = new LRUCache<string, Buffer>({ maxSize: CACHE_BYTES, sizeCalculation: (b) => b.length || 1 })

  async function lookUp(hash: string, ext: string): Promise<Known | null> {
    const hit = known.get(hash)
    if (hit) return hit.ext === ext ? hit : null
    const row = await findServable(sql, hash, ext)
    if (!row || row.removedAt) return null
    const facts = { hash: row.hash, ext: row.ext, contentType: row.contentType, kind: row.kind, name: row.name, size: row.size }
    known.set(hash, facts)
    return facts
  }

  async function serve(req: Request, res: Response, hash: string, ext: string) {
    const upload = await lookUp(hash, ext)
    if (!upload) return notFound(res)
    const etag = `"${hash}"`
    res.setHeader('ETag', etag)
    res.setHeader('Cache-Control', IMMUTABLE)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Content-Security-Policy', SANDBOX)
    res.setHeader('Cross-Origin-Resource-Policy', 'same-site')
    const match = req.headers['if-none-match']
    if (match && (match === etag || match.split(/\s*,\s*/).includes(etag) || match.trim() === '*')) {
      res.statusCode = 304
      return res.end()
    }
    let body = bytes.get(hash)
    if (!body) {
      const stored = await store.get(hash)
      if (!stored) return notFound(res)
      body = stored
      if (body.length <= CACHE_ITEM_BYTES) bytes.set(hash, body)
    }
    res.setHeader('Content-Type', upload.contentType)
    res.setHeader('Content-Length', body.length)
    res.setHeader('Content-Disposition', disposition(upload))
    res.statusCode = 200
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  return {
    handler(req, res, next) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next()
      const found = UPLOAD_URL.exec(req.path)
      if (!found) return next()
      serve(req, res, found[1], found[2]).catch(next)
    },
    forget(hash) {
      known.delete(hash)
      bytes.delete(hash)
    },
  }
}

/** Images show in the browser; every other file downloads, under the name it was uploaded with. */
function disposition(upload: Known): string {
  const type = upload.kind === 'image' ? 'inline' : 'attachment'
  const ascii = upload.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(upload.name)}`
}

function notFound(res: Response) {
  res.statusCode = 404
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.end('There is no such file: it may have been removed.')
}
