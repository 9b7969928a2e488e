import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'

import { readabilities, threadKinds, type ThreadKind } from '../../db/types'
import { Badge, ReadabilityBadge } from '../components/badge'
import { CategoryColours, CategoryLabel, categoryLabelLinks } from '../components/category-label'
import { describedBy, Field, fieldLinks, FormMessage } from '../components/field'
import { kindFields, MAX_CATEGORY_DESCRIPTION, MAX_CATEGORY_NAME, MAX_CATEGORY_SLUG } from '../domain/categories/admin.terms'
import { DEFAULT_CATEGORY_COLOUR, MIN_LABEL_CONTRAST } from '../domain/categories/colour'
import { readabilityLabels } from '../domain/categories/readability'
import { getCategoriesAdminPage } from '../domain/pages/admin.server'
import { kindLabels } from '../domain/threads/thread.terms'
import { useIntentResult, type FormResult } from '../lib/intent-result'
import { runIntent } from '../lib/intents.server'
import { categoryAdminIntents } from '../lib/intents/categories.server'
import { pageTitle } from '../lib/meta'
import { requireActor, throwAsPage } from '../lib/request.server'
import { categoryUrl } from '../lib/urls'
import adminStyles from '../styles/admin.css'

/*
 * /admin/categories: every category with its forms, one intent each (see
 * app/lib/intents/categories.server.ts). Its own page, not a child of
 * /admin (the trailing underscore keeps admin.tsx out of its layout).
 * Every form works without JavaScript.
 */

export const links: LinksFunction = () => [...fieldLinks(), ...categoryLabelLinks(), { rel: 'stylesheet', href: adminStyles }]

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'Categories', 'Administration') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  try {
    return await getCategoriesAdminPage(context.sql, actor)
  } catch (error) {
    throwAsPage(error)
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  const args = { sql: context.sql, actor, id: 0, limits: context.rateLimits }
  return runIntent(categoryAdminIntents, await request.formData(), args, request)
}

type Category = Awaited<ReturnType<typeof getCategoriesAdminPage>>['categories'][number]
type Result = FormResult<{ intent: string; ok: boolean; categoryId?: number | null }>

/** Whether a form's answer is about this category (each category has its own copy of each form). */
function about(result: Result, categoryId: number | null): boolean {
  if (result.result) return (result.result.categoryId ?? null) === categoryId
  return result.failed && (result.values.categoryId ?? null) === (categoryId === null ? null : String(categoryId))
}

const colourHint = `Labels show the name in white on this colour, in light and dark themes alike: it needs a contrast of ${MIN_LABEL_CONTRAST}:1 with white.`
const slugHint =
  'Its address, /c/… Lower-case letters, digits and dashes; left empty, it is made from the name. An old address keeps leading here.'

