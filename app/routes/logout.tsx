import { redirect, type ActionFunctionArgs } from '@remix-run/node'

import { endSession } from '../domain/auth/session.server'

export async function action({ request, context }: ActionFunctionArgs) {
  const cookie = await endSession(context.sql, request.headers.get('Cookie'), context.secure)
  return redirect('/', { headers: { 'Set-Cookie': cookie } })
}

export async function loader() {
  // Signing out changes state, so it is a POST; a GET just goes home.
  return redirect('/')
}
