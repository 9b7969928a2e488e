/*
 * A category's colour and whether its label stays readable. The label is
 * the same in both themes: white text on the colour (app/styles/categories.css),
 * so one contrast ratio decides for light and dark pages alike. The ratio
 * is WCAG's: relative luminance of each colour, (lighter + 0.05) / (darker + 0.05).
 */

export const DEFAULT_CATEGORY_COLOUR = '#4f46e5'
export const LABEL_TEXT_COLOUR = '#ffffff'
/** WCAG AA for body-size text: labels are small. */
export const MIN_LABEL_CONTRAST = 4.5

export const hexColour = /^#[0-9a-f]{6}$/

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (lighter + 0.05) / (darker + 0.05)
}

/** Why a label in this colour would be hard to read, or null when it reads well. `colour` is `#rrggbb`. */
export function labelContrastProblem(colour: string): string | null {
  const ratio = contrastRatio(LABEL_TEXT_COLOUR, colour)
  if (ratio >= MIN_LABEL_CONTRAST) return null
  // Rounded down, so a colour just short of the bar never reads as meeting it.
  const shown = Math.floor(ratio * 10) / 10
  return `White label text on ${colour} has a contrast of only ${shown}:1; labels need ${MIN_LABEL_CONTRAST}:1 to stay readable in light and dark themes. Pick a darker colour.`
}

/**
 * The stylesheet giving these categories their colours. The page's CSP
 * allows no inline styles, so colours come from a sheet whose address holds
 * them all (`?c=12-4f46e5.13-b42318`): the same address is always the same
 * sheet, cached for good, and a changed colour is a new address.
 */
export function categoryColoursHref(list: { id: number; color: string }[]): string {
  const pairs = [...new Map(list.map((c) => [c.id, c.color])).entries()]
    .sort(([a], [b]) => a - b)
    .map(([id, color]) => `${id}-${color.slice(1)}`)
  return `/category-colours.css?c=${pairs.join('.')}`
}

const colourPair = /^(\d{1,15})-([0-9a-f]{6})$/

/** The sheet for such an address; pairs that are not an id and a colour are left out. */
export function categoryColoursSheet(param: string): string {
  return param
    .split('.')
    .slice(0, 500)
    .flatMap((pair) => {
      const match = colourPair.exec(pair)
      return match ? [`.category-${match[1]} { --category-color: #${match[2]}; }`] : []
    })
    .join('\n')
}
