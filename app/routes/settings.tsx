import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet } from '@remix-run/react'

import { requireActor } from '../lib/request.server'
import formStyles from '../styles/forms.css'
import settingsStyles from '../styles/settings.css'

/*
 * /settings: a member's own pages (how they hear of things, their address,
 * their password and the browsers signed in to their account).
 * Signed out, every one of them asks to sign in first.
 */

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: formStyles },
  { rel: 'stylesheet', href: settingsStyles },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context)
  return null
}

const tabs = [
  { to: '/settings/notifications', label: 'Notifications' },
  { to: '/settings/email', label: 'Email address' },
  { to: '/settings/password', label: 'Password' },
  { to: '/settings/sessions', label: 'Sessions' },
  { to: '/settings/profile', label: 'Profile' },
  { to: '/settings/export', label: 'Your data' },
  { to: '/settings/delete', label: 'Delete account' },
]

export default function Settings() {
  return (
    <div className="settings">
      <h1>Settings</h1>
      <nav aria-label="Settings">
        <ul className="settings-tabs">
          {tabs.map((tab) => (
            <li key={tab.to}>
              <NavLink to={tab.to}>{tab.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  )
}
