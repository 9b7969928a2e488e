/* The audit log's vocabulary (target types, their labels, how a kind of entry reads) that pages in the browser need, kept free of zod so the browser never downloads it. */

export const auditTargetTypes = ['thread', 'idea', 'post', 'user', 'category', 'setting', 'upload', 'invitation'] as const
export type AuditTargetType = (typeof auditTargetTypes)[number]

export const targetTypeLabels: Record<AuditTargetType, string> = {
  thread: 'Thread (or idea)',
  idea: 'Idea',
  post: 'Post',
  user: 'Person',
  category: 'Category',
  setting: 'Setting',
  upload: 'Upload',
  invitation: 'Invitation',
}

/** "idea:statusChanged" → "idea status changed". */
export function kindLabel(action: string): string {
  return action.replace(':', ' ').replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`)
}
