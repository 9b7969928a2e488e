import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'

import { readabilities } from '../../db/types'
import { describedBy, Field, fieldLinks, FormMessage } from '../components/field'
import { RelativeTime } from '../components/time'
import { isReadability, readabilityLabels } from '../domain/categories/readability'
import { setCategoryReadability } from '../domain/categories/readability.server'
import { getAdminPage } from '../domain/pages/admin.server'
import { searchLanguages, settingsForm } from '../domain/settings/settings.schema'
import { updateSettings } from '../domain/settings/settings.server'
import { fileTypeNames } from '../domain/uploads/kinds'
import { parseForm } from '../lib/forms'
import { domainErrorResponse, requireActor } from '../lib/request.server'
import { categoryUrl } from '../lib/urls'
import adminStyles from '../styles/admin.css'

export const links: LinksFunction = () => [...fieldLinks(), { rel: 'stylesheet', href: adminStyles }]

export const meta: MetaFunction = () => [{ title: 'Administration · Community' }, { name: 'robots', content: 'noindex' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    return await getAdminPage(context.sql, actor)
  } catch (error) {
    throw domainErrorResponse(error, request)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  const form = await request.formData()
  if (form.get('intent') === 'readability') {
    const categoryId = Number(form.get('categoryId'))
    const readableBy = form.get('readableBy')
    if (!Number.isSafeInteger(categoryId) || categoryId <= 0 || !isReadability(readableBy)) {
      return data(
        { errors: {} as Record<string, string>, message: null, categoriesMessage: 'Pick who may read the category from the list.' },
        { status: 400 },
      )
    }
    try {
      const changed = await setCategoryReadability(context.sql, actor, categoryId, readableBy)
      return {
        errors: {} as Record<string, string>,
        message: null,
        categoriesMessage: changed ? 'Saved: the category and its threads are read as chosen.' : 'Nothing changed.',
      }
    } catch (error) {
      throw domainErrorResponse(error, request)
    }
  }
  const parsed = parseForm(settingsForm, form)
  if (!parsed.ok) return data({ errors: parsed.errors, message: null as string | null }, { status: 400 })
  try {
    await updateSettings(context.sql, actor, parsed.value)
    return { errors: {} as Record<string, string>, message: 'Settings saved.' }
  } catch (error) {
    throw domainErrorResponse(error, request)
  }
}

/** A whole-number community rule: its field, hint and error. */
function NumberSetting(props: { name: string; label: string; hint: string; value: number | string; error?: string }) {
  const { name, label, hint, value, error } = props
  return (
    <Field id={name} label={label} error={error} hint={hint}>
      <input
        id={name}
        name={name}
        inputMode="numeric"
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
      />
    </Field>
  )
}

const fileTypesHint = `Served as downloads, never opened in the browser. The forum can check: ${fileTypeNames.join(', ')}. Leave empty for images only.`

export default function Admin() {
  const { settings, audit, categories } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errors = (result?.errors ?? {}) as Record<string, string>
  // Documents are stemmed when indexed: a new language needs the index rebuilt.
  const languageHint =
    'Search matches word forms (reset, resetting) in this language. After changing it, rebuild the index: npm run forum -- search:reindex.'
  const retentionHint =
    'Events every background task has handled are deleted after this long. Open pages catch up from them, and a task added later can start from the oldest kept.'
  const hint = 'Active votes each person may hold on open ideas. Leave empty for no limit.'
  const heldHint =
    'A new member’s first posts wait in the moderation queue until staff approve this many; then they are trusted. 0 turns holds off.'
  const linksHint = 'Until they are trusted, members may include at most this many links in a post.'
  const hostsHint =
    'One host per line, e.g. images.example.com. Images from any other host show as links, so readers’ browsers never contact it. Existing posts are updated too.'
  return (
    <div className="narrow">
      <h1>Administration</h1>
      <nav aria-label="Administration pages">
        <p>
          <Link to="/admin/joining">Who may join</Link>: sign-up, invitations, approvals and the community guidelines.
        </p>
      </nav>
      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">Community rules</h2>
        <Form method="post" className="stack">
          {result?.message ? (
            <p className="notice" role="status">
              {result.message}
            </p>
          ) : null}
          <FormMessage message={Object.keys(errors).length ? 'Please correct the field below.' : null} />
          <NumberSetting
            name="voteBudget"
            label="Idea vote budget"
            hint={hint}
            value={settings.voteBudget ?? ''}
            error={errors.voteBudget}
          />
          <NumberSetting
            name="newMemberHeldPosts"
            label="New members’ posts held for review"
            hint={heldHint}
            value={settings.newMemberHeldPosts}
            error={errors.newMemberHeldPosts}
          />
          <NumberSetting
            name="newMemberMaxLinks"
            label="Links a new member’s post may hold"
            hint={linksHint}
            value={settings.newMemberMaxLinks}
            error={errors.newMemberMaxLinks}
          />
          <Field id="imageHosts" label="Hosts posts may show images from" error={errors.imageHosts} hint={hostsHint}>
            <textarea
              id="imageHosts"
              name="imageHosts"
              rows={3}
              defaultValue={settings.imageHosts.join('\n')}
              aria-invalid={errors.imageHosts ? true : undefined}
              aria-describedby={describedBy('imageHosts', errors.imageHosts, hostsHint)}
            />
          </Field>
          <NumberSetting
            name="uploadMaxMegabytes"
            label="Largest upload (MB)"
            hint="Images and files members attach to posts can be at most this large."
            value={settings.uploadMaxMegabytes}
            error={errors.uploadMaxMegabytes}
          />
          <NumberSetting
            name="uploadMaxDimension"
            label="Largest image side (pixels)"
            hint="Larger images are scaled down to fit when uploaded."
            value={settings.uploadMaxDimension}
            error={errors.uploadMaxDimension}
          />
          <Field id="uploadFileTypes" label="Files members may attach besides images" error={errors.uploadFileTypes} hint={fileTypesHint}>
            <input
              id="uploadFileTypes"
              name="uploadFileTypes"
              defaultValue={settings.uploadFileTypes.join(', ')}
              aria-invalid={errors.uploadFileTypes ? true : undefined}
              aria-describedby={describedBy('uploadFileTypes', errors.uploadFileTypes, fileTypesHint)}
            />
          </Field>
          <NumberSetting
            name="uploadsPerDay"
            label="Uploads a member may make a day"
            hint="Staff have no limit."
            value={settings.uploadsPerDay}
            error={errors.uploadsPerDay}
          />
          <NumberSetting
            name="newMemberUploadsPerDay"
            label="Uploads a new member may make a day"
            hint="Until their first posts are approved; 0 keeps new members from uploading."
            value={settings.newMemberUploadsPerDay}
            error={errors.newMemberUploadsPerDay}
          />
          <NumberSetting
            name="outboxRetentionHours"
            label="Keep delivered events for (hours)"
            hint={retentionHint}
            value={settings.outboxRetentionHours}
            error={errors.outboxRetentionHours}
          />
          <Field id="searchLanguage" label="Language search understands" error={errors.searchLanguage} hint={languageHint}>
            <select
              id="searchLanguage"
              name="searchLanguage"
              defaultValue={settings.searchLanguage}
              aria-invalid={errors.searchLanguage ? true : undefined}
              aria-describedby={describedBy('searchLanguage', errors.searchLanguage, languageHint)}
            >
              {searchLanguages.map((language) => (
                <option key={language} value={language}>
                  {language === 'simple' ? 'Any (no stemming)' : language[0].toUpperCase() + language.slice(1)}
                </option>
              ))}
            </select>
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              Save rules
            </button>
          </div>
        </Form>
      </section>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading">Who reads each category</h2>
        <p className="muted small">
          A members’ category is read by anyone signed in; a staff category by staff, admins and product teams. Its threads, lists, search
          results and live news follow.
        </p>
        {result && 'categoriesMessage' in result && result.categoriesMessage ? (
          <p className="notice" role="status">
            {result.categoriesMessage}
          </p>
        ) : null}
        <ul className="category-readability">
          {categories.map((category) => (
            <li key={category.id}>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="readability" />
                <input type="hidden" name="categoryId" value={category.id} />
                <label htmlFor={`readable-${category.id}`}>
                  <Link to={categoryUrl(category.slug)}>{category.name}</Link>{' '}
                  <span className="muted small">({category.threadCount} threads)</span>
                </label>{' '}
                <select id={`readable-${category.id}`} name="readableBy" defaultValue={category.readableBy}>
                  {readabilities.map((level) => (
                    <option key={level} value={level}>
                      {readabilityLabels[level]}
                    </option>
                  ))}
                </select>{' '}
                <button type="submit" className="button">
                  Save
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit log</h2>
        <p className="muted small">
          The latest changes. <Link to="/admin/audit">The full audit log</Link> lists every staff action, with filters.
        </p>
        {audit.length === 0 ? <p className="empty">Nothing has changed yet.</p> : null}
        <ul className="audit-log">
          {audit.map((entry) => (
            <li key={entry.id}>
              <strong>{entry.actorUsername ?? 'system'}</strong> {entry.action.replace(':', ' ')}{' '}
              <code>{JSON.stringify(entry.detail)}</code>{' '}
              <span className="muted small">
                <RelativeTime date={entry.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
