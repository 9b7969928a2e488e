/** A message ready for a transport: composed when it is sent, from what the reader may see then. */
export interface MailMessage {
  to: string
  subject: string
  text: string
  html?: string
  /** Extra headers: List-Unsubscribe and List-Unsubscribe-Post on notification mail. */
  headers?: Record<string, string>
}

/** What composing a queued mail gives: a message to send, or why it is no longer sent. */
export type Composed = { message: MailMessage } | { drop: string }

export interface ComposeContext {
  /** Where links in the mail point: PUBLIC_URL, or the address the forum listens on. */
  publicUrl: string
  /** The community's name as an admin set it, read when the mail is composed. */
  siteName: string
}
