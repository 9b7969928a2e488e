import { createHash } from 'node:crypto'
import type { OutputInfo, Sharp } from 'sharp'

import { DomainError } from '../errors'
import { fileTypes, imageExtensions, imageFormats, type FileType, type ImageFormat } from './kinds'

/** The community's rules for uploads (settings), as the pipeline applies them. */
export interface UploadRules {
  maxBytes: number
  /** Images larger than this on either side are scaled down to fit. */
  maxDimension: number
  /** File types other than images the community takes. */
  fileTypes: readonly string[]
  /** Cut to a square this many pixels wide (an avatar): the middle of the picture, one still frame. */
  square?: number
}

export interface IncomingFile {
  name: string
  bytes: Buffer
}

/** What is stored: bytes the forum made or checked, named by their hash. */
export interface ProcessedUpload {
  hash: string
  bytes: Buffer
  ext: string
  contentType: string
  kind: 'image' | 'file'
  width: number | null
  height: number | null
  name: string
}

/**
 * More pixels than any screenshot or photo has (a 12,000 × 8,000 panorama):
 * a small file claiming more is a decompression bomb, refused before any
 * pixel is decoded.
 */
export const MAX_INPUT_PIXELS = 100_000_000

type SharpLibrary = typeof import('sharp').default
let library: Promise<SharpLibrary> | undefined

/**
 * sharp, loaded with the first image: libvips adds about 33 MB to a process's
 * memory from the moment it loads, and most processes serve pages for hours
 * without an upload.
 */
function loadSharp(): Promise<SharpLibrary> {
  return (library ??= import('sharp').then((loaded) => {
    // Decoding and encoding run on libvips' threads; two at a time keeps a 2-core server answering pages.
    loaded.default.concurrency(2)
    return loaded.default
  }))
}

function refuse(message: string): never {
  throw new DomainError('invalid', message, { file: message })
}

/** The name as shown and downloaded: no path, no control characters, not too long. */
export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim()
  return (clean || 'file').slice(-120)
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/**
 * Checks an upload and makes what is stored. An image is decoded and
 * encoded again, in the format its name claims: metadata (EXIF, GPS, camera)
 * does not survive, a huge one is scaled down, and anything riding in the
 * file besides the picture (a script in a GIF's comment) is left behind.
 * Another file is kept byte for byte once its bytes are shown to be the type
 * its name says. Anything else is refused with a sentence saying why.
 */
export async function processUpload(file: IncomingFile, rules: UploadRules): Promise<ProcessedUpload> {
  const name = cleanName(file.name)
  if (file.bytes.length === 0) refuse(`“${name}” is empty.`)
  if (file.bytes.length > rules.maxBytes) {
    refuse(`“${name}” is ${megabytes(file.bytes.length)}; files can be at most ${megabytes(rules.maxBytes)}.`)
  }
  const ext = extensionOf(name)
  const format = imageExtensions[ext]
  if (format) return processImage(name, file.bytes, format, rules)
  if (ext in fileTypes && rules.fileTypes.includes(ext)) return checkFile(name, file.bytes, ext as FileType)
  const others = rules.fileTypes.map((t) => fileTypes[t as FileType]?.label ?? t).join(', ')
  refuse(`“${name}” cannot be attached: the community takes images (PNG, JPEG, WebP, GIF)${others ? ` and ${others} files` : ''}.`)
}

async function processImage(name: string, bytes: Buffer, claimed: ImageFormat, rules: UploadRules): Promise<ProcessedUpload> {
  const label = imageFormats[claimed].label
  let found: string | undefined
  let pixels = 0
  const sharp = await loadSharp()
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata()
    found = meta.format
    pixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0) * Math.max(1, meta.pages ?? 1)
  } catch {
    refuse(`“${name}” is not a ${label} image (the file could not be read as one).`)
  }
  if (found !== claimed) {
    if (found && found in imageFormats) {
      refuse(
        `“${name}” is a ${imageFormats[found as ImageFormat].label} image, but its name says ${label}. Save it with the right ending and try again.`,
      )
    }
    refuse(`“${name}” is not a ${label} image: it is ${found?.toUpperCase() ?? 'another kind of file'}, which cannot be attached.`)
  }
  if (pixels > MAX_INPUT_PIXELS) {
    refuse(`“${name}” has too many pixels to open (over ${MAX_INPUT_PIXELS / 1_000_000} million). Make it smaller and try again.`)
  }
  const animated = !rules.square && (claimed === 'gif' || claimed === 'webp')
  let output: { data: Buffer; info: OutputInfo }
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, animated, failOn: 'error' })
      // Turned upright as the camera meant, since the orientation tag goes with the rest of the metadata.
      .autoOrient()
      .resize(
        rules.square
          ? { width: rules.square, height: rules.square, fit: 'cover' }
          : { width: rules.maxDimension, height: rules.maxDimension, fit: 'inside', withoutEnlargement: true },
      )
    output = await encode(image, claimed).toBuffer({ resolveWithObject: true })
  } catch {
    refuse(`“${name}” could not be read as a ${label} image: the file may be damaged.`)
  }
  const { data, info } = output
  if (data.length > rules.maxBytes)
    refuse(`“${name}” is still over ${megabytes(rules.maxBytes)} once stored. Make it smaller and try again.`)
  const { ext, contentType } = imageFormats[claimed]
  return {
    hash: sha256(data),
    bytes: data,
    ext,
    contentType,
    kind: 'image',
    width: info.width,
    // An animation is a strip of frames; the box it shows in is one frame.
    height: info.pageHeight ?? info.height,
    name,
  }
}

function encode(image: Sharp, format: ImageFormat): Sharp {
  switch (format) {
    case 'png':
      // Lossless, so text in a screenshot stays crisp. (An `effort` would quietly switch to a
      // 256-colour palette: dithered text, and several times slower.)
      return image.png({ compressionLevel: 6 })
    case 'jpeg':
      return image.jpeg({ quality: 85, progressive: true })
    case 'webp':
      return image.webp({ quality: 85 })
    case 'gif':
      return image.gif()
  }
}

/** The first bytes each kind of file starts with, or a test its text passes. */
const fileChecks: Record<FileType, (bytes: Buffer) => boolean> = {
  pdf: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  zip: (b) => ['PK\x03\x04', 'PK\x05\x06'].includes(b.subarray(0, 4).toString('latin1')),
  txt: isText,
  log: isText,
  csv: isText,
  json: (b) => {
    if (!isText(b)) return false
    try {
      JSON.parse(b.toString('utf8'))
      return true
    } catch {
      return false
    }
  },
}

/** UTF-8 with no NUL: what a text editor would open as text. */
function isText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

function checkFile(name: string, bytes: Buffer, type: FileType): ProcessedUpload {
  const { contentType, label } = fileTypes[type]
  if (!fileChecks[type](bytes)) refuse(`“${name}” is not a ${label} file, though its name says so.`)
  return { hash: sha256(bytes), bytes, ext: type, contentType, kind: 'file', width: null, height: null, name }
}

function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`
  const mb = bytes / (1024 * 1024)
  return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, '') : Math.round(mb)} MB`
}
