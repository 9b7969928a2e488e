import type { Snippet } from '../../../search/port'

/** Text with the words that matched in <mark>; every run is rendered as text, never as HTML. */
export function Marked({ runs }: { runs: Snippet }) {
  return <>{runs.map((run, i) => (run.mark ? <mark key={i}>{run.text}</mark> : <span key={i}>{run.text}</span>))}</>
}
