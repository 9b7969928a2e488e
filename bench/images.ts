import sharp from 'sharp'

/*
 * PNGs for the upload benchmarks, made the same every run (a seeded
 * generator, no files in the repository): what members paste is mostly
 * screenshots, flat colour with detail, and now and then a photo in one.
 */

/** A small fast generator (mulberry32), so the same seed draws the same image. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Raw RGB pixels, drawn on with the few shapes a screenshot is made of. */
class Canvas {
  readonly pixels: Buffer
  constructor(
    readonly width: number,
    readonly height: number,
    background: [number, number, number],
  ) {
    this.pixels = Buffer.alloc(width * height * 3)
    this.fill(0, 0, width, height, background)
  }

  fill(x: number, y: number, w: number, h: number, [r, g, b]: [number, number, number]) {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + h); row++) {
      for (let col = Math.max(0, x); col < Math.min(this.width, x + w); col++) {
        const i = (row * this.width + col) * 3
        this.pixels[i] = r
        this.pixels[i + 1] = g
        this.pixels[i + 2] = b
      }
    }
  }

  /** A photo-like area: a colour gradient with grain of this amplitude (0–255) over it. */
  photo(x: number, y: number, w: number, h: number, grain: number, next: () => number) {
    for (let row = y; row < Math.min(this.height, y + h); row++) {
      for (let col = x; col < Math.min(this.width, x + w); col++) {
        const i = (row * this.width + col) * 3
        const u = (col - x) / w
        const v = (row - y) / h
        const base = [90 + 120 * u, 110 + 80 * v, 170 - 90 * u * v]
        for (let c = 0; c < 3; c++) this.pixels[i + c] = Math.max(0, Math.min(255, Math.round(base[c] + (next() - 0.5) * grain)))
      }
    }
  }

  /** Lines of "text": glyph-sized dark marks with word gaps, as a screenshot of a page shows. */
  text(x: number, y: number, w: number, lines: number, next: () => number, colour: [number, number, number] = [40, 44, 52]) {
    for (let line = 0; line < lines; line++) {
      const top = y + line * 22
      const end = x + w * (line % 5 === 4 ? 0.4 + next() * 0.3 : 0.85 + next() * 0.15)
      for (let col = x; col < end;) {
        const glyph = 4 + Math.floor(next() * 6)
        const rise = Math.floor(next() * 4)
        this.fill(col, top + rise, glyph - 1, 12 - rise, colour)
        col += glyph + (next() < 0.18 ? 6 : 1)
      }
    }
  }

  png(): Promise<Buffer> {
    return sharp(this.pixels, { raw: { width: this.width, height: this.height, channels: 3 } })
      .png()
      .toBuffer()
  }
}

/**
 * A picture of about 200 KB as PNG: a 700 × 500 card, flat panels and text
 * around a grainy photo.
 */
export function mediumImage(): Promise<Buffer> {
  const next = random(200)
  const canvas = new Canvas(700, 500, [246, 247, 249])
  canvas.fill(0, 0, 700, 36, [79, 70, 229])
  canvas.photo(20, 56, 660, 344, 48, next)
  canvas.text(20, 420, 660, 3, next)
  return canvas.png()
}

/**
 * A screenshot of about 2 MB as PNG: a 1920 × 1080 desktop app (title bar,
 * sidebar, toolbar, lines of text) with a photo open in it.
 */
export function screenshot(): Promise<Buffer> {
  const next = random(2_000)
  const canvas = new Canvas(1920, 1080, [250, 250, 251])
  canvas.fill(0, 0, 1920, 40, [32, 33, 36])
  canvas.fill(0, 40, 300, 1040, [237, 239, 243])
  canvas.text(24, 70, 250, 40, next, [70, 74, 82])
  canvas.fill(300, 40, 1620, 56, [244, 245, 247])
  for (let i = 0; i < 12; i++) canvas.fill(320 + i * 48, 52, 32, 32, [200 - i * 8, 205, 215])
  canvas.photo(340, 120, 1100, 680, 48, next)
  canvas.text(1480, 130, 400, 30, next)
  canvas.text(340, 830, 1540, 10, next)
  return canvas.png()
}
