import type { MetaFunction } from '@remix-run/node'

import { pageTitle } from '../lib/meta'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Your data', 'Settings') },
  { name: 'robots', content: 'noindex' },
]

/** The layout route asks visitors to sign in; the file itself comes from /settings/export.json. */
export default function ExportSettings() {
  return (
    <div className="narrow stack">
      <h2>Your data</h2>
      <p>
        A JSON file of everything the forum holds about you: your profile, threads and posts (as you wrote them), votes, &ldquo;me
        too&rdquo;s, notification settings and watches, searches and uploads.
      </p>
      <p>
        <a href="/settings/export.json" className="button button--primary" download>
          Download my data
        </a>
      </p>
    </div>
  )
}
