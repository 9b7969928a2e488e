import type { Sql } from '../db/client'
import type { SearchEngine } from '../search/port'
import type { UploadStore } from '../uploads/port'
import type { MailCopies } from './domain/account/account.server'
import type { LimitSettings } from './domain/limits/limits'
import type { Identity } from './domain/settings/identity'

/**
 * What the Node server hands every loader and action: the process's database
 * pool (created once by the server, never by a module of the Remix build),
 * the request's CSP nonce, and cookies the auth layer wants added to the
 * response (a refreshed session, a cleared stale one).
 */
export type AppContext = {
  sql: Sql
  /** The search engine this process uses (see search/). */
  search: SearchEngine
  /** Where upload bytes live (see uploads/). */
  uploads: UploadStore
  /** Copies of mail the forum keeps (see mail/), erased with an account. */
  mailCopies: MailCopies
  nonce: string
  /** Cookies are marked Secure when the visitor reached us over https. */
  secure: boolean
  publicUrl: string
  /** The client's address (the configured proxies' word for it behind a load balancer), for per-address limits. */
  clientAddress: string
  /**
   * RATE_LIMITS, which actions pass to the domain functions that count
   * per-user and sign-in limits (app/domain/limits). The test harness turns
   * limits off or raises them (all its browsers share 127.0.0.1).
   */
  rateLimits: LimitSettings
  responseCookies: string[]
  /** The community's name, logo, accent and welcome, as this process last read them (no query per page). */
  identity: Identity
  /**
   * Reads the settings again in this process now: an admin who just saved
   * sees the change on the next page. Other processes hear `settings:changed`.
   */
  reloadSettings: () => Promise<void>
  /**
   * On a page's first load, not on a data request: post HTML the page's
   * markup carries and its loader data leaves out (app/lib/shown-html.tsx).
   */
  shownHtml?: Map<number, string>
  /** Memo of the signed-in actor for this request, filled by getActor. */
  actor?: Promise<import('./domain/policy.server').Actor>
  /** The member's bell, read with the session by getActor. */
  bell?: import('./domain/auth/session.server').Bell | null
}

declare module '@remix-run/server-runtime' {
  interface AppLoadContext extends AppContext {}
  interface Future {
    v3_singleFetch: true
  }
}
