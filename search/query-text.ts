/*
 * A query as typed, in the syntax both engines understand: words,
 * "quoted phrases" and -excluded words (with `or` between alternatives).
 * Only plain words are candidates for typo correction: a phrase is meant
 * exactly, and an excluded word needs no fixing.
 */

type Part = { text: string; plain: boolean }

export interface ParsedQuery {
  /** The plain words, in order. */
  correctable: string[]
  /** The query again, each plain word passed through `fix`. */
  rewrite: (fix: (word: string) => string) => string
  /** Only plain words: no phrase, no exclusion, no `or`. */
  plainOnly: boolean
  /** The word still being typed (the query ends in it, no space after), for prefix matching. */
  typing: string | null
}

export function parseQuery(text: string): ParsedQuery {
  const parts: Part[] = []
  // A quoted phrase (closed or not), an excluded word, a plain word, or anything between.
  const token = /"[^"]*"?|-[^\s"]+|[\p{L}\p{N}]+|[^\p{L}\p{N}"-]+|./gu
  for (const match of text.matchAll(token)) {
    const t = match[0]
    parts.push({ text: t, plain: /^[\p{L}\p{N}]+$/u.test(t) && t.toLowerCase() !== 'or' })
  }
  const last = parts.at(-1)
  return {
    correctable: parts.filter((p) => p.plain).map((p) => p.text),
    rewrite: (fix) => parts.map((p) => (p.plain ? fix(p.text) : p.text)).join(''),
    plainOnly: parts.every((p) => p.plain || !/["-]|^or$/i.test(p.text.trim())),
    typing: last?.plain ? last.text : null,
  }
}
