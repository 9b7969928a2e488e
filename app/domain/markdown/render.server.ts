import { Marked, type Renderer, type Tokens } from 'marked'
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

interface MentionToken {
  type: 'mention'
  raw: string
  username: string
}

/**
 * `@name` links to that member's profile (and tells them: see mentionsIn).
 * Not inside a word (an address like me@example.com), a link's text, or
 * code; a trailing dot or dash is punctuation, not part of the name.
 */
const mention = {
  name: 'mention',
  level: 'inline' as const,
  start(src: string) {
    const found = /(^|[^\w@./])@[A-Za-z0-9_]/.exec(src)
    return found ? found.index + found[1].length : undefined
  },
  tokenizer(this: { lexer: { state: { inLink: boolean } } }, src: string, tokens: { raw: string }[]): MentionToken | undefined {
    const found = /^@([A-Za-z0-9_][A-Za-z0-9_.-]{0,29})/.exec(src)
    if (!found || this.lexer.state.inLink) return undefined
    const before = tokens[tokens.length - 1]
    if (before && /[\w@./]$/.test(before.raw)) return undefined
    const username = found[1].replace(/[.-]+$/, '')
    return { type: 'mention', raw: `@${username}`, username }
  },
  renderer(token: unknown) {
    const { username } = token as MentionToken
    return `<a href="/u/${encodeURIComponent(username)}" class="mention">@${username}</a>`
  },
}

/** What a post shows of one of the forum's uploads: its box, and whether staff took it down. */
export interface ShownUpload {
  kind: 'image' | 'file'
  width: number | null
  height: number | null
  removed: boolean
}

/**
 * The uploads of the text being rendered now. Rendering is synchronous, so
 * the one Marked instance reads them while `renderMarkdown` runs.
 */
let shownUploads: ReadonlyMap<string, ShownUpload> | undefined

const UPLOAD_HREF = /^\/uploads\/([0-9a-f]{64})\.[a-z0-9]{1,5}$/

function uploadIn(href: string): ShownUpload | null | undefined {
  const hash = UPLOAD_HREF.exec(href)?.[1]
  return hash ? (shownUploads?.get(hash) ?? null) : undefined
}

const removedNotice = (what: string) => `<span class="upload-removed">${what} removed by staff</span>`

/**
 * The forum's own images show at their size (no jump as they load), load
 * when scrolled to, and open full size on a click; a taken-down upload
 * leaves a notice where it was. Other images and links render as Markdown
 * says (the sanitizer decides what survives).
 */
const uploadRenderer = {
  image({ href, text }: Tokens.Image): string | false {
    const upload = uploadIn(href)
    if (upload === undefined) return false
    if (upload?.removed) return removedNotice('Image')
    const size = upload?.width && upload.height ? ` width="${upload.width}" height="${upload.height}"` : ''
    const alt = escapeText(text).replace(/"/g, '&quot;')
    return `<a href="${href}" class="upload-image"><img src="${href}" alt="${alt}"${size} loading="lazy" decoding="async"></a>`
  },
  link(this: Renderer, { href, tokens }: Tokens.Link): string | false {
    const upload = uploadIn(href)
    if (upload === undefined) return false
    if (upload?.removed) return removedNotice(upload.kind === 'image' ? 'Image' : 'File')
    return `<a href="${href}" class="upload-file">${this.parser.parseInline(tokens)}</a>`
  },
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: { html: rawHtml, ...uploadRenderer },
  extensions: [mention],
})

interface WalkToken {
  type: string
  username?: string
  tokens?: WalkToken[]
  items?: WalkToken[]
  header?: { tokens: WalkToken[] }[]
  rows?: { tokens: WalkToken[] }[][]
}

/**
 * The members a post names: `quoted` inside a blockquote (a reply quoting
 * them, whose quote starts with their @name), `mentioned` anywhere else.
 * Lower-cased, each once; someone both quoted and mentioned counts as quoted.
 */
export function mentionsIn(markdown: string): { mentioned: string[]; quoted: string[] } {
  const mentioned = new Set<string>()
  const quoted = new Set<string>()
  const walk = (tokens: WalkToken[] | undefined, inQuote: boolean) => {
    for (const token of tokens ?? []) {
      if (token.type === 'mention' && token.username) (inQuote ? quoted : mentioned).add(token.username.toLowerCase())
      const quote = inQuote || token.type === 'blockquote'
      walk(token.tokens, quote)
      walk(token.items, quote)
      for (const cell of token.header ?? []) walk(cell.tokens, quote)
      for (const row of token.rows ?? []) for (const cell of row) walk(cell.tokens, quote)
    }
  }
  walk(marked.lexer(markdown) as unknown as WalkToken[], false)
  for (const name of quoted) mentioned.delete(name)
  return { mentioned: [...mentioned], quoted: [...quoted] }
}

/**
 * Bump when the pipeline's output changes: posts store their HTML, so a
 * forum started with a new version re-renders every post (see rerender).
 */
export const PIPELINE_VERSION = 4

export interface RenderOptions {
  /** Hosts an admin allows images from; an image from anywhere else becomes a link to it. */
  imageHosts: readonly string[]
  /** The forum's uploads the text shows, by hash (see uploadHashesIn); one not listed renders without a size. */
  uploads?: ReadonlyMap<string, ShownUpload>
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
  'sup', 'sub', 'kbd', 'details', 'summary', 'span',
]

/**
 * What user HTML may contain. Anything not listed is dropped; sanitizing runs
 * last, after Markdown, so raw HTML typed into a post passes the same list.
 */
const basePolicy: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'class'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading', 'decoding'],
    span: ['class'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    input: ['type', 'checked', 'disabled'],
  },
  allowedClasses: { code: [/^language-[\w+-]+$/], a: ['mention', 'upload-image', 'upload-file'], span: ['upload-removed'] },
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
            ? { tagName, attribs: { ...attribs, loading: attribs.loading ?? 'lazy' } as sanitizeHtml.Attributes }
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
  shownUploads = options.uploads
  try {
    const raw = marked.parse(markdown) as string
    return sanitizeHtml(raw, policyFor(options)).trim()
  } finally {
    shownUploads = undefined
  }
}

/** The hashes of the forum's uploads a text refers to, each once (the database's upload_hashes reads the same). */
export function uploadHashesIn(markdown: string): string[] {
  if (!markdown.includes('/uploads/')) return []
  return [...new Set([...markdown.matchAll(/\/uploads\/([0-9a-f]{64})\.[a-z0-9]+/g)].map((m) => m[1]))]
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
