import { data, LinksFunction, LoaderFunctionArgs, MetaFunction, type ActionFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData, useNavigation } from '@remix-run/react'

import { Avatar } from '../components/avatar'
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
    return { ...(await getProfileSettings(context.sql, actor)), username: actor.username }
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  const form = await request.formData().catch(() => {
    throw data({ message: 'The form could not be read. Try again.' }, { status: 400 })
  })
  return runIntent(
    profileIntents(context.uploads, form),
    form,
    { sql: context.sql, actor, id: actor.id, limits: context.rateLimits },
    request,
    'save',
  )
}

const pictureHint = 'A PNG, JPEG, WebP or GIF image. It is cut to a square from its middle, and its metadata (camera, place) is removed.'

export default function ProfileSettings() {
  const saved = useLoaderData<typeof loader>()
  const result = useIntentResult('save')
  const picture = useIntentResult('avatar')
  const removed = useIntentResult('removeAvatar')
  const pictureMessage = picture.message ?? removed.message
  const navigation = useNavigation()
  const { errors } = result
  // A refused form keeps what was typed; otherwise the fields show what is stored.
  const values = result.failed ? result.values : saved
  return (
    <div className="narrow stack">
      <h2>Profile</h2>
      <section aria-labelledby="picture-heading" className="stack">
        <h3 id="picture-heading">Picture</h3>
        <div className="avatar-setting">
          <Avatar username={saved.username} image={saved.avatar} size="lg" />
          <p className="muted small">Shown beside your name on everything you post. Without one, your initials show.</p>
        </div>
        <Form method="post" encType="multipart/form-data" className="stack" noValidate>
          {pictureMessage && !picture.failed && !removed.failed ? (
            <p className="notice" role="status">
              {pictureMessage}
            </p>
          ) : null}
          <input type="hidden" name="intent" value="avatar" />
          <Field id="avatar" label="New picture" error={picture.errors.avatar} hint={pictureHint}>
            <input
              id="avatar"
              name="avatar"
              type="file"
              accept="image/png,image/jpeg,image/webp,image/gif"
              aria-invalid={picture.errors.avatar ? true : undefined}
              aria-describedby={describedBy('avatar', picture.errors.avatar, 'hint')}
            />
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
              Upload picture
            </button>
          </div>
        </Form>
        {saved.avatar ? (
          <Form method="post">
            <input type="hidden" name="intent" value="removeAvatar" />
            <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
              Remove picture
            </button>
          </Form>
        ) : null}
      </section>
      <h3>About you</h3>
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
