/**
 * What may be uploaded, as the server and the editor both know it. Images
 * are re-encoded and shown in posts; other files are kept as they are and
 * always served as downloads. An admin chooses which of the file types the
 * community takes (setting `uploadFileTypes`); each has a check that its
 * bytes are what its name says.
 */
export const imageFormats = {
  png: { ext: 'png', contentType: 'image/png', label: 'PNG' },
  jpeg: { ext: 'jpg', contentType: 'image/jpeg', label: 'JPEG' },
  webp: { ext: 'webp', contentType: 'image/webp', label: 'WebP' },
  gif: { ext: 'gif', contentType: 'image/gif', label: 'GIF' },
} as const
export type ImageFormat = keyof typeof imageFormats

/** File-name endings of images, to the format their bytes must be. */
export const imageExtensions: Record<string, ImageFormat> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp', gif: 'gif' }

export const fileTypes = {
  pdf: { contentType: 'application/pdf', label: 'PDF' },
  txt: { contentType: 'text/plain; charset=utf-8', label: 'text' },
  log: { contentType: 'text/plain; charset=utf-8', label: 'log' },
  csv: { contentType: 'text/csv; charset=utf-8', label: 'CSV' },
  json: { contentType: 'application/json', label: 'JSON' },
  zip: { contentType: 'application/zip', label: 'ZIP' },
} as const
export type FileType = keyof typeof fileTypes
export const fileTypeNames = Object.keys(fileTypes) as FileType[]

/** An upload's address: its hash and the ending its type gives it. */
export const UPLOAD_PATH = /^\/uploads\/([0-9a-f]{64})\.([a-z0-9]{1,5})$/

export function uploadPath(hash: string, ext: string): string {
  return `/uploads/${hash}.${ext}`
}

/** The `accept` list of the editor's file picker for the community's choice of file types. */
export function acceptList(allowed: readonly string[]): string {
  return ['image/png', 'image/jpeg', 'image/webp', 'image/gif', ...allowed.map((t) => `.${t}`)].join(',')
}

/** Markdown for an upload: an image shows with its description, a file is a link to download. */
export function uploadMarkdown(upload: { kind: 'image' | 'file'; path: string; name: string }, alt = upload.name): string {
  const text = alt.replace(/[[\]\\\n]/g, ' ').trim() || 'file'
  return upload.kind === 'image' ? `![${text}](${upload.path})` : `[${text}](${upload.path})`
}
