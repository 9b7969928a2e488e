import { Link } from '@remix-run/react'

import { threadUrl } from '../../lib/urls'
import type { ThreadData } from '../thread/types'

/** The ideas a support thread fed: the one it was promoted to, and those that cite it as evidence. */
export function RelatedIdeas({ ideas }: { ideas: ThreadData['relatedIdeas'] }) {
  if (!ideas.length) return null
  return (
    <p className="notice">
      {ideas.map((idea, i) => (
        <span key={idea.id}>
          {i ? ' · ' : ''}
          {idea.promotedFromHere ? 'Promoted to idea' : 'Linked to idea'}: <Link to={threadUrl(idea)}>{idea.title}</Link> (
          {idea.statusLabel})
        </span>
      ))}
    </p>
  )
}