/** The fields a category is created and edited with; `prefix` keeps each copy's ids apart. */
function DetailsFields({ prefix, initial, result }: { prefix: string; initial: Partial<Category>; result: Result }) {
  const failed = result.failed ? result : null
  const errors = failed?.errors ?? {}
  const value = (name: string, fallback: string) => failed?.values[name] ?? fallback
  const allowed = (kind: ThreadKind) =>
    failed ? failed.values[kindFields[kind]] === 'on' : (initial.allowedKinds ?? ['question', 'discussion']).includes(kind)
  const id = (name: string) => `${prefix}-${name}`
  const kindsError = errors.allowedKinds
  return (
    <>
      <Field id={id('name')} label="Name" error={errors.name}>
        <input
          id={id('name')}
          name="name"
          defaultValue={value('name', initial.name ?? '')}
          maxLength={MAX_CATEGORY_NAME}
          required
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy(id('name'), errors.name)}
        />
      </Field>
      <Field id={id('slug')} label="Address" error={errors.slug} hint={slugHint}>
        <input
          id={id('slug')}
          name="slug"
          defaultValue={value('slug', initial.slug ?? '')}
          maxLength={MAX_CATEGORY_SLUG}
          aria-invalid={errors.slug ? true : undefined}
          aria-describedby={describedBy(id('slug'), errors.slug, slugHint)}
        />
      </Field>
      <Field id={id('description')} label="Description" error={errors.description}>
        <textarea
          id={id('description')}
          name="description"
          rows={2}
          maxLength={MAX_CATEGORY_DESCRIPTION}
          defaultValue={value('description', initial.description ?? '')}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describedBy(id('description'), errors.description)}
        />
      </Field>
      <Field id={id('color')} label="Colour" error={errors.color} hint={colourHint}>
        <input
          id={id('color')}
          name="color"
          type="color"
          className="colour-input"
          defaultValue={value('color', initial.color ?? DEFAULT_CATEGORY_COLOUR)}
          aria-invalid={errors.color ? true : undefined}
          aria-describedby={describedBy(id('color'), errors.color, colourHint)}
        />
      </Field>
      <fieldset className={`field${kindsError ? ' field--invalid' : ''}`} aria-describedby={describedBy(id('kinds'), kindsError)}>
        <legend>Kinds of thread it takes</legend>
        <div className="choices">
          {threadKinds.map((kind) => (
            <label key={kind} className="choice">
              <input type="checkbox" name={kindFields[kind]} defaultChecked={allowed(kind)} />
              {kindLabels[kind]}s
            </label>
          ))}
        </div>
        <p className="field__error" id={`${id('kinds')}-error`} aria-live="polite">
          {kindsError ?? ''}
        </p>
      </fieldset>
      <Field id={id('defaultKind')} label="A new thread starts as" error={errors.defaultKind}>
        <select
          id={id('defaultKind')}
          name="defaultKind"
          defaultValue={value('defaultKind', initial.defaultKind ?? 'question')}
          aria-invalid={errors.defaultKind ? true : undefined}
          aria-describedby={describedBy(id('defaultKind'), errors.defaultKind)}
        >
          {threadKinds.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabels[kind]}
            </option>
          ))}
        </select>
      </Field>
    </>
  )
}

/** A refusal about this form that is not one field's: shown above its buttons. */
function Refusal({ result }: { result: Result }) {
  return result.failed ? <FormMessage message={result.message ?? 'Please correct the fields marked above.'} /> : null
}

function CategoryItem(props: { category: Category; index: number; count: number; others: Category[]; results: Record<string, Result> }) {
  const { category, index, count, others, results } = props
  const own = (intent: string) =>
    about(results[intent], category.id) ? results[intent] : ({ failed: false, errors: {}, values: {} } as Result)
  const edit = own('edit')
  const hidden = <input type="hidden" name="categoryId" value={category.id} />
  const headingId = `category-${category.id}-heading`
  return (
    <li className="category-admin">
      <div className="category-admin__head">
        <h3 id={headingId}>
          <CategoryLabel category={category} link={false} />
          <span className="visually-hidden"> (position {index + 1})</span>
        </h3>
        <ReadabilityBadge readableBy={category.readableBy} />
        {category.archivedAt ? <Badge tone="warning">Archived</Badge> : null}
        <span className="muted small">
          <Link to={categoryUrl(category.slug)}>/c/{category.slug}</Link> · {category.threadCount}{' '}
          {category.threadCount === 1 ? 'thread' : 'threads'} ·{' '}
          {category.allowedKinds.map((k) => `${kindLabels[k].toLowerCase()}s`).join(', ')}
          {category.formerSlugs.length ? ` · formerly ${category.formerSlugs.map((s) => `/c/${s}`).join(', ')}` : ''}
        </span>
      </div>
      <p className="muted small">{category.description || 'No description.'}</p>
      <div className="category-admin__actions">
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="move" />
          {hidden}
          <button type="submit" name="direction" value="up" className="button button--small button--ghost" disabled={index === 0}>
            Move up<span className="visually-hidden"> {category.name}</span>
          </button>{' '}
          <button type="submit" name="direction" value="down" className="button button--small button--ghost" disabled={index === count - 1}>
            Move down<span className="visually-hidden"> {category.name}</span>
          </button>
        </Form>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="archive" />
          {hidden}
          <input type="hidden" name="archived" value={category.archivedAt ? 'off' : 'on'} />
          <button type="submit" className="button button--small button--ghost">
            {category.archivedAt ? 'Unarchive' : 'Archive'}
            <span className="visually-hidden"> {category.name}</span>
          </button>
        </Form>
      </div>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="readability" />
        {hidden}
        <label htmlFor={`readable-${category.id}`}>Who reads it</label>{' '}
        <select id={`readable-${category.id}`} name="readableBy" defaultValue={category.readableBy}>
          {readabilities.map((level) => (
            <option key={level} value={level}>
              {readabilityLabels[level]}
            </option>
          ))}
        </select>{' '}
        <button type="submit" className="button button--small button--ghost">
          Save readers<span className="visually-hidden"> of {category.name}</span>
        </button>
        <Refusal result={own('readability')} />
      </Form>
      <details className="category-admin__edit" open={edit.failed || undefined}>
        <summary>
          Edit name, address, description, colour and kinds<span className="visually-hidden"> of {category.name}</span>
        </summary>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="edit" />
          {hidden}
          <DetailsFields prefix={`edit-${category.id}`} initial={category} result={edit} />
          <Refusal result={edit} />
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              Save changes
            </button>
          </div>
        </Form>
      </details>
      <details className="category-admin__edit" open={own('merge').failed || own('delete').failed || undefined}>
        <summary>
          Merge or delete<span className="visually-hidden"> {category.name}</span>
        </summary>
        <div className="stack">
          {others.length ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="merge" />
              {hidden}
              <Field
                id={`merge-${category.id}`}
                label={`Merge into (its threads move there, and /c/${category.slug} leads there)`}
                error={own('merge').errors.into}
              >
                <select
                  id={`merge-${category.id}`}
                  name="into"
                  defaultValue=""
                  aria-invalid={own('merge').errors.into ? true : undefined}
                  aria-describedby={describedBy(`merge-${category.id}`, own('merge').errors.into)}
                >
                  <option value="">Choose a category…</option>
                  {others.map((other) => (
                    <option key={other.id} value={other.id}>
                      {other.name}
                    </option>
                  ))}
                </select>
              </Field>
              <button type="submit" className="button button--small button--danger">
                Merge<span className="visually-hidden"> {category.name}</span>
              </button>
            </Form>
          ) : null}
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="delete" />
            {hidden}
            <p className="muted small">Only a category that never held a thread can be deleted; archive or merge one that did.</p>
            <button type="submit" className="button button--small button--danger">
              Delete<span className="visually-hidden"> {category.name}</span>
            </button>
            {own('delete').failed ? <FormMessage message={own('delete').message} /> : null}
          </Form>
        </div>
      </details>
    </li>
  )
}

