import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'

import { BarChart } from '../components/insights/bar-chart'
import { statusLabels } from '../domain/ideas/idea.terms'
import { duration, percent } from '../domain/insights/counting'
import { dayOf, periodChoices, timeOf } from '../domain/insights/period'
import { getInsights } from '../domain/pages/insights.server'
import { pageTitle } from '../lib/meta'
import { requireActor, throwAsPage } from '../lib/request.server'
import styles from '../styles/insights.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Insights') }, { name: 'robots', content: 'noindex' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    return await getInsights(context.sql, actor, new URL(request.url).searchParams.get('days'))
  } catch (error) {
    throwAsPage(error)
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>

/** Days read in the community's time zone, as the figures count them. */
const dayIn = (timeZone: string) => (at: string) => dayOf(new Date(at), timeZone)

function Was({ children }: { children: ReactNode }) {
  return <span className="was">was {children}</span>
}

function How({ children }: { children: string }) {
  return <p className="how muted small">How this is counted: {children}</p>
}

function Csv({ table, days }: { table: string; days: number }) {
  return (
    <p className="small">
      <a href={`/insights.csv?table=${table}&days=${days}`} download>
        Download as CSV
      </a>
    </p>
  )
}

function Stat({ label, value, was, how }: { label: string; value: ReactNode; was: ReactNode; how: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>
        <span className="stat__value">{value}</span> <Was>{was}</Was>
        <How>{how}</How>
      </dd>
    </div>
  )
}

function Empty({ children }: { children: string }) {
  return <p className="empty">{children}</p>
}

export default function InsightsPage() {
  const data = useLoaderData<typeof loader>()
  const { period, howCounted: how, support } = data
  const day = dayIn(period.timeZone)
  const { current: now, previous: before } = support
  return (
    <div className="insights">
      <h1>Insights</h1>
      <p className="muted">
        What the community tells the company: the last {period.days} days ({day(period.from)} to {day(period.to)}, not included;{' '}
        {period.timeZone}), each figure compared with the {period.days} days before it. Figures as of{' '}
        <time dateTime={data.computedAt}>{timeOf(new Date(data.computedAt), period.timeZone)}</time> {period.timeZone}; they follow new
        activity within a minute.
      </p>
      <nav aria-label="Period" className="period-picker">
        <span id="period-label">Period:</span>
        <ul aria-labelledby="period-label">
          {periodChoices.map((days) => (
            <li key={days}>
              <Link to={`/insights?days=${days}`} aria-current={days === period.days ? 'page' : undefined}>
                {days} days
              </Link>
            </li>
          ))}
        </ul>
        <a href={`/insights.json?days=${period.days}`} className="small">
          All figures as JSON
        </a>
      </nav>

      <section aria-labelledby="support">
        <h2 id="support">Support health</h2>
        <dl className="stats">
          <Stat label="Questions asked" value={now.asked} was={before.asked} how={how.asked} />
          <Stat label="Answered" value={percent(now.answeredShare)} was={percent(before.answeredShare)} how={how.answered} />
          <Stat label="Solved" value={percent(now.solvedShare)} was={percent(before.solvedShare)} how={how.solved} />
          <Stat
            label="Peer-answer rate"
            value={percent(now.peerAnswerRate)}
            was={percent(before.peerAnswerRate)}
            how={how.peerAnswerRate}
          />
        </dl>

        <h3>Questions per day</h3>
        <BarChart
          title="Questions asked per day"
          labelHeading="Day"
          valueHeading="Questions"
          bars={support.questionsPerDay.map((d) => ({ label: d.day, value: d.questions }))}
        />
        <How>{how.questionsPerDay}</How>
        <Csv table="questions-per-day" days={period.days} />

        <h3>Time to answer</h3>
        <AnswerTimes data={data} />
        <How>{how.answerTimes}</How>
        <Csv table="answer-times" days={period.days} />

        <h3>By category</h3>
        {support.byCategory.length ? (
          <div className="table-scroll">
            <table className="insights-table">
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  <th scope="col">Asked</th>
                  <th scope="col">Answered</th>
                  <th scope="col">Solved</th>
                  <th scope="col">First answer (median, 90th)</th>
                  <th scope="col">Accepted answer (median, 90th)</th>
                </tr>
              </thead>
              <tbody>
                {support.byCategory.map(({ category, current: c, previous: p }) => (
                  <tr key={category.slug}>
                    <th scope="row">
                      <Link to={`/c/${category.slug}`}>{category.name}</Link>
                    </th>
                    <td>
                      {c.asked} <Was>{p.asked}</Was>
                    </td>
                    <td>
                      {percent(c.answeredShare)} <Was>{percent(p.answeredShare)}</Was>
                    </td>
                    <td>
                      {percent(c.solvedShare)} <Was>{percent(p.solvedShare)}</Was>
                    </td>
                    <td>
                      {duration(c.firstAnswer.all.medianSeconds)}, {duration(c.firstAnswer.all.p90Seconds)}
                    </td>
                    <td>
                      {duration(c.accepted.all.medianSeconds)}, {duration(c.accepted.all.p90Seconds)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>No questions in this period or the one before.</Empty>
        )}
        <How>{how.categories}</How>
        <Csv table="categories" days={period.days} />

        <h3>Unanswered questions</h3>
        {support.unanswered.length ? (
          <ol className="insights-list">
            {support.unanswered.map((q) => (
              <li key={q.url}>
                <Link to={q.url}>{q.title}</Link>{' '}
                <span className="muted small">
                  {q.category}, asked {day(q.askedAt)}
                  {q.meToos ? `, ${q.meToos} “me too”` : ''}
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <Empty>Every question asked in this period has an answer.</Empty>
        )}
        <How>{how.unanswered}</How>
        <Csv table="unanswered" days={period.days} />
      </section>

      <Needs data={data} />
      <People data={data} />
    </div>
  )
}

function AnswerTimes({ data }: { data: Data }) {
  const { current: now, previous: before } = data.support
  const rows = [
    { measure: 'firstAnswer', name: 'First answer' },
    { measure: 'accepted', name: 'Accepted answer' },
  ] as const
  const who = { all: 'anyone', customers: 'customers', staff: 'staff' } as const
  return (
    <div className="table-scroll">
      <table className="insights-table">
        <thead>
          <tr>
            <th scope="col">Answer</th>
            <th scope="col">By</th>
            <th scope="col">Questions</th>
            <th scope="col">Median</th>
            <th scope="col">90th percentile</th>
          </tr>
        </thead>
        <tbody>
          {rows.flatMap(({ measure, name }) =>
            (['all', 'customers', 'staff'] as const).map((by) => {
              const t = now[measure][by]
              const p = before[measure][by]
              return (
                <tr key={`${measure}-${by}`}>
                  <th scope="row">{name}</th>
                  <td>{who[by]}</td>
                  <td>
                    {t.count} <Was>{p.count}</Was>
                  </td>
                  <td>
                    {duration(t.medianSeconds)} <Was>{duration(p.medianSeconds)}</Was>
                  </td>
                  <td>
                    {duration(t.p90Seconds)} <Was>{duration(p.p90Seconds)}</Was>
                  </td>
                </tr>
              )
            }),
          )}
        </tbody>
      </table>
    </div>
  )
}

function Needs({ data }: { data: Data }) {
  const { needs, howCounted: how, period } = data
  const day = dayIn(period.timeZone)
  return (
    <section aria-labelledby="needs">
      <h2 id="needs">What customers need</h2>

      <h3>Most “me too”</h3>
      {needs.meToo.length ? (
        <ol className="insights-list">
          {needs.meToo.map((q) => (
            <li key={q.url}>
              <Link to={q.url}>{q.title}</Link> <span className="count">{q.meToos}</span> <Was>{q.previousMeToos}</Was>
            </li>
          ))}
        </ol>
      ) : (
        <Empty>Nobody said “me too” in this period.</Empty>
      )}
      <How>{how.meToo}</How>
      <Csv table="me-too" days={period.days} />

      <h3>Open ideas affecting the most customers</h3>
      {needs.customersAffected.length ? (
        <ol className="insights-list">
          {needs.customersAffected.map((idea) => (
            <li key={idea.url}>
              <Link to={idea.url}>{idea.title}</Link> <span className="count">{idea.customers}</span>{' '}
              <span className="muted small">
                customers, {idea.votes} votes, {statusLabels[idea.status]}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <Empty>No open idea affects a customer yet.</Empty>
      )}
      <How>{how.customersAffected}</How>
      <Csv table="customers-affected" days={period.days} />

      <h3>Fastest-growing ideas</h3>
      {needs.growingIdeas.length ? (
        <ol className="insights-list">
          {needs.growingIdeas.map((idea) => (
            <li key={idea.url}>
              <Link to={idea.url}>{idea.title}</Link>{' '}
              <span className="small">
                {idea.votes} votes, {idea.links} linked threads{' '}
                <Was>
                  {idea.previousVotes} and {idea.previousLinks}
                </Was>
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <Empty>No idea gained votes or linked threads in this period.</Empty>
      )}
      <How>{how.growingIdeas}</How>
      <Csv table="growing-ideas" days={period.days} />

      <h3>
        Ideas shipped: {needs.shipped.count} <Was>{needs.shipped.previousCount}</Was>
      </h3>
      {needs.shipped.ideas.length ? (
        <ul className="insights-list">
          {needs.shipped.ideas.map((idea) => (
            <li key={idea.url}>
              <Link to={idea.url}>{idea.title}</Link>{' '}
              <span className="muted small">
                {day(idea.shippedAt)}, {idea.votes} votes
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <How>{how.shipped}</How>
      <Csv table="shipped" days={period.days} />

      <h3>
        Searches that found nothing: {needs.searchMisses.total} <Was>{needs.searchMisses.previousTotal}</Was>
      </h3>
      {needs.searchMisses.queries.length ? (
        <div className="table-scroll">
          <table className="insights-table">
            <thead>
              <tr>
                <th scope="col">Search</th>
                <th scope="col">Times</th>
                <th scope="col">Last</th>
                <th scope="col">Answer it</th>
              </tr>
            </thead>
            <tbody>
              {needs.searchMisses.queries.map((miss) => (
                <tr key={miss.query}>
                  <th scope="row">
                    <Link to={`/search?q=${encodeURIComponent(miss.query)}`}>{miss.query}</Link>
                  </th>
                  <td>
                    {miss.searches} <Was>{miss.previousSearches}</Was>
                  </td>
                  <td>{day(miss.lastSearchedAt)}</td>
                  <td>
                    <Link to={miss.faqUrl}>
                      Start an FAQ thread<span className="visually-hidden"> about “{miss.query}”</span>
                    </Link>
                    {' · '}
                    <Link to={miss.ideaUrl}>
                      Create an idea<span className="visually-hidden"> about “{miss.query}”</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>Every search in this period found something.</Empty>
      )}
      <How>{how.searchMisses}</How>
      <Csv table="search-misses" days={period.days} />
    </section>
  )
}

function People({ data }: { data: Data }) {
  const { people, howCounted: how, period } = data
  const day = dayIn(period.timeZone)
  return (
    <section aria-labelledby="people">
      <h2 id="people">Who helps</h2>

      <h3>Top helpers</h3>
      {people.helpers.length ? (
        <div className="table-scroll">
          <table className="insights-table">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Accepted answers</th>
                <th scope="col">Helpful votes</th>
              </tr>
            </thead>
            <tbody>
              {people.helpers.map((h) => (
                <tr key={h.username}>
                  <th scope="row">
                    <Link to={h.url}>{h.username}</Link> {h.role === 'member' ? null : <span className="badge badge--staff">{h.role}</span>}
                  </th>
                  <td>
                    {h.acceptedAnswers} <Was>{h.previousAcceptedAnswers}</Was>
                  </td>
                  <td>
                    {h.helpfulVotes} <Was>{h.previousHelpfulVotes}</Was>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>Nobody had an answer accepted or a helpful vote in this period.</Empty>
      )}
      <How>{how.helpers}</How>
      <Csv table="helpers" days={period.days} />

      <h3>
        New members who posted: {people.newMembers.count} <Was>{people.newMembers.previousCount}</Was>
      </h3>
      {people.newMembers.members.length ? (
        <ul className="insights-list insights-list--inline">
          {people.newMembers.members.map((m) => (
            <li key={m.username}>
              <Link to={m.url}>{m.username}</Link> <span className="muted small">{m.posts} posts</span>
            </li>
          ))}
        </ul>
      ) : null}
      <How>{how.newMembers}</How>
      <Csv table="new-members" days={period.days} />

      <h3>
        Members who came back: {people.returningMembers.count} <Was>{people.returningMembers.previousCount}</Was>
      </h3>
      {people.returningMembers.members.length ? (
        <ul className="insights-list insights-list--inline">
          {people.returningMembers.members.map((m) => (
            <li key={m.username}>
              <Link to={m.url}>{m.username}</Link>{' '}
              <span className="muted small">
                {m.posts} posts, last before on {day(m.lastPostedBefore)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <How>{how.returningMembers}</How>
      <Csv table="returning-members" days={period.days} />
    </section>
  )
}
