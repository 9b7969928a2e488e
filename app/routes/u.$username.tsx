import { redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'

import { Avatar } from '../components/avatar'
import { Badge } from '../components/badge'
import { ThreadList, threadListLinks } from '../components/thread-list'
import { RelativeTime } from '../components/time'
import { excerptOf } from '../domain/markdown/render.server'
import { getProfilePage } from '../domain/pages/people.server'
import { BADGES } from '../domain/questions/recognition'
import { pageHead, pageTitle, siteOf } from '../lib/meta'
import { getActor, throwAsPage } from '../lib/request.server'
import { postUrl, userUrl } from '../lib/urls'
import { useOptionalUser } from '../root'
import profileStyles from '../styles/profile.css'

export const links: LinksFunction = () => [...threadListLinks(), { rel: 'stylesheet', href: profileStyles }]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? pageHead({
        title: data.user.username,
        description: `${data.user.username}'s questions, answers and ideas in the community.`,
        path: userUrl(data.user.username),
        ...siteOf(matches),
        // A profile with nothing written on it is a thin page: nothing for a search engine to send anyone to.
        noindex: data.recentPosts.length === 0 && data.recentThreads.length === 0,
      })
    : [{ title: pageTitle(matches, 'Not found') }]

const roleLabels = { member: null, product: 'Product team', staff: 'Staff', admin: 'Staff' } as const

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context)
  let page: Awaited<ReturnType<typeof getProfilePage>>
  try {
    page = await getProfilePage(context.sql, actor, params.username ?? '')
  } catch (error) {
    throwAsPage(error)
  }
  // Names are matched without regard to case; the address is the name as its owner spells it.
  if (page.user.username !== params.username) throw redirect(userUrl(page.user.username), 301)
  return {
    ...page,
    recentPosts: page.recentPosts.map(({ html, ...post }) => ({ ...post, excerpt: excerptOf(html, 160) })),
  }
}

export default function Profile() {
  const { user, stats, recentPosts, recentThreads, suspension, adminHref } = useLoaderData<typeof loader>()
  const viewer = useOptionalUser()
  const roleLabel = roleLabels[user.role]
  return (
    <div className="profile">
      <header className="profile__header">
        <Avatar username={user.username} image={user.avatar} size="lg" />
        <div>
          <h1>{user.displayName ?? user.username}</h1>
          {user.displayName ? <p className="muted">@{user.username}</p> : null}
          <p className="muted">
            {roleLabel ? <Badge tone="staff">{roleLabel}</Badge> : null} Joined <RelativeTime date={user.createdAt} />
          </p>
          {viewer?.username === user.username ? (
            <p>
              <Link to="/settings">Your settings</Link> · <Link to="/notifications">Your notifications</Link>
            </p>
          ) : null}
          {adminHref ? (
            <p>
              <Link to={adminHref}>{user.username} in administration</Link>
            </p>
          ) : null}
        </div>
      </header>
      {user.bio ? <p className="profile__bio">{user.bio}</p> : null}
      {suspension ? (
        <p className="notice notice--warning">
          Suspended {suspension.until ? <>until {new Date(suspension.until).toUTCString()}</> : 'for good'}: {suspension.reason}
        </p>
      ) : null}
      <dl className="stats">
        <div>
          <dt>Reputation</dt>
          <dd>{stats.reputation}</dd>
        </div>
        <div>
          <dt>Answers</dt>
          <dd>{stats.answers}</dd>
        </div>
        <div>
          <dt>Accepted answers</dt>
          <dd>{stats.acceptedAnswers}</dd>
        </div>
        <div>
          <dt>Questions</dt>
          <dd>{stats.questions}</dd>
        </div>
      </dl>
      <section aria-labelledby="badges-heading">
        <h2 id="badges-heading">Badges</h2>
        {stats.badges.length === 0 ? <p className="empty">No badges yet.</p> : null}
        <ul className="badge-list">
          {stats.badges.map(({ badge, awardedAt }) => {
            const info = BADGES[badge as keyof typeof BADGES]
            return (
              <li key={badge} className="badge-card">
                <strong>{info?.label ?? badge}</strong>
                <span className="muted small">{info?.description}</span>
                <span className="muted small">
                  Earned <RelativeTime date={awardedAt} />
                </span>
              </li>
            )
          })}
        </ul>
      </section>
      <section aria-labelledby="threads-heading">
        <h2 id="threads-heading">Threads started</h2>
        <ThreadList threads={recentThreads} />
      </section>
      <section aria-labelledby="posts-heading">
        <h2 id="posts-heading">Recent posts</h2>
        {recentPosts.length === 0 ? <p className="empty">No posts yet.</p> : null}
        <ul className="post-excerpts">
          {recentPosts.map((post) => (
            <li key={post.id}>
              <Link to={postUrl({ id: post.threadId, slug: post.threadSlug }, post.postNumber)}>{post.threadTitle}</Link>
              <p>{post.excerpt}</p>
              <p className="muted small">
                <RelativeTime date={post.createdAt} />
              </p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
