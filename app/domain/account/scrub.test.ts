import { describe, expect, it } from 'vitest'

import { namePattern, scrubJson, scrubText } from './scrub'

describe('scrubbing a deleted member out of kept text', () => {
  const pattern = namePattern(['dana_b', 'Dana.B@example.com', 'Dana Brown'])!

  it('replaces the name, the address and the display name, whatever their case, as whole words', () => {
    expect(scrubText('Suspended DANA_B for spam; mail dana.b@example.com. Dana Brown agreed.', pattern)).toBe(
      'Suspended deleted user for spam; mail deleted user. deleted user agreed.',
    )
    // Part of another name is left alone.
    expect(scrubText('dana_bx and xdana_b', pattern)).toBe('dana_bx and xdana_b')
  })

  it('reaches strings at any depth of a JSON value, keys included', () => {
    const detail = { key: 'role', changes: [{ user: 'dana_b', note: 'asked by dana_b' }], byName: { dana_b: 3 }, count: 2 }
    expect(scrubJson(detail, pattern)).toEqual({
      key: 'role',
      changes: [{ user: 'deleted user', note: 'asked by deleted user' }],
      byName: { 'deleted user': 3 },
      count: 2,
    })
  })

  it('has nothing to match when no name is long enough to mean anything', () => {
    expect(namePattern(['', ' a '])).toBeNull()
  })
})
