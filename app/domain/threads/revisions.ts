import { diffWords } from 'diff'

/*
 * A post's versions, from the rows that keep them: post_revisions holds each
 * earlier text (revision r) with the editor who replaced it and when, and
 * the post itself holds the current text (its revision number). So version
 * r was written by the author (r = 1) or by the editor on row r - 1.
 */

export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string }

export interface Version {
  revision: number
  /** Who wrote this version, and when; null where the row that says so was not kept. */
  by: { username: string; at: Date } | null
  /** The text, null where it was not kept. */
  text: string | null
  /** What changed from the previous version, word by word; null for the original or where one side is missing. */
  changes: DiffPart[] | null
}

export interface StoredRevision {
  revision: number
  markdown: string
  editorUsername: string
  createdAt: Date
}

export interface CurrentPost {
  revision: number
  markdown: string
  authorUsername: string
  createdAt: Date
  editedAt: Date | null
}

/** Long, very different texts give up rather than hold a request: the page then shows both whole. */
const DIFF_TIMEOUT_MS = 250

export function diffText(before: string, after: string): DiffPart[] | null {
  const parts = diffWords(before, after, { timeout: DIFF_TIMEOUT_MS })
  if (!parts) return null
  return parts.map((part) => ({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', text: part.value }))
}

/**
 * Every version of a post, newest first. Posts whose earlier rows are
 * missing (edited before every revision was kept, or imported) still list
 * each version number, with what is known.
 */
export function buildVersions(post: CurrentPost, stored: StoredRevision[]): Version[] {
  const byRevision = new Map(stored.map((row) => [row.revision, row]))
  const textOf = (r: number) => (r === post.revision ? post.markdown : (byRevision.get(r)?.markdown ?? null))
  const versions: Version[] = []
  for (let r = 1; r <= post.revision; r++) {
    const replaced = byRevision.get(r - 1)
    const by =
      r === 1
        ? { username: post.authorUsername, at: post.createdAt }
        : replaced
          ? { username: replaced.editorUsername, at: replaced.createdAt }
          : null
    const text = textOf(r)
    const previous = r > 1 ? textOf(r - 1) : null
    versions.push({ revision: r, by, text, changes: text !== null && previous !== null ? diffText(previous, text) : null })
  }
  return versions.reverse()
}
