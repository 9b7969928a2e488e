import type { ActionFunctionArgs, LinksFunction, MetaFunction } from '@remix-run/node'
import { Form, useNavigation } from '@remix-run/react'

import { fieldLinks, FormMessage, PasswordField } from '../components/field'
import { useIntentResult } from '../lib/intent-result'
import { runIntent } from '../lib/intents.server'
import { deleteAccountIntents } from '../lib/intents/account.server'
import { pageTitle } from '../lib/meta'
import { requireActor } from '../lib/request.server'

export const links: LinksFunction = () => fieldLinks()

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Delete account', 'Settings') },
  { name: 'robots', content: 'noindex' },
]

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  return runIntent(
    deleteAccountIntents(request, context),
    await request.formData(),
    { sql: context.sql, actor, id: actor.id, limits: context.rateLimits },
    request,
    'delete',
  )
}

export default function DeleteAccount() {
  const result = useIntentResult('delete')
  const navigation = useNavigation()
  const { errors } = result
  return (
    <div className="narrow stack">
      <h2>Delete account</h2>
      <p>
        Deleting your account happens at once and cannot be undone. Your address, profile, password, notification settings and searches are
        erased, and you are signed out everywhere. Your posts stay where they are, shown as by &ldquo;deleted user&rdquo;, unless you also
        remove them below.
      </p>
      <Form method="post" className="stack" noValidate>
        <FormMessage message={result.failed ? result.message : null} />
        <input type="hidden" name="intent" value="delete" />
        <PasswordField label="Your password" error={errors.password} autoComplete="current-password" />
        <div className="field">
          <label>
            <input type="checkbox" name="removePosts" /> Also remove my posts (their text is replaced by a notice, and files only they show
            are deleted)
          </label>
        </div>
        <div>
          <button type="submit" className="button button--danger" disabled={navigation.state === 'submitting'}>
            Delete my account
          </button>
        </div>
      </Form>
    </div>
  )
}
