import { describe, expect, it } from 'vitest'

import { parseQuery } from './query-text'

describe('reading a query as typed', () => {
  it('offers only plain words for correction, leaving phrases and exclusions as they are', () => {
    const parsed = parseQuery('pasword "reset link" -emial or sso')
    expect(parsed.correctable).toEqual(['pasword', 'sso'])
    expect(parsed.rewrite((w) => (w === 'pasword' ? 'password' : w))).toBe('password "reset link" -emial or sso')
    expect(parsed.plainOnly).toBe(false)
    expect(parsed.typing).toBe('sso')
  })

  it('knows the word still being typed, and a query of plain words', () => {
    expect(parseQuery('invite te')).toMatchObject({ plainOnly: true, typing: 'te' })
    expect(parseQuery('invite team ').typing).toBeNull()
    expect(parseQuery('"invite team"').typing).toBeNull()
  })

  it('keeps punctuation and an unclosed quote', () => {
    const parsed = parseQuery('can\'t log in, "two factor')
    expect(parsed.correctable).toEqual(['can', 't', 'log', 'in'])
    expect(parsed.rewrite((w) => w.toUpperCase())).toBe('CAN\'T LOG IN, "two factor')
  })
})
