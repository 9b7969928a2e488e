import { Link } from '@remix-run/react'

import { threadUrl } from '../../lib/urls'
import type { ThreadData } from './types'

export function Pager({ thread, page, totalPages }: Pick<ThreadData, 'thread' | 'page' | 'totalPages'>) {
  if (totalPages <= 1) return null
  return (
    <nav className="pager" aria-label="Thread pages">
      {page > 1 ? (
        <Link to={threadUrl(thread, page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="muted">
        Page {page} of {totalPages}
      </span>
      {page < totalPages ? (
        <Link to={threadUrl(thread, page + 1)} rel="next">
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}

/** Ordered by most helpful, the thread pages by a cursor instead of numbers. */
export function MoreHelpful({ data }: { data: ThreadData }) {
  if (!data.nextHelpful) return null
  return (
    <nav className="pager" aria-label="More replies">
      <span />
      <Link to={`${threadUrl(data.thread)}?order=helpful&after=${encodeURIComponent(data.nextHelpful)}`} rel="next">
        More replies →
      </Link>
    </nav>
  )
}

export function OrderSwitch({ data }: { data: ThreadData }) {
  return (
    <div className="order-switch" role="navigation" aria-label="Order of replies">
      <span className="muted small">Replies:</span>
      <Link to={threadUrl(data.thread)} aria-current={data.order === 'oldest' ? 'page' : undefined} className="order-switch__link">
        Oldest first
      </Link>
      <Link
        to={`${threadUrl(data.thread)}?order=helpful`}
        aria-current={data.order === 'helpful' ? 'page' : undefined}
        className="order-switch__link"
      >
        Most helpful
      </Link>
    </div>
  )
}
