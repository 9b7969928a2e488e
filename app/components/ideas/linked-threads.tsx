import { Form, Link } from '@remix-run/react'

import { threadUrl } from '../../lib/urls'
import type { IdeaPanelData } from '../thread/types'

/** The support threads that show customers need the idea; triagers may unlink them. */
export function LinkedThreads({ panel }: { panel: IdeaPanelData }) {
  if (!panel.linked.length) return null
  return (
    <div>
      <h2 className="idea-panel__heading">Linked threads</h2>
      <ul className="linked-threads">
        {panel.linked.map((t) => (
          <li key={t.id}>
            <Link to={threadUrl(t)}>{t.title}</Link>{' '}
            <span className="muted small">
              by {t.authorUsername}
              {t.meTooCount ? ` · ${t.meTooCount} have this too` : ''}
              {t.isSource ? ' · promoted from here' : ''}
            </span>
            {panel.canTriage ? (
              <Form method="post" className="inline-form" preventScrollReset>
                <input type="hidden" name="intent" value="unlink" />
                <input type="hidden" name="threadId" value={t.id} />
                <button type="submit" className="button button--small button--ghost">
                  Unlink<span className="visually-hidden"> {t.title}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  )
}
