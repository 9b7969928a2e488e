import type { LinksFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'

import { categoryColoursHref } from '../domain/categories/colour'
import { categoryUrl } from '../lib/urls'
import categoryStyles from '../styles/categories.css'

/** The sheet category labels need: spread it into the `links` of every route that renders one. */
export const categoryLabelLinks: LinksFunction = () => [{ rel: 'stylesheet', href: categoryStyles }]

/** Gives these categories their colours on the page (classes `category-<id>`); without it labels take the accent colour. */
export function CategoryColours({ categories }: { categories: { id: number; color: string }[] }) {
  if (categories.length === 0) return null
  return <link rel="stylesheet" href={categoryColoursHref(categories)} />
}

/** A category's name as a label in its colour, linking to its page unless `link` is false. */
export function CategoryLabel({ category, link = true }: { category: { id: number; slug: string; name: string }; link?: boolean }) {
  const className = `category-label category-${category.id}`
  return link ? (
    <Link to={categoryUrl(category.slug)} className={className}>
      {category.name}
    </Link>
  ) : (
    <span className={className}>{category.name}</span>
  )
}
