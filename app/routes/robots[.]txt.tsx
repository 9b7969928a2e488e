import type { LoaderFunctionArgs } from '@remix-run/node'

import { documentResponse } from '../lib/xml-documents.server'

// Staff pages, members' own pages, forms and search results: nothing a search engine should list.
const PRIVATE_PATHS = [
  '/mod',
  '/admin',
  '/search',
  '/settings',
  '/notifications',
  '/new',
  '/login',
  '/join',
  '/forgot',
  '/reset/',
  '/p/',
  '/unsubscribe/',
  '/verify-email/',
]

export function loader({ context }: LoaderFunctionArgs) {
  const lines = ['User-agent: *', ...PRIVATE_PATHS.map((path) => `Disallow: ${path}`), '', `Sitemap: ${context.publicUrl}/sitemap.xml`, '']
  return documentResponse(lines.join('\n'), 'text')
}
