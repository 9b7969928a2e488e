import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'

import { describedBy, Field, fieldLinks, FormMessage } from '../components/field'
import { getIdentityPage } from '../domain/settings/identity.server'
import { useIntentResult } from '../lib/intent-result'
import { runIntent } from '../lib/intents.server'
import { identityIntents, logoFileOf } from '../lib/intents/admin.server'
import { pageTitle } from '../lib/meta'
import { requireActor, throwAsPage } from '../lib/request.server'
import adminStyles from '../styles/admin.css'

/*
 * /admin/identity: the community's name, description, welcome banner, logo
 * and accent colour. Its own page beside /admin (the trailing underscore
 * keeps it out of admin.tsx's layout).
 */

export const links: LinksFunction = () => [...fieldLinks(), { rel: 'stylesheet', href: adminStyles }]

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Identity', 'Administration') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    return await getIdentityPage(context.sql, actor)
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  const form = await request.formData()
  const intents = identityIntents({ uploads: context.uploads }, await logoFileOf(form))
  const args = { sql: context.sql, actor, id: actor.id, limits: context.rateLimits }
  const result = await runIntent(intents, form, args, request, 'save')
  // The header, titles and welcome follow at once in this process; others hear the event.
  await context.reloadSettings()
  return result
}

const hints = {
  siteName: 'Shown in the header, page titles, feeds, email and link previews. At most 60 characters.',
  siteDescription: 'One sentence under the name on the home page; search engines show it too. At most 200 characters.',
  welcomeBanner: 'Shown on the home page under the description. Markdown, as in posts: links, lists, emphasis. Leave empty for none.',
  logo: 'A PNG, JPEG, WebP or GIF image, shown beside the name in the header (28 pixels high).',
  accentColor:
    'Buttons and highlights, as # and six hex digits (e.g. #4f46e5). White text must stay readable on it in light and dark themes. Leave empty for the theme’s colour.',
}

export default function Identity() {
  const saved = useLoaderData<typeof loader>()
  const result = useIntentResult('save')
  const { errors } = result
  // A refused form keeps what was typed; otherwise the fields show what is stored.
  const text = (name: 'siteName' | 'siteDescription' | 'welcomeBanner' | 'accentColor') =>
    (result.failed ? result.values[name] : saved[name]) ?? ''
  return (
    <div className="narrow">
      <h1>Identity</h1>
      <p className="muted">
        What the community is called and how it looks. <Link to="/admin">Administration</Link>
      </p>
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <input type="hidden" name="intent" value="save" />
        {result.message && !result.failed ? (
          <p className="notice" role="status">
            {result.message}
          </p>
        ) : null}
        <FormMessage message={result.failed ? (result.message ?? 'Please correct the fields below.') : null} />
        <Field id="siteName" label="Name" error={errors.siteName} hint={hints.siteName}>
          <input
            id="siteName"
            name="siteName"
            maxLength={60}
            key={`name-${text('siteName')}`}
            defaultValue={text('siteName')}
            aria-invalid={errors.siteName ? true : undefined}
            aria-describedby={describedBy('siteName', errors.siteName, hints.siteName)}
          />
        </Field>
        <Field id="siteDescription" label="Description" error={errors.siteDescription} hint={hints.siteDescription}>
          <input
            id="siteDescription"
            name="siteDescription"
            maxLength={200}
            key={`description-${text('siteDescription')}`}
            defaultValue={text('siteDescription')}
            aria-invalid={errors.siteDescription ? true : undefined}
            aria-describedby={describedBy('siteDescription', errors.siteDescription, hints.siteDescription)}
          />
        </Field>
        <Field id="welcomeBanner" label="Welcome banner" error={errors.welcomeBanner} hint={hints.welcomeBanner}>
          <textarea
            id="welcomeBanner"
            name="welcomeBanner"
            rows={6}
            key={`banner-${text('welcomeBanner')}`}
            defaultValue={text('welcomeBanner')}
            aria-invalid={errors.welcomeBanner ? true : undefined}
            aria-describedby={describedBy('welcomeBanner', errors.welcomeBanner, hints.welcomeBanner)}
          />
        </Field>
        <Field id="logo" label="Logo" error={errors.logo} hint={hints.logo}>
          {saved.logo ? <img className="identity-logo" src={saved.logo} alt="The current logo" /> : null}
          <input
            id="logo"
            name="logo"
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif"
            aria-invalid={errors.logo ? true : undefined}
            aria-describedby={describedBy('logo', errors.logo, hints.logo)}
          />
        </Field>
        {saved.logo ? (
          <div className="field">
            <label>
              <input type="checkbox" name="removeLogo" /> Remove the logo
            </label>
          </div>
        ) : null}
        <Field id="accentColor" label="Accent colour" error={errors.accentColor} hint={hints.accentColor}>
          <input
            id="accentColor"
            name="accentColor"
            placeholder="#4f46e5"
            maxLength={7}
            autoComplete="off"
            spellCheck={false}
            key={`accent-${text('accentColor')}`}
            defaultValue={text('accentColor')}
            aria-invalid={errors.accentColor ? true : undefined}
            aria-describedby={describedBy('accentColor', errors.accentColor, hints.accentColor)}
          />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            Save identity
          </button>
        </div>
      </Form>
    </div>
  )
}
