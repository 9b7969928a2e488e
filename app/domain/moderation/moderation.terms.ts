/* Moderation's vocabulary (flag reasons, suspension lengths, their labels) that pages in the browser need, kept free of zod so the browser never downloads it. */

export const flagReasons = ['spam', 'off_topic', 'abusive', 'other'] as const
export const flagReasonLabels: Record<(typeof flagReasons)[number], string> = {
  spam: 'Spam',
  off_topic: 'Off-topic',
  abusive: 'Abusive or rude',
  other: 'Something else',
}

export const suspendDays = ['1', '3', '7', '30', 'forever'] as const

export const suspendDayLabels: Record<(typeof suspendDays)[number], string> = {
  '1': '1 day',
  '3': '3 days',
  '7': '7 days',
  '30': '30 days',
  forever: 'For good',
}
