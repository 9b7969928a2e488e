import type { LinksFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'

import { threadUrl } from '../../lib/urls'
import ideaPanelStyles from '../../styles/idea-panel.css'
import proseStyles from '../../styles/prose.css'
import { fieldLinks } from '../field'
import type { IdeaPanelData } from '../thread/types'
import { IdeaTimeline } from './idea-timeline'
import { IdeaVote } from './idea-vote'
import { InternalNotes } from './internal-notes'
import { LinkedThreads } from './linked-threads'
import { StatusBadge } from './status-badge'
import { TriageTools } from './triage-tools'

/** The sheets the idea panel and the promote form need (notes are user Markdown). */
export const ideaPanelLinks: LinksFunction = () => [
  ...fieldLinks(),
  { rel: 'stylesheet', href: proseStyles },
  { rel: 'stylesheet', href: ideaPanelStyles },
]

/** What an idea's page shows above its posts: status, votes, evidence, history, and the triage tools. */
export function IdeaPanel({ panel, idea }: { panel: IdeaPanelData; idea: { id: number; title: string } }) {
  return (
    <section className="idea-panel" aria-label="Idea status and votes">
      {panel.mergedInto ? (
        <p className="notice notice--warning">
          This idea was merged into <Link to={threadUrl(panel.mergedInto)}>{panel.mergedInto.title}</Link>: its votes are counted there.
        </p>
      ) : null}
      <div className="idea-panel__summary">
        <div>
          {panel.mergedInto ? <span className="badge badge--neutral">Merged</span> : <StatusBadge status={panel.status} />}
          <p className="idea-panel__customers">
            <strong>{panel.customersAffected}</strong> {panel.customersAffected === 1 ? 'customer' : 'customers'} affected
          </p>
        </div>
        <IdeaVote panel={panel} />
      </div>
      <LinkedThreads panel={panel} />
      <IdeaTimeline timeline={panel.timeline} />
      {panel.canTriage ? (
        <div className="triage">
          <TriageTools panel={panel} idea={idea} />
          <InternalNotes notes={panel.notes} />
        </div>
      ) : null}
    </section>
  )
}
