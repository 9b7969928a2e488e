import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'

import { deliveries } from '../../db/types'
import { FormMessage } from '../components/field'
import { getNotificationSettings, saveNotificationSettings } from '../domain/notifications/settings.server'
import { deliveryLabels } from '../domain/notifications/topics'
import { pageTitle } from '../lib/meta'
import { domainErrorResponse, requireActor } from '../lib/request.server'

/*
 * /settings/notifications: how a member hears of each kind of news by
 * email. One form, every topic in it, so it works without JavaScript.
 */

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'Notification settings') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context)
  return getNotificationSettings(context.sql, actor)
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context)
  const form = Object.fromEntries(await request.formData())
  try {
    await saveNotificationSettings(context.sql, actor, form)
    return data({ ok: true as const, message: 'Your notification settings are saved.', errors: {} as Record<string, string> })
  } catch (error) {
    return domainErrorResponse(error, request)
  }
}

export default function NotificationSettings() {
  const { topics, emailConfirmed } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const errors: Record<string, string> = result && !result.ok ? result.errors : {}
  return (
    <section aria-labelledby="notification-settings">
      <h2 id="notification-settings">Email notifications</h2>
      <p className="muted">Choose, for each kind of news, whether an email goes right away, once a day in a digest, or never.</p>
      {emailConfirmed ? null : (
        <p className="notice notice--warning">
          Your email address is not confirmed yet, so no notification mail goes to it.{' '}
          <Link to="/settings/email">Confirm your address</Link> and these settings apply from then on.
        </p>
      )}
      {result?.ok ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <FormMessage message={result && !result.ok ? result.message : null} />
        {topics.map((topic) => (
          <fieldset
            key={topic.topic}
            className={`field${errors[topic.topic] ? ' field--invalid' : ''}`}
            aria-describedby={`${topic.topic}-hint${errors[topic.topic] ? ` ${topic.topic}-error` : ''}`}
          >
            <legend>{topic.label}</legend>
            <p className="field__hint" id={`${topic.topic}-hint`}>
              {topic.hint}
            </p>
            <div className="choices">
              {deliveries.map((delivery) => (
                <label key={delivery} className="choice">
                  <input type="radio" name={topic.topic} value={delivery} defaultChecked={topic.delivery === delivery} />
                  {deliveryLabels[delivery]}
                </label>
              ))}
            </div>
            <p className="field__error" id={`${topic.topic}-error`} aria-live="polite">
              {errors[topic.topic] ?? ''}
            </p>
          </fieldset>
        ))}
        <div>
          <button type="submit" className="button button--primary" disabled={navigation.state === 'submitting'}>
            Save settings
          </button>
        </div>
      </Form>
    </section>
  )
}
