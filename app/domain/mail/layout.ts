/*
 * Every mail is written once as a list of blocks and rendered twice: as
 * plain text (what many readers and every filter see) and as simple HTML.
 * All text is escaped in the HTML; nothing from a post goes in as markup,
 * only its plain-text excerpt.
 */

export type Block =
  | { type: 'text'; text: string }
  | { type: 'heading'; text: string }
  /** Someone's words, shown as a quotation. */
  | { type: 'quote'; text: string }
  | { type: 'link'; label: string; url: string }
  /** Between the items of a digest, and before the footer. */
  | { type: 'rule' }
  | { type: 'small'; text: string }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

function textOf(block: Block): string {
  switch (block.type) {
    case 'text':
    case 'small':
      return block.text
    case 'heading':
      return block.text
    case 'quote':
      return block.text
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')
    case 'link':
      return `${block.label}: ${block.url}`
    case 'rule':
      return '--'
  }
}

function htmlOf(block: Block): string {
  switch (block.type) {
    case 'text':
      return `<p style="margin:0 0 16px">${escapeHtml(block.text)}</p>`
    case 'small':
      return `<p style="margin:0 0 8px;font-size:13px;color:#57606a">${escapeHtml(block.text)}</p>`
    case 'heading':
      return `<p style="margin:0 0 8px;font-weight:600">${escapeHtml(block.text)}</p>`
    case 'quote':
      return `<blockquote style="margin:0 0 16px;padding:0 12px;border-left:3px solid #d0d7de;color:#424a53">${escapeHtml(block.text)}</blockquote>`
    case 'link':
      return `<p style="margin:0 0 16px"><a href="${escapeHtml(block.url)}">${escapeHtml(block.label)}</a></p>`
    case 'rule':
      return '<hr style="border:0;border-top:1px solid #d0d7de;margin:24px 0">'
  }
}

/** The text and HTML bodies of a mail made of these blocks; the HTML opens with the community's name. */
export function renderBlocks(blocks: Block[], siteName?: string): { text: string; html: string } {
  const text = blocks.map(textOf).join('\n\n') + '\n'
  const masthead = siteName ? `<p style="margin:0 0 24px;font-size:18px;font-weight:700">${escapeHtml(siteName)}</p>` : ''
  const html =
    '<!doctype html><html><body style="margin:0;padding:24px;font-family:-apple-system,BlinkMacSystemFont,\'Segoe UI\',Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2328">' +
    `<div style="max-width:600px;margin:0 auto">${masthead}${blocks.map(htmlOf).join('')}</div></body></html>`
  return { text, html }
}

/** One line, not too long, for a subject: no line breaks can reach the header. */
export function subjectLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 150 ? `${line.slice(0, 149).trimEnd()}…` : line
}
