/*
 * WCAG 2 contrast between two sRGB colours. The accent colour is a fill that
 * carries text (buttons, the "Staff" badge, pressed tabs) in both themes, so
 * it is checked against the text each theme sets on it.
 */

const channel = (value: number) => {
  const c = value / 255
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

/** Relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16)
  return 0.2126 * channel((n >> 16) & 0xff) + 0.7152 * channel((n >> 8) & 0xff) + 0.0722 * channel(n & 0xff)
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

/** Normal-size text needs this much (WCAG AA). */
export const MIN_TEXT_CONTRAST = 4.5

/** The text colour each theme puts on an accent fill (`--on-accent` in app.css). */
export const textOnAccent = { light: '#ffffff', dark: '#ffffff' } as const

/** Why text on this accent would be hard to read, or null when it reads well in both themes. */
export function accentContrastProblem(accent: string): string | null {
  for (const theme of ['light', 'dark'] as const) {
    const ratio = contrastRatio(accent, textOnAccent[theme])
    if (ratio < MIN_TEXT_CONTRAST) {
      return `White text on ${accent} has a contrast of only ${ratio.toFixed(1)}:1 (the ${theme} theme needs at least ${MIN_TEXT_CONTRAST}:1 on buttons). Pick a darker colour.`
    }
  }
  return null
}

/** The fill a hovered button takes: the accent a little darker, so its text only gains contrast. */
export function darker(hex: string, by = 0.15): string {
  const n = Number.parseInt(hex.slice(1), 16)
  const scale = (c: number) =>
    Math.round(c * (1 - by))
      .toString(16)
      .padStart(2, '0')
  return `#${scale((n >> 16) & 0xff)}${scale((n >> 8) & 0xff)}${scale(n & 0xff)}`
}
