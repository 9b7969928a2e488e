/* The staff thread tools' vocabulary (pin choices and their labels) that pages in the browser need, kept free of zod so the browser never downloads it. */

export const pinChoices = ['none', 'category', 'global'] as const
export type PinChoice = (typeof pinChoices)[number]

export const pinLabels: Record<PinChoice, string> = {
  none: 'Not pinned',
  category: 'Pinned in its category',
  global: 'Pinned everywhere (also on the home page)',
}
