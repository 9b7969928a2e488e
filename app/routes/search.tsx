import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { useEffect, useRef } from 'react'

import { Badge } from '../components/badge'
import { Marked } from '../components/search/marked'
import { RelativeTime } from '../components/time'
import { DELETED_USER_LABEL, isDeletedUsername } from '../domain/account/account.terms'
import { searchPage } from '../domain/search/search.server'
import { kindLabels, kinds } from '../domain/threads/thread.terms'
import { pageTitle } from '../lib/meta'
import { getActor } from '../lib/request.server'
import { postUrl, threadUrl, userUrl } from '../lib/urls'
import listStyles from '../styles/lists.css'
import searchStyles from '../styles/search.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: listStyles },
  { rel: 'stylesheet', href: searchStyles },
]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data?.params.q ? pageTitle(matches, data.params.q, 'Search') : pageTitle(matches, 'Search') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context)
  const raw = Object.fromEntries(new URL(request.url).searchParams)
  const page = await searchPage({ sql: context.sql, engine: context.search }, actor, raw)
  return data(page, { status: page.error ? 400 : 200 })
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>

/** Results follow the query as it is typed, once typing pauses; without JavaScript the form submits as usual. */
const TYPING_PAUSE_MS = 350

/** A date filter as the date input and the address write it. */
const dayValue = (date: Date | string | undefined) => (date ? new Date(date).toISOString().slice(0, 10) : '')

