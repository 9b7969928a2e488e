import { Marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * Raw HTML in a post keeps CommonMark's meaning only for tags the sanitizer
 * allows; anything else is prose (`List<String>`, `a<b and c>d`) and is shown
 * exactly as typed, not deleted. The sanitizer still runs last on the result.
 */
function rawHtml({ text }: { text: string }): string {
  if (/^\s*<!--/.test(text)) return text
  const tag = /^\s*<\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(text)?.[1]?.toLowerCase()
  return tag && ALLOWED_TAGS.includes(tag) ? text : escapeText(text)
}

const marked = new Marked({ gfm: true, breaks: false, async: false, renderer: { html: rawHtml } })

/**
 * Bump when the pipeline's output changes: posts store their HTML, so a
 * forum started with a new version re-renders every post (see rerender).
 */
export const PIPELINE_VERSION = 2

export interface RenderOptions {
  /** Hosts an admin allows images from; an image from anywhere else becomes a link to it. */
  imageHosts: readonly string[]
}

export const defaultRenderOptions: RenderOptions = { imageHosts: [] }

/** What a stored post's HTML depends on besides its Markdown. */
export function pipelineStamp(options: RenderOptions): string {
  return `${PIPELINE_VERSION}:${[...options.imageHosts].sort().join(',')}`
}

function imageAllowed(src: string | undefined, imageHosts: readonly string[]): boolean {
  if (!src) return false
  // A path on this site is the forum's own file.
  if (src.startsWith('/') && !src.startsWith('//')) return true
  try {
    const url = new URL(src)
    return url.protocol === 'https:' && imageHosts.includes(url.hostname.toLowerCase())
  } catch {
    return false
  }
}

// prettier-ignore
const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 's', 'code', 'pre',
  'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input',
  'sup', 'sub', 'kbd', 'details', 'summary',
]

/**
 * What user HTML may contain. Anything not listed is dropped; sanitizing runs
 * last, after Markdown, so raw HTML typed into a post passes the same list.
 */
const basePolicy: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
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

const policies = new Map<string, sanitizeHtml.IOptions>()

function policyFor(options: RenderOptions): sanitizeHtml.IOptions {
  const key = pipelineStamp(options)
  let policy = policies.get(key)
  if (!policy) {
    policy = {
      ...basePolicy,
      transformTags: {
        ...basePolicy.transformTags,
        // An image from a host nobody allowed would tell that host who reads the post: link to it instead.
        img: (tagName, attribs) =>
          imageAllowed(attribs.src, options.imageHosts)
            ? { tagName, attribs }
            : {
                tagName: 'a',
                attribs: { href: attribs.src ?? '', rel: 'nofollow ugc noopener' },
                text: attribs.alt || attribs.src || 'image',
              },
      },
    }
    policies.set(key, policy)
  }
  return policy
}

/** Markdown (GitHub-flavoured) to HTML safe to store and serve as is. */
export function renderMarkdown(markdown: string, options: RenderOptions = defaultRenderOptions): string {
  const raw = marked.parse(markdown) as string
  return sanitizeHtml(raw, policyFor(options)).trim()
}

/** A plain-text excerpt of rendered HTML, for lists and link previews. */
export function excerptOf(html: string, length = 200): string {
  // The excerpt is shown as text (React escapes it), so the sanitizer's entities are turned back into characters.
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&(lt|gt|quot|#39|nbsp);/g, (_m, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' })[name] ?? '')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > length ? text.slice(0, length - 1).trimEnd() + '…' : text
}
