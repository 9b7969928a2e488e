import type { AppLoadContext } from '@remix-run/node'

/*
 * A one-time message for the page a visitor lands on after a redirect (after
 * joining, the page they came from, which knows nothing of joining). A
 * short-lived cookie names the message; the text is ours, never the
 * request's, and the next page to read it clears it.
 */

const NOTICE_COOKIE = 'forum_notice'

const notices = {
  'check-email': 'Welcome! We sent you an email: open its link to confirm your address.',
  welcome: 'Welcome to the community!',
  'confirm-to-post': 'Welcome! We sent you an email: open its link to confirm your address, and then you can post.',
  'awaiting-approval':
    'Welcome! An admin approves new accounts before they post: you can read meanwhile. We also sent you an email to confirm your address.',
  'password-reset': 'Your password is changed. Every other session of your account is signed out; this browser is signed in.',
  'account-deleted': 'Your account was deleted, and you are signed out.',
  'person-deleted': 'The account was deleted. Its posts stay, shown as by “deleted user”, unless you removed them.',
} as const

export type NoticeName = keyof typeof notices

const isNotice = (name: string): name is NoticeName => Object.hasOwn(notices, name)

/** The Set-Cookie header that shows `name` on the next page. */
export function noticeCookie(name: NoticeName, secure: boolean): string {
  return `${NOTICE_COOKIE}=${name}; Path=/; Max-Age=300; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`
}

/** The message waiting for this request, if any; it is cleared with this response. */
export function takeNotice(request: Request, context: AppLoadContext): string | null {
  const found = new RegExp(`(?:^|;\\s*)${NOTICE_COOKIE}=([a-z-]*)`).exec(request.headers.get('Cookie') ?? '')
  if (!found) return null
  context.responseCookies.push(`${NOTICE_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${context.secure ? '; Secure' : ''}`)
  return isNotice(found[1]) ? notices[found[1]] : null
}
