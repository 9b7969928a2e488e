import { Form, Link, useLocation, useNavigation } from '@remix-run/react'

import { useIntentResult } from '../../lib/intent-result'
import { sendTyping } from '../../lib/live'
import { FormMessage } from '../field'
import { MarkdownEditor } from '../markdown-editor'
import type { ThreadData, ThreadIntentResult } from './types'

/** The reply form, or the policy's reason why there is none. */
export function ReplyBox({ data }: { data: ThreadData }) {
  const navigation = useNavigation()
  const location = useLocation()
  const own = useIntentResult<ThreadIntentResult>('reply', 'preview')
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'reply'
  const preview = own.result && 'preview' in own.result ? own.result.preview : null
  return (
    <section className="reply-box" aria-labelledby="reply-heading">
      <h2 id="reply-heading">Your reply</h2>
      {data.replyBox.state === 'open' ? (
        // Posting a reply goes to the reply's address (a held one's carries its id), a new
        // key that clears the form; others' replies arriving live leave a draft alone.
        <Form
          method="post"
          encType="multipart/form-data"
          key={location.pathname + location.search}
          className="stack"
          preventScrollReset={preview !== null}
          onInput={() => sendTyping(data.thread.id)}
        >
          <FormMessage message={own.failed ? own.message : null} />
          <MarkdownEditor label="Reply" defaultValue={own.values.body} error={own.errors.body} previewHtml={preview} rows={6} />
          <div className="form-actions">
            <button type="submit" name="intent" value="reply" className="button button--primary" disabled={busy}>
              {busy ? 'Posting…' : 'Post reply'}
            </button>
            <button type="submit" name="intent" value="preview" className="button button--ghost" formNoValidate>
              Preview
            </button>
          </div>
        </Form>
      ) : data.replyBox.state === 'refused' ? (
        <p className="notice">
          {data.replyBox.reason}
          {data.replyBox.help ? (
            <>
              {' '}
              <Link to={data.replyBox.help.href}>{data.replyBox.help.label}</Link>
            </>
          ) : null}
        </p>
      ) : (
        <p className="notice">
          <Link to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>Sign in</Link> or{' '}
          <Link to="/join">join the community</Link> to reply.
        </p>
      )}
    </section>
  )
}
