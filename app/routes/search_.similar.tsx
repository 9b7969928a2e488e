import type { LoaderFunctionArgs } from '@remix-run/node'
import type { ShouldRevalidateFunction } from '@remix-run/react'

import { similarThreads } from '../domain/search/search.server'
import { getActor } from '../lib/request.server'

/** Threads like a title being typed (on /new, when promoting, when triaging): JSON for the page's script. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const title = new URL(request.url).searchParams.get('title') ?? ''
  return similarThreads({ sql: context.sql, engine: context.search }, await getActor(request, context), title)
}

// Suggestions follow the title being typed, not the page's forms: a failed
// submission does not fetch them again (nor cancel one on its way).
export const shouldRevalidate: ShouldRevalidateFunction = () => false
