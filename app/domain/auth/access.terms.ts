/* Account access's vocabulary (how long a reset link works) that pages in the browser need, kept free of zod so the browser never downloads it. */

/** How long a password reset link works: long enough to open the mail, short enough that an old inbox is no key. */
export const RESET_LIFETIME_HOURS = 1
