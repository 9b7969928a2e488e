/**
 * Every rate limit of the forum, in one table: how many points a subject may
 * use in a window, and what a refused visitor reads. The README's table
 * lists the same rules (a test keeps the two in step). RATE_LIMITS scales
 * every limit (`{"multiplier": N}`) or turns them all off.
 *
 * Windows are fixed: the first point starts one, and it ends `windowSeconds`
 * later whatever happens in between. A burst across a window's end can reach
 * twice the limit, which is what these limits allow for in exchange for one
 * row per subject.
 */
export const limitRules = {
  'sign-in-account': {
    points: 10,
    windowSeconds: 15 * 60,
    per: 'account',
    counts: 'failed sign-ins (not checked for an address the account signed in from before)',
    refusal: 'Too many failed sign-ins for this account.',
  },
  'sign-in-address': {
    points: 30,
    windowSeconds: 15 * 60,
    per: 'address',
    counts: 'failed sign-ins, whatever the account',
    refusal: 'Too many failed sign-ins from your address.',
  },
  'sign-up': {
    points: 10,
    windowSeconds: 60 * 60,
    per: 'address',
    counts: 'sign-up attempts with a valid form',
    refusal: 'Too many new accounts from your address.',
  },
  'email-confirmation': {
    points: 5,
    windowSeconds: 60 * 60,
    per: 'user',
    counts: 'confirmation links sent again and address changes asked for (a wrong password counts)',
    refusal: 'Too many confirmation emails for your account.',
  },
  'password-reset-email': {
    points: 3,
    windowSeconds: 60 * 60,
    per: 'email',
    counts: 'password reset links asked for, whether or not an account uses the address',
    refusal: 'Too many password reset requests for that address.',
  },
  'password-reset-address': {
    points: 10,
    windowSeconds: 60 * 60,
    per: 'address',
    counts: 'password reset links asked for, whatever the address typed',
    refusal: 'Too many password reset requests from your address.',
  },
  'password-change': {
    points: 10,
    windowSeconds: 60 * 60,
    per: 'user',
    counts: 'password changes refused for a wrong current password',
    refusal: 'Too many wrong passwords for this account.',
  },
  post: {
    points: 10,
    windowSeconds: 60,
    per: 'user',
    counts: 'new threads and replies',
    refusal: 'You are posting faster than the community allows.',
  },
  upload: {
    points: 30,
    windowSeconds: 60,
    per: 'user',
    counts: 'files uploaded (besides the daily quota in the community settings)',
    refusal: 'You are uploading faster than the community allows.',
  },
  vote: {
    points: 30,
    windowSeconds: 60,
    per: 'user',
    counts: 'helpful votes, "me too" and idea votes, given or taken back',
    refusal: 'You are voting faster than the community allows.',
  },
  flag: {
    points: 10,
    windowSeconds: 60,
    per: 'user',
    counts: 'flags raised on posts',
    refusal: 'You are flagging faster than the community allows.',
  },
  search: {
    points: 120,
    windowSeconds: 60,
    per: 'address',
    counts: 'searches and similar-thread suggestions',
    refusal: 'Too many searches from your address.',
  },
  write: {
    points: 60,
    windowSeconds: 60,
    per: 'address',
    counts: 'requests that change something (any method but GET, HEAD, OPTIONS)',
    refusal: 'Too many requests from your address.',
  },
} as const satisfies Record<string, LimitRule>

export interface LimitRule {
  points: number
  windowSeconds: number
  per: 'account' | 'address' | 'user' | 'email'
  counts: string
  refusal: string
}

export type LimitName = keyof typeof limitRules

/** RATE_LIMITS as the server read it: the same shape as `AppContext['rateLimits']`. */
export interface LimitSettings {
  enabled: boolean
  multiplier: number
}

/**
 * What a domain function uses when its caller passes no settings: tests,
 * seeds and the CLI call domain functions directly and are not limited.
 * Requests always pass the server's settings.
 */
export const LIMITS_OFF: LimitSettings = { enabled: false, multiplier: 1 }
export const LIMITS_ON: LimitSettings = { enabled: true, multiplier: 1 }

/** The points a subject may use in one window under these settings; never below one. */
export function allowance(name: LimitName, settings: LimitSettings): number {
  return Math.max(1, Math.round(limitRules[name].points * settings.multiplier))
}

/** "40 seconds", "1 minute", "15 minutes": how long a refused visitor waits. */
export function waitText(seconds: number): string {
  if (seconds <= 60) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} minute${minutes === 1 ? '' : 's'}`
}
