import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { useEffect, useRef, type ReactNode } from 'react'

import { Avatar } from './components/avatar'
import { ConnectionNotice, ModerationLink } from './components/live-notices'
import { NotificationBell } from './components/notification-bell'
import { useRouteLinks } from './components/route-link'
import { SiteMenu } from './components/site-menu'
import { countWaiting } from './domain/pages/moderation.server'
import { can } from './domain/policy.server'
import { accentStylesheet } from './domain/settings/identity'
import { DEFAULT_SITE_NAME, pageTitle } from './lib/meta'
import { useNonce } from './lib/nonce'
import { takeNotice } from './lib/notice.server'
import { getActor, getBell } from './lib/request.server'
import stylesHref from './styles/app.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesHref },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = ({ error, matches }) => [
  { title: error ? pageTitle(matches, describeError(error).title) : pageTitle(matches) },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context)
  // Staff see how many posts wait for them in the header.
  const modWaiting = can(actor, 'mod:queue') ? await countWaiting(context.sql) : null
  const bell = await getBell(request, context)
  // The origin and the name are for the pages' titles, canonical links and link previews (see lib/meta).
  const { name, description, logo, accent } = context.identity
  return {
    identity: { name, description, logo, accent },
    user: actor,
    canAdminister: can(actor, 'admin:view'),
    canSeeInsights: can(actor, 'insights:view'),
    modWaiting,
    bell,
    notice: takeNotice(request, context),
    origin: context.publicUrl,
  }
}

/** The community's name, logo and accent; the defaults when the root loader did not run (an error page). */
export function useIdentity() {
  const identity = useRouteLoaderData<typeof loader>('root')?.identity
  return identity ?? { name: DEFAULT_SITE_NAME, description: '', logo: null, accent: null }
}

export function useOptionalUser() {
  return useRouteLoaderData<typeof loader>('root')?.user ?? null
}

/** The search field on every page: a plain GET form; "/" anywhere outside a field jumps to it. */
function HeaderSearch() {
  const location = useLocation()
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return
      const target = event.target as HTMLElement
      if (target.closest('input, textarea, select, [contenteditable="true"]')) return
      event.preventDefault()
      input.current?.focus()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  // The search page has its own, larger field.
  if (location.pathname === '/search') return null
  return (
    <form method="get" action="/search" role="search" className="site-search">
      <label htmlFor="site-search" className="visually-hidden">
        Search the community
      </label>
      <input ref={input} id="site-search" type="search" name="q" placeholder="Search… (press /)" maxLength={200} />
    </form>
  )
}