export default function CategoriesAdmin() {
  const { categories } = useLoaderData<typeof loader>()
  const results: Record<string, Result> = {
    create: useIntentResult('create'),
    edit: useIntentResult('edit'),
    move: useIntentResult('move'),
    readability: useIntentResult('readability'),
    archive: useIntentResult('archive'),
    merge: useIntentResult('merge'),
    delete: useIntentResult('delete'),
  }
  const done = Object.values(results).find((r) => r.result)?.message ?? null
  // A refusal about a category that is gone (merged or deleted meanwhile) has no form to show at.
  const orphan = Object.values(results).find(
    (r) => r.failed && r.values.categoryId && !categories.some((c) => String(c.id) === r.values.categoryId),
  )
  const create = results.create.failed ? results.create : ({ failed: false, errors: {}, values: {} } as Result)
  return (
    <div className="narrow">
      <p className="muted small">
        <Link to="/admin">Administration</Link>
      </p>
      <h1>Categories</h1>
      <p className="muted">
        In the order visitors see them. An archived category stays readable and takes no new threads or replies. A members’ category is read
        by anyone signed in; a staff category by staff, admins and product teams: its threads, lists, search results and live news follow.
      </p>
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      {orphan ? <FormMessage message={orphan.message ?? 'That category does not exist any more.'} /> : null}
      <CategoryColours categories={categories} />
      <section aria-labelledby="list-heading">
        <h2 id="list-heading" className="visually-hidden">
          All categories
        </h2>
        {categories.length === 0 ? <p className="empty">No categories yet: create the first below.</p> : null}
        <ol className="category-admin-list">
          {categories.map((category, index) => (
            <CategoryItem
              key={category.id}
              category={category}
              index={index}
              count={categories.length}
              others={categories.filter((c) => c.id !== category.id)}
              results={results}
            />
          ))}
        </ol>
      </section>
      <section aria-labelledby="create-heading">
        <h2 id="create-heading">New category</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="create" />
          <DetailsFields prefix="new" initial={{}} result={create} />
          <Refusal result={create} />
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              Create category
            </button>
          </div>
        </Form>
      </section>
    </div>
  )
}
