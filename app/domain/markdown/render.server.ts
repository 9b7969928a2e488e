import { Marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

const marked = new Marked({ gfm: true, breaks: false, async: false })

/**
 * What user HTML may contain. Anything not listed is dropped; sanitizing runs
 * last, after Markdown, so raw HTML typed into a post passes the same list.
 */
const policy: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 's', 'code', 'pre',
    'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input',
    'sup', 'sub', 'kbd', 'details', 'summary',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    input: ['type', 'checked', 'disabled'],
  },
  allowedClasses: { code: [/^language-[\w+-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https', 'http'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Headings inside a post sit under the thread title: h1 and h2 would outrank it.
    h1: 'h3',
    h2: 'h4',
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'nofollow ugc noopener' },
    }),
  },
  exclusiveFilter: (frame) =>
    // Only the disabled checkboxes of task lists survive as inputs.
    frame.tag === 'input' && frame.attribs.type !== 'checkbox',
}

/** Markdown (GitHub-flavoured) to HTML safe to store and serve as is. */
export function renderMarkdown(markdown: string): string {
  const raw = marked.parse(markdown) as string
  return sanitizeHtml(raw, policy).trim()
}

/** A plain-text excerpt of rendered HTML, for lists and link previews. */
export function excerptOf(html: string, length = 200): string {
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > length ? text.slice(0, length - 1).trimEnd() + '…' : text
}
