import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData, useNavigation } from '@remix-run/react'

import { describedBy, Field, fieldLinks, FormMessage } from '../components/field'
import { getProfileSettings } from '../domain/account/account.server'
import { useIntentResult } from '../lib/intent-result'
import { runIntent } from '../lib/intents.server'
import { profileIntents } from '../lib/intents/account.server'
import { pageTitle } from '../lib/meta'
import { requireActor, throwAsPage } from '../lib/request.server'

export const links: LinksFunction = () => fieldLinks()

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Profile', 'Settings') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    return await getProfileSettings(context.sql, actor)
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  return runIntent(
    profileIntents,
    await request.formData(),
    { sql: context.sql, actor, id: actor.id, limits: context.rateLimits },
    request,
    'save',
  )
}

export default function ProfileSettings() {
  const saved = useLoaderData<typeof loader>()
  const result = useIntentResult('save')
  const navigation = useNavigation()
  const { errors } = result
  // A refused form keeps what was typed; otherwise the fields show what is stored.
  const values = result.failed ? result.values : saved
  return (
    <div className="narrow stack">
      <h2>Profile</h2>
      <p className="muted">Shown on your profile page. Both are optional and plain text.</p>
      <Form method="post" className="stack" noValidate>
        {result.message && !result.failed ? (
          <p className="notice" role="status">
            {result.message}
          </p>
        ) : null}
        <FormMessage message={result.failed ? (result.message ?? 'Please correct the fields below.') : null} />
        <input type="hidden" name="intent" value="save" />
        <Field id="displayName" label="Display name" error={errors.displayName} hint="At most 50 characters.">
          <input
            id="displayName"
            name="displayName"
            type="text"
            maxLength={50}
            key={`name-${values.displayName ?? ''}`}
            defaultValue={values.displayName ?? ''}
            aria-invalid={errors.displayName ? true : undefined}
            aria-describedby={describedBy('displayName', errors.displayName, 'hint')}
          />
        </Field>
        <Field id="bio" label="Bio" error={errors.bio} hint="At most 500 characters.">
          <textarea
            id="bio"
            name="bio"
            rows={5}
            maxLength={500}
            key={`bio-${values.bio ?? ''}`}
            defaultValue={values.bio ?? ''}
            aria-invalid={errors.bio ? true : undefined}
            aria-describedby={describedBy('bio', errors.bio, 'hint')}
          />
        </Field>
        <div>
          <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
            Save profile
          </button>
        </div>
      </Form>
    </div>
  )
}
