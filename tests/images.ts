import { crc32, deflateSync } from 'node:zlib'
import sharp from 'sharp'

/* Files for upload tests, made on the spot: small, and each one what a test needs. */

/** A flat-coloured PNG, as a screenshot mostly is. */
export function png(width = 40, height = 30, colour = '#3366cc'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer()
}

/** A photo as a phone sends it: a JPEG carrying the camera, its copyright and where it was taken. */
export function jpegWithLocation(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'Secret Camera Owner', Make: 'PhoneMaker' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .toBuffer()
}

/**
 * A decompression bomb: a few hundred bytes claiming 100,000 × 100,000
 * pixels, which would take tens of gigabytes to decode.
 */
export function pixelBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(100_000, 0)
  header.writeUInt32BE(100_000, 4)
  header[8] = 8 // bit depth
  header[9] = 0 // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1000))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** A GIF that is also a script: a page loading it as JavaScript would run what follows the image. */
export async function gifScriptPolyglot(): Promise<{ bytes: Buffer; script: string }> {
  const gif = await sharp({ create: { width: 8, height: 8, channels: 4, background: '#0a0' } })
    .gif()
    .toBuffer()
  const script = '*/=1;alert(document.cookie)//'
  return { bytes: Buffer.concat([gif, Buffer.from(script)]), script }
}
