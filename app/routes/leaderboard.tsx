import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'

import { Avatar } from '../components/avatar'
import { Badge } from '../components/badge'
import { getLeaderboard } from '../domain/pages/people.server'
import { isStaffRole } from '../domain/roles'
import { leaderboardPeriodParam } from '../domain/threads/thread.schema'
import { leaderboardPeriods } from '../domain/threads/thread.terms'
import { pageHead, siteOf } from '../lib/meta'
import { parseParam } from '../lib/request.server'
import { userUrl } from '../lib/urls'
import leaderboardStyles from '../styles/leaderboard.css'
import listStyles from '../styles/lists.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: listStyles },
  { rel: 'stylesheet', href: leaderboardStyles },
]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageHead({
    title: 'Top helpers',
    description: 'The members whose answers helped others most.',
    path: data && data.period !== 'week' ? `/leaderboard?period=${data.period}` : '/leaderboard',
    ...siteOf(matches),
  })

const periods = Object.keys(leaderboardPeriods) as Array<keyof typeof leaderboardPeriods>
const periodLabels = { week: 'Last 7 days', month: 'Last 30 days', all: 'All time' } as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const period = parseParam(leaderboardPeriodParam, new URL(request.url).searchParams.get('period') ?? undefined)
  return getLeaderboard(context.sql, period)
}

export default function Leaderboard() {
  const { period, helpers } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <h1>Top helpers</h1>
      <p className="muted">Points come from accepted answers, helpful votes and questions others had too.</p>
      <nav aria-label="Period" className="segmented">
        {periods.map((p) => (
          <Link key={p} to={p === 'week' ? '/leaderboard' : `/leaderboard?period=${p}`} aria-current={p === period ? 'page' : undefined}>
            {periodLabels[p]}
          </Link>
        ))}
      </nav>
      {helpers.length === 0 ? <p className="empty">No points earned in this period yet.</p> : null}
      <ol className="leaderboard">
        {helpers.map((helper, index) => (
          <li key={helper.username} className="leaderboard__row">
            <span className="leaderboard__rank" aria-hidden="true">
              {index + 1}
            </span>
            <Avatar username={helper.username} image={helper.avatar} size="sm" />
            <Link to={userUrl(helper.username)}>{helper.username}</Link>
            {isStaffRole(helper.role) ? <Badge tone="staff">Staff</Badge> : null}
            <span className="leaderboard__points">
              <strong>{helper.points}</strong> points · {helper.acceptedAnswers} accepted
            </span>
          </li>
        ))}
      </ol>
    </div>
  )
}
