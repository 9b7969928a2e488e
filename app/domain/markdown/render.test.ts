import { describe, expect, it } from 'vitest'

import { excerptOf, mentionsIn, renderMarkdown, uploadHashesIn } from './render.server'

describe('renderMarkdown', () => {
  it('renders GitHub-flavoured Markdown: fenced code, tables, task lists, autolinks', () => {
    const html = renderMarkdown(
      [
        '```ts',
        'const a = 1 < 2',
        '```',
        '',
        '| a | b |',
        '| - | - |',
        '| 1 | 2 |',
        '',
        '- [x] done',
        '- [ ] todo',
        '',
        'see https://example.com/docs',
      ].join('\n'),
    )
    expect(html).toContain('<pre><code class="language-ts">const a = 1 &lt; 2')
    expect(html).toContain('<table>')
    expect(html).toContain('<td>1</td>')
    expect(html).toContain('<input checked disabled type="checkbox" /> done')
    expect(html).toContain('<input disabled type="checkbox" /> todo')
    expect(html).toContain('<a href="https://example.com/docs" rel="nofollow ugc noopener">https://example.com/docs</a>')
  })

  it('marks every link nofollow ugc noopener, replacing what the author wrote', () => {
    const html = renderMarkdown('<a href="https://x.test" rel="author">x</a> and [y](https://y.test)')
    expect(html.match(/rel="nofollow ugc noopener"/g)).toHaveLength(2)
    expect(html).not.toContain('rel="author"')
  })

  it('keeps mailto links and drops other schemes', () => {
    expect(renderMarkdown('[mail](mailto:help@example.com)')).toContain('href="mailto:help@example.com"')
    expect(renderMarkdown('[ftp](ftp://example.com/file)')).not.toContain('href')
  })

  it('demotes h1 and h2 below the thread title', () => {
    const html = renderMarkdown('# Big\n\n## Smaller')
    expect(html).toContain('<h3>Big</h3>')
    expect(html).toContain('<h4>Smaller</h4>')
  })

  describe('XSS attempts come out inert', () => {
    const attacks: Array<[string, string]> = [
      ['script tag', '<script>alert(1)</script>hello'],
      ['script in markdown code span stays text', '`<script>alert(1)</script>`'],
      ['javascript: link', '[click](javascript:alert(1))'],
      ['javascript: link with entities', '<a href="jav&#x09;ascript:alert(1)">x</a>'],
      ['javascript: autolink', '<javascript:alert(1)>'],
      ['data: link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
      ['data: image', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
      ['event handler attribute', '<img src="https://x.test/a.png" onerror="alert(1)">'],
      ['event handler on allowed tag', '<p onclick="alert(1)">hi</p>'],
      ['iframe', '<iframe src="https://evil.test"></iframe>'],
      ['svg payload', '<svg><script>alert(1)</script><circle onload="alert(1)"/></svg>'],
      ['svg animate', '<svg><animate onbegin="alert(1)" attributeName="x"/></svg>'],
      ['malformed html', '<img src=x onerror=alert(1)//<b>'],
      ['unclosed attribute', '<a href="https://ok.test" onmouseover="alert(1)>x</a>'],
      ['style tag', '<style>body{display:none}</style>'],
      ['style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
      ['form and input', '<form action="https://evil.test"><input type="text" name="q"></form>'],
      ['object and embed', '<object data="x.swf"></object><embed src="x.swf">'],
      ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.test">'],
      ['base tag', '<base href="https://evil.test/">'],
      ['vbscript link', '[x](vbscript:msgbox(1))'],
      ['protocol-relative link', '[x](//evil.test)'],
    ]
    for (const [name, input] of attacks) {
      it(name, () => {
        const html = renderMarkdown(input)
        // Only real tags matter: escaped text such as &lt;script&gt; is inert.
        const tags = html.match(/<[a-z][^>]*>/gi) ?? []
        for (const tag of tags) {
          expect(tag).not.toMatch(/^<(script|iframe|svg|style|object|embed|meta|base|form|animate|circle)\b/i)
          expect(tag).not.toMatch(/\son\w+\s*=/i)
          expect(tag).not.toMatch(/(href|src)\s*=\s*"?\s*(javascript|data|vbscript):/i)
          expect(tag).not.toMatch(/(href|src)="\/\//)
          expect(tag).not.toMatch(/style=/i)
          if (tag.startsWith('<input')) expect(tag).toContain('type="checkbox"')
        }
      })
    }
  })

  it('keeps the text of a script-in-code span visible as text', () => {
    expect(renderMarkdown('`<script>`')).toBe('<p><code>&lt;script&gt;</code></p>')
  })
})

describe('prose with angle brackets', () => {
  it('shows tags outside the allowlist as the text that was typed', () => {
    expect(renderMarkdown('Use List<String> here')).toBe('<p>Use List&lt;String&gt; here</p>')
    expect(renderMarkdown('a<b and c>d')).toBe('<p>a&lt;b and c&gt;d</p>')
    expect(renderMarkdown('Map<K, V> and Promise<void>')).toBe('<p>Map&lt;K, V&gt; and Promise&lt;void&gt;</p>')
    expect(renderMarkdown('<script>alert(1)</script>')).not.toContain('<script')
  })

  it('keeps allowed inline HTML as CommonMark does', () => {
    expect(renderMarkdown('press <kbd>Ctrl</kbd> and x <sub>2</sub>')).toBe('<p>press <kbd>Ctrl</kbd> and x <sub>2</sub></p>')
    expect(renderMarkdown('<details><summary>More</summary>Hidden</details>')).toContain('<details><summary>More</summary>')
  })

  it('gives excerpts the characters a reader typed', () => {
    expect(excerptOf(renderMarkdown('Use List<String> & Map<K, V> "quoted"'))).toBe('Use List<String> & Map<K, V> "quoted"')
  })
})

describe('images', () => {
  it('shows images only from hosts an admin allowed, and links to the rest', () => {
    const markdown = '![diagram](https://img.example/a.png) ![other](https://tracker.example/p.gif)'
    const closed = renderMarkdown(markdown)
    expect(closed).not.toContain('<img')
    expect(closed).toContain('<a href="https://img.example/a.png" rel="nofollow ugc noopener">diagram</a>')
    const open = renderMarkdown(markdown, { imageHosts: ['img.example'] })
    expect(open).toContain('<img src="https://img.example/a.png" alt="diagram" loading="lazy" />')
    expect(open).not.toContain('<img src="https://tracker.example')
    expect(renderMarkdown('![own](/uploads/abc.png)')).toContain('<img src="/uploads/abc.png"')
    expect(renderMarkdown('![plain](http://img.example/a.png)', { imageHosts: ['img.example'] })).not.toContain('<img')
  })

  const hash = 'ab'.repeat(32)
  const shown = (facts: { kind: 'image' | 'file'; width: number | null; height: number | null; removed: boolean }) => ({
    imageHosts: [],
    uploads: new Map([[hash, facts]]),
  })

  it('shows the forum’s uploaded images at their size, lazily, opening full size on a click', () => {
    const html = renderMarkdown(
      `![The error dialog](/uploads/${hash}.png)`,
      shown({ kind: 'image', width: 800, height: 600, removed: false }),
    )
    expect(html).toBe(
      `<p><a href="/uploads/${hash}.png" class="upload-image" rel="nofollow ugc noopener"><img src="/uploads/${hash}.png" alt="The error dialog" width="800" height="600" loading="lazy" decoding="async" /></a></p>`,
    )
  })

  it('links attached files as downloads, and leaves a notice where staff took an upload down', () => {
    const file = renderMarkdown(`[server.log](/uploads/${hash}.log)`, shown({ kind: 'file', width: null, height: null, removed: false }))
    expect(file).toContain(`<a href="/uploads/${hash}.log" class="upload-file" rel="nofollow ugc noopener">server.log</a>`)
    const removed = shown({ kind: 'image', width: 10, height: 10, removed: true })
    expect(renderMarkdown(`See ![shot](/uploads/${hash}.png) and [it](/uploads/${hash}.png)`, removed)).toBe(
      '<p>See <span class="upload-removed">Image removed by staff</span> and <span class="upload-removed">Image removed by staff</span></p>',
    )
  })

  it('finds each upload a text refers to once', () => {
    expect(uploadHashesIn(`![a](/uploads/${hash}.png) ![b](/uploads/${hash}.png) [c](/uploads/${'cd'.repeat(32)}.pdf)`)).toEqual([
      hash,
      'cd'.repeat(32),
    ])
    expect(uploadHashesIn('no uploads here')).toEqual([])
  })
})

describe('excerptOf', () => {
  it('strips tags and shortens on a word boundary with an ellipsis', () => {
    const excerpt = excerptOf('<p>Hello <strong>world</strong> ' + 'word '.repeat(100) + '</p>', 40)
    expect(excerpt.startsWith('Hello world word')).toBe(true)
    expect(excerpt.endsWith('…')).toBe(true)
    expect(excerpt.length).toBeLessThanOrEqual(40)
  })
})

describe('mentions', () => {
  it('links @names to profiles, but not addresses, code or text inside a link', () => {
    expect(renderMarkdown('thanks @alice and @Bob.')).toBe(
      '<p>thanks <a href="/u/alice" class="mention" rel="nofollow ugc noopener">@alice</a> and ' +
        '<a href="/u/Bob" class="mention" rel="nofollow ugc noopener">@Bob</a>.</p>',
    )
    const html = renderMarkdown('write to me@example.com, `@code`, [ask @chen](https://example.com)')
    expect(html).not.toContain('class="mention"')
    // A forged class on a pasted link is dropped: only the renderer marks mentions.
    expect(renderMarkdown('<a href="/x" class="evil mention">x</a>')).toBe(
      '<p><a href="/x" class="mention" rel="nofollow ugc noopener">x</a></p>',
    )
  })

  it('tells a quote from a mention: a name inside a blockquote is quoted', () => {
    expect(mentionsIn('> @Alice wrote:\n> it works\n\n@chen and @dana, see above. @alice too')).toEqual({
      mentioned: ['chen', 'dana'],
      quoted: ['alice'],
    })
    expect(mentionsIn('no one here, me@example.com, `@code`')).toEqual({ mentioned: [], quoted: [] })
  })
})
