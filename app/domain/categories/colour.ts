/*
 * A category's colour and whether its label stays readable. The label is
 * the same in both themes: white text on the colour (app/styles/categories.css),
 * so one contrast ratio (WCAG's, as for the accent colour) decides for
 * light and dark pages alike.
 */
import { contrastRatio, MIN_TEXT_CONTRAST } from '../settings/contrast'

export const DEFAULT_CATEGORY_COLOUR = '#4f46e5'
export const LABEL_TEXT_COLOUR = '#ffffff'
/** WCAG AA for body-size text: labels are small. */
export const MIN_LABEL_CONTRAST = MIN_TEXT_CONTRAST

export const hexColour = /^#[0-9a-f]{6}$/

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
