/* Accounts' vocabulary (how a deleted account is named and shown) that pages in the browser need, kept free of zod so the browser never downloads it. */

/** What a deleted account is called wherever its posts are shown. */
export const DELETED_USER_LABEL = 'deleted user'

/** Deleted accounts keep a made-up name of this shape, which sign-up never gives (see 0019_account_data.sql). */
export function isDeletedUsername(username: string): boolean {
  return username.startsWith('~deleted-')
}

/** The name to show for an author: theirs, or "deleted user". */
export function shownName(username: string): string {
  return isDeletedUsername(username) ? DELETED_USER_LABEL : username
}
