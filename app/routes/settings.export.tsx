import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'

import { getArchiveStatus, requestArchive, type ArchiveStatus } from '../domain/account/archive.server'
import { pageTitle } from '../lib/meta'
import { domainErrorResponse, requireActor, throwAsPage } from '../lib/request.server'
import { archivePath } from '../lib/urls'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Your data', 'Settings') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    return { archive: await getArchiveStatus(context.sql, actor) }
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    const { started } = await requestArchive(context.sql, actor)
    return {
      ok: true as const,
      message: started
        ? 'Your archive is being prepared. We will email you a link when it is ready; it will also appear here.'
        : 'Your latest archive is below: a new one can be made an hour after the last.',
    }
  } catch (error) {
    return domainErrorResponse(error, request)
  }
}

/** Dates as the server wrote them, in UTC: the same text on the server and in the browser. */
const when = (date: Date | string) => {
  const iso = new Date(date).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

const megabytes = (bytes: number) => `${Math.max(0.1, bytes / 1024 / 1024).toFixed(1)} MB`

function ArchiveState({ archive }: { archive: ArchiveStatus | null }) {
  if (!archive) return null
  if (!archive.readyAt || !archive.expiresAt) {
    return (
      <p className="notice" role="status">
        Preparing the archive you asked for on {when(archive.requestedAt)}. We will email you when it is ready.
      </p>
    )
  }
  return (
    <p>
      <a href={archivePath(archive.id)} className="button" download>
        Download the archive ({megabytes(archive.size ?? 0)})
      </a>{' '}
      <span className="muted small">
        Made {when(archive.readyAt)}; kept until {when(archive.expiresAt)}.
      </span>
    </p>
  )
}

/** The layout route asks visitors to sign in; the files come from /settings/export.json and the archive's own address. */
export default function ExportSettings() {
  const { archive } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  return (
    <div className="narrow stack">
      <h2>Your data</h2>
      <p>
        A JSON file of everything the forum holds about you: your profile, threads and posts (as you wrote them), votes, &ldquo;me
        too&rdquo;s, notification settings and watches, searches and uploads.
      </p>
      <p>
        <a href="/settings/export.json" className="button button--primary" download>
          Download my data
        </a>
      </p>
      <section aria-labelledby="archive-heading" className="stack">
        <h3 id="archive-heading">Archive with your files</h3>
        <p>
          The same data and every file you uploaded, in one zip. It takes a little while to gather, so it is prepared in the background and
          we email you a link. It can be downloaded for a week.
        </p>
        {result && 'message' in result && result.message ? (
          <p className={result.ok ? 'notice' : 'notice notice--warning'} role={result.ok ? 'status' : 'alert'}>
            {result.message}
          </p>
        ) : null}
        <ArchiveState archive={archive} />
        <Form method="post">
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            Prepare an archive
          </button>
        </Form>
      </section>
    </div>
  )
}
