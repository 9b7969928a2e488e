import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'

import { getGuidelinesPage } from '../domain/pages/joining.server'
import { pageHead, siteOf } from '../lib/meta'
import proseStyles from '../styles/prose.css'

/* /guidelines: the community guidelines an admin wrote at /admin/joining, for anyone to read. */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: proseStyles }]

export const meta: MetaFunction<typeof loader> = ({ matches }) =>
  pageHead({
    title: 'Community guidelines',
    description: 'How we talk to one another here.',
    path: '/guidelines',
    ...siteOf(matches),
  })

export async function loader({ context }: LoaderFunctionArgs) {
  return getGuidelinesPage(context.sql)
}

export default function Guidelines() {
  const { html } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <h1>Community guidelines</h1>
      {html ? (
        // Rendered by the post pipeline, whose sanitizer runs last.
        <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <p className="empty">The community has not written its guidelines yet.</p>
      )}
    </div>
  )
}
