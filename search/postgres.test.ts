import { describe, expect, it } from 'vitest'

import { searchContract } from './contract'
import { createPostgresEngine, toSnippet, wordsOf } from './postgres'

searchContract('PostgreSQL full-text', () => createPostgresEngine())

describe('the PostgreSQL engine’s text handling', () => {
  it('turns marked headlines into runs of text', () => {
    expect(toSnippet('Use the \u0001password\u0002 \u0001reset\u0002 link')).toEqual([
      { text: 'Use the ', mark: false },
      { text: 'password', mark: true },
      { text: ' ', mark: false },
      { text: 'reset', mark: true },
      { text: ' link', mark: false },
    ])
  })

  it('keeps words of three letters or more for the typo lexicon', () => {
    expect(wordsOf('Reset the Password, then sign-in: OK? Zoë’s café')).toEqual(['reset', 'the', 'password', 'then', 'sign', 'zoë', 'café'])
  })
})
