/*
 * Text of the forum's own sanitized HTML, for places that show no markup:
 * meta descriptions, structured data, feeds' summaries. The input is always
 * the renderer's output, so a tag never holds a ">" and the only entities
 * are the few the sanitizer writes.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' }

export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, name: string) => ENTITIES[name])
    .replace(/\s+/g, ' ')
    .trim()
}

/** At most `length` characters of text, cut at a word with an ellipsis. */
export function clip(text: string, length: number): string {
  if (text.length <= length) return text
  const cut = text.slice(0, length - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}
