import { describe, expect, it } from 'vitest'
import { pageOfPost, postUrl, safeNext, slugify } from './urls'

describe('urls', () => {
  it('keeps sign-in redirects on this site', () => {
    expect(safeNext('/t/1/x?page=2#post-3')).toBe('/t/1/x?page=2#post-3')
    for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', null]) {
      expect(safeNext(bad)).toBe('/')
    }
  })

  it('makes readable slugs from any title', () => {
    expect(slugify('Héllo, World! Ça va?')).toBe('hello-world-ca-va')
    expect(slugify('???')).toBe('thread')
  })

  it('maps post numbers to pages of 20', () => {
    expect([1, 20, 21, 40, 41].map(pageOfPost)).toEqual([1, 1, 2, 2, 3])
    expect(postUrl({ id: 7, slug: 's' }, 21)).toBe('/t/7/s/21#post-21')
  })
})
