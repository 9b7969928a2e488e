import { describe, expect, it } from 'vitest'

import { pageOfPost, postUrl, safeNext, slugify } from './urls'

/** Values an attacker might put in `?next=` to send a freshly signed-in user elsewhere. */
const hostile = [
  'https://evil.example/',
  'http:evil.example',
  '//evil.example',
  '///evil.example',
  '////evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\\/evil.example',
  '\\/evil.example',
  '/.//evil.example',
  '/..//evil.example',
  '/a/..//evil.example',
  '/a/../..//evil.example',
  '/././/evil.example',
  '/%2e%2e//evil.example',
  '/%2E%2E//evil.example',
  '/%2e//evil.example',
  '/a/%2e%2e//evil.example',
  '/%2f/evil.example',
  '/%2F%2Fevil.example',
  '/%5cevil.example',
  '/%5c%5cevil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/\t\\evil.example',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'https:/\\evil.example',
  '//user:pass@evil.example',
  '//forum.invalid@evil.example',
  'https://user@evil.example',
  '/\u0000/evil.example',
  '',
  null,
  undefined,
]

describe('urls', () => {
  it('keeps sign-in redirects on this site', () => {
    expect(safeNext('/t/1/x?page=2#post-3')).toBe('/t/1/x?page=2#post-3')
    expect(safeNext('/new?category=help')).toBe('/new?category=help')
    for (const bad of hostile) {
      const result = safeNext(bad)
      // Whatever comes back, a browser following it stays on this site.
      expect(new URL(result, 'https://forum.example').origin, JSON.stringify(bad)).toBe('https://forum.example')
      expect(result, JSON.stringify(bad)).not.toMatch(/^[/\\]{2}/)
    }
    expect(hostile.length).toBeGreaterThanOrEqual(30)
    expect(hostile.filter((bad) => safeNext(bad) !== '/')).toEqual([])
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