function Filters({ data }: { data: PageData }) {
  const { params, categories, statusLabels } = data
  return (
    <fieldset className="search-filters">
      <legend className="visually-hidden">Filters</legend>
      <label>
        Category
        <select name="category" defaultValue={params.category ?? ''}>
          <option value="">Any</option>
          {categories.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind
        <select name="kind" defaultValue={params.kind ?? ''}>
          <option value="">Any</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {kindLabels[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Answer
        <select name="solved" defaultValue={params.solved ?? ''}>
          <option value="">Any</option>
          <option value="yes">Solved</option>
          <option value="no">Unsolved</option>
        </select>
      </label>
      <label>
        Idea status
        <select name="status" defaultValue={params.status ?? ''}>
          <option value="">Any</option>
          {Object.entries(statusLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Author
        <input name="author" defaultValue={params.author ?? ''} maxLength={40} autoComplete="off" />
      </label>
      <label>
        From
        <input type="date" name="from" defaultValue={dayValue(params.from)} />
      </label>
      <label>
        To
        <input type="date" name="to" defaultValue={dayValue(params.to)} />
      </label>
      <label>
        Sort
        <select name="sort" defaultValue={params.sort}>
          <option value="relevance">Best match</option>
          <option value="newest">Newest activity</option>
        </select>
      </label>
    </fieldset>
  )
}

function pageLink(params: PageData['params'], page: number) {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...params, page: page > 1 ? page : undefined })) {
    if (value === undefined || value === '' || (key === 'sort' && value === 'relevance')) continue
    query.set(key, key === 'from' || key === 'to' ? dayValue(value as Date) : String(value))
  }
  return `/search?${query}`
}

function Results({ data }: { data: PageData }) {
  const { params, hits } = data
  if (!data.searched) return null
  const filtered = Boolean(params.category || params.kind || params.solved || params.status || params.author || params.from || params.to)
  if (!hits.length) {
    return (
      <div className="search-empty">
        <p>
          <strong>No threads match “{params.q}”.</strong>
        </p>
        {filtered ? (
          <p>
            Try <Link to={`/search?q=${encodeURIComponent(params.q)}`}>searching without filters</Link>.
          </p>
        ) : null}
        <p>
          Still stuck?{' '}
          <Link to={`/new?title=${encodeURIComponent(params.q)}`} className="button button--primary">
            Ask the community
          </Link>
        </p>
      </div>
    )
  }
  return (
    <>
      {data.correctedText ? (
        <p className="muted">
          Showing results for <strong>{data.correctedText}</strong>
        </p>
      ) : null}
      <ol className="search-results">
        {hits.map((hit) => (
          <li key={hit.threadId} className="search-hit">
            <Link
              to={
                hit.postNumber > 1
                  ? postUrl({ id: hit.threadId, slug: hit.slug }, hit.postNumber)
                  : threadUrl({ id: hit.threadId, slug: hit.slug })
              }
              className="search-hit__title"
            >
              <Marked runs={hit.titleMarked} />
            </Link>
            <p className="search-hit__snippet">
              <Marked runs={hit.snippet} />
            </p>
            <p className="search-hit__meta muted small">
              <Badge tone={hit.kind === 'question' ? 'info' : hit.kind === 'idea' ? 'warning' : 'neutral'}>{kindLabels[hit.kind]}</Badge>
              {hit.solved ? <Badge tone="success">✓ Solved</Badge> : null}
              {hit.ideaStatus ? <Badge tone="neutral">{data.statusLabels[hit.ideaStatus]}</Badge> : null}
              <span>in {hit.categoryName}</span>
              <span>
                by{' '}
                {isDeletedUsername(hit.authorUsername) ? (
                  DELETED_USER_LABEL
                ) : (
                  <Link to={userUrl(hit.authorUsername)}>{hit.authorUsername}</Link>
                )}
              </span>
              <span>
                {hit.replyCount} {hit.replyCount === 1 ? 'reply' : 'replies'} · active <RelativeTime date={hit.lastPostedAt} />
              </span>
              {hit.postNumber > 1 ? <span>matched in reply #{hit.postNumber}</span> : null}
            </p>
          </li>
        ))}
      </ol>
      <nav className="pager" aria-label="Result pages">
        {params.page > 1 ? <Link to={pageLink(params, params.page - 1)}>← Previous</Link> : <span />}
        {data.more ? (
          <Link to={pageLink(params, params.page + 1)} rel="next">
            Next page →
          </Link>
        ) : null}
      </nav>
    </>
  )
}

export default function SearchPage() {
  const data = useLoaderData<typeof loader>()
  const submit = useSubmit()
  const navigation = useNavigation()
  const form = useRef<HTMLFormElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  // Typing replaces the history entry: Back leaves the search, not each keystroke.
  const update = (delay: number) => {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      if (!form.current) return
      // Only the filters in use go into the address (the plain form sends them all).
      const query = new URLSearchParams()
      for (const [key, value] of new FormData(form.current))
        if (value !== '' && !(key === 'sort' && value === 'relevance')) query.set(key, String(value))
      submit(query, { method: 'get', action: '/search', replace: true, preventScrollReset: true })
    }, delay)
  }
  const busy = navigation.state === 'loading' && navigation.location.pathname === '/search'
  return (
    <div className="search-page">
      <header className="page-header">
        <h1>Search</h1>
        {data.canSeeMisses ? <Link to="/search/misses">Searches that found nothing</Link> : null}
      </header>
      <Form
        method="get"
        action="/search"
        ref={form}
        className="search-form"
        role="search"
        onChange={() => update(0)}
        onSubmit={(event) => {
          event.preventDefault()
          update(0)
        }}
      >
        <div className="search-form__row">
          <label htmlFor="search-q" className="visually-hidden">
            Search the community
          </label>
          <input
            id="search-q"
            type="search"
            name="q"
            defaultValue={data.params.q}
            maxLength={200}
            placeholder="Search questions, answers and ideas"
            aria-invalid={data.error ? true : undefined}
            aria-describedby={data.error ? 'search-q-error' : undefined}
            onChange={(event) => {
              event.stopPropagation()
              update(TYPING_PAUSE_MS)
            }}
          />
          <button type="submit" className="button button--primary">
            Search
          </button>
        </div>
        {data.error ? (
          <p id="search-q-error" className="field__error" role="alert">
            {data.error}
          </p>
        ) : null}
        <Filters data={data} />
      </Form>
      <div aria-live="polite" aria-busy={busy} className={busy ? 'search-body search-body--busy' : 'search-body'}>
        <Results data={data} />
      </div>
    </div>
  )
}