function Header() {
  const user = useOptionalUser()
  const identity = useIdentity()
  const canAdminister = useRouteLoaderData<typeof loader>('root')?.canAdminister ?? false
  const canSeeInsights = useRouteLoaderData<typeof loader>('root')?.canSeeInsights ?? false
  const modWaiting = useRouteLoaderData<typeof loader>('root')?.modWaiting ?? null
  const bell = useRouteLoaderData<typeof loader>('root')?.bell ?? null
  const location = useLocation()
  const next = location.pathname + location.search
  const navLinks = (
    <>
      <NavLink to="/" end>
        Home
      </NavLink>
      <NavLink to="/ideas">Ideas</NavLink>
      <NavLink to="/leaderboard">Top helpers</NavLink>
      {modWaiting !== null ? <ModerationLink waiting={modWaiting} /> : null}
      {canSeeInsights ? <NavLink to="/insights">Insights</NavLink> : null}
      {canAdminister ? <NavLink to="/admin">Admin</NavLink> : null}
    </>
  )
  // Wide screens show the links and both account actions in one row; phones
  // keep the first account action and fold the rest into the menu. Only one
  // of each pair is displayed at a width.
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand" aria-label={`${identity.name} home`}>
          {identity.logo ? (
            <img className="brand__logo" src={identity.logo} alt="" width={28} height={28} />
          ) : (
            <span className="brand__mark" aria-hidden="true">
              ◆
            </span>
          )}
          <span className="brand__name">{identity.name}</span>
        </Link>
        <nav aria-label="Main" className="site-nav">
          {navLinks}
        </nav>
        <HeaderSearch />
        <div className="site-header__actions">
          <Link to="/new" className="button button--primary">
            New thread
          </Link>
          {user ? (
            <>
              {bell ? <NotificationBell unread={bell.unread} liveMark={bell.liveMark} /> : null}
              <Link to={`/u/${user.username}`} className="user-chip" aria-label={`Your profile, ${user.username}`}>
                <Avatar username={user.username} image={user.avatar} size="sm" />
                <span className="user-chip__name">{user.username}</span>
              </Link>
              <Form method="post" action="/logout" className="site-header__wide">
                <button type="submit" className="button button--ghost">
                  Sign out
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to={`/login?next=${encodeURIComponent(next)}`} className="button button--ghost">
                Sign in
              </Link>
              <Link to="/join" className="button button--ghost site-header__wide">
                Join
              </Link>
            </>
          )}
          <SiteMenu label="Menu">
            <nav aria-label="Main">
              {navLinks}
              <NavLink to="/search">Search</NavLink>
            </nav>
            <div className="site-menu__account">
              {user ? (
                <>
                  <NavLink to="/notifications">Notifications</NavLink>
                  <NavLink to="/settings">Settings</NavLink>
                  <Form method="post" action="/logout">
                    <button type="submit">Sign out</button>
                  </Form>
                </>
              ) : (
                <Link to="/join">Join</Link>
              )}
            </div>
          </SiteMenu>
        </div>
      </div>
    </header>
  )
}

/** A one-time message after a redirect, such as the welcome after joining. */
function Notice() {
  const notice = useRouteLoaderData<typeof loader>('root')?.notice
  return notice ? (
    <p className="notice" role="status">
      {notice}
    </p>
  ) : null
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  // After the other sheets, so the community's accent wins over the theme's.
  const accent = accentStylesheet(useIdentity().accent)
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <Meta />
        <Links />
        {accent ? <link rel="stylesheet" href={accent} /> : null}
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <Header />
        <main id="main" className="page" tabIndex={-1}>
          <Notice />
          {children}
        </main>
        <ConnectionNotice />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  useRouteLinks()
  return <Outlet />
}

const ERROR_TITLES: Record<number, string> = {
  400: 'That request was not valid',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Page not found',
  410: 'That link no longer works',
  413: 'Too large',
  429: 'Slow down',
  503: 'Temporarily unavailable',
}

/** What the error page says, and the page title, for an error a route threw. */
function describeError(error: unknown): { title: string; message: string; help: { label: string; href: string } | null } {
  if (!isRouteErrorResponse(error)) return { title: 'Something went wrong', message: 'Please try again in a moment.', help: null }
  const detail = error.data as { message?: string; help?: { label: string; href: string } | null } | undefined
  return {
    title: ERROR_TITLES[error.status] ?? 'Something went wrong',
    message:
      detail?.message ?? (error.status === 404 ? 'That page does not exist, or you cannot see it.' : 'Please try again in a moment.'),
    // Only a path on this site: the text of an error is ours, and so is where it sends the reader.
    help: detail?.help?.href?.startsWith('/') && !detail.help.href.startsWith('//') ? detail.help : null,
  }
}

export function ErrorBoundary() {
  const error = useRouteError()
  if (!isRouteErrorResponse(error) && typeof window === 'undefined') console.error(error)
  const { title, message, help } = describeError(error)
  return (
    <div className="error-page">
      <h1>{title}</h1>
      <p>{message}</p>
      {help ? (
        <p>
          <Link to={help.href}>{help.label}</Link>
        </p>
      ) : null}
      <p>
        <Link to="/">Back to the community</Link>
      </p>
    </div>
  )
}
