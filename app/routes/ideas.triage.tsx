import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'

import { IdeaList, ideaListLinks } from '../components/idea-list'
import { getTriageQueue } from '../domain/pages/ideas.server'
import { pageTitle } from '../lib/meta'
import { domainErrorResponse, requireActor } from '../lib/request.server'

export const links: LinksFunction = () => ideaListLinks()

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Triage queue') }, { name: 'robots', content: 'noindex' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    return await getTriageQueue(context.sql, actor)
  } catch (error) {
    throw domainErrorResponse(error, request)
  }
}

export default function TriageQueue() {
  const { ideas } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <h1>Triage queue</h1>
      <p className="muted">New ideas awaiting review, the longest waiting first.</p>
      <IdeaList ideas={ideas} />
    </div>
  )
}
