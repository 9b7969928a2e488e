import type { DiffPart } from '../domain/threads/revisions'

/**
 * Changes between two texts, word by word, as elements: removed words in
 * <del>, added words in <ins>. Screen readers do not announce either, so each
 * change is also named in words they read and eyes do not see.
 */
export function WordDiff({ parts }: { parts: DiffPart[] }) {
  return (
    <div className="word-diff">
      {parts.map((part, i) =>
        part.kind === 'same' ? (
          <span key={i}>{part.text}</span>
        ) : part.kind === 'removed' ? (
          <span key={i} className="word-diff__removed">
            <span className="visually-hidden">[removed: </span>
            <del>{part.text}</del>
            <span className="visually-hidden">]</span>
          </span>
        ) : (
          <span key={i} className="word-diff__added">
            <span className="visually-hidden">[added: </span>
            <ins>{part.text}</ins>
            <span className="visually-hidden">]</span>
          </span>
        ),
      )}
    </div>
  )
}
