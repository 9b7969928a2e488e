import { darker } from './contrast'
import type { Settings } from './settings.schema'

/*
 * The community's identity as pages use it: the header, titles, the home
 * page's welcome, and the accent colour as CSS custom properties.
 */

export interface Identity {
  name: string
  description: string
  /** The logo's address on this site, or null. */
  logo: string | null
  /** `#rrggbb`, checked for contrast when saved; null keeps the theme's. */
  accent: string | null
  /** The welcome banner as sanitized HTML, empty when there is none. */
  bannerHtml: string
}

export function identityOf(settings: Settings, bannerHtml: string): Identity {
  return {
    name: settings.siteName,
    description: settings.siteDescription,
    logo: settings.logo,
    accent: settings.accentColor,
    bannerHtml,
  }
}

const HEX = /^#[0-9a-f]{6}$/

/**
 * The style sheet that puts the accent in force, in both themes (the dark
 * theme sets its own accent in a media query, so that is overridden too).
 * Only a validated colour ever reaches it; anything else gives nothing.
 */
export function accentCss(accent: string | null | undefined): string {
  if (!accent || !HEX.test(accent)) return ''
  const vars = `--accent:${accent};--accent-hover:${darker(accent)};--badge-staff-bg:${accent}`
  return `:root{${vars}}@media (prefers-color-scheme: dark){:root{${vars}}}`
}

/** The address of the accent's style sheet (app/routes/accent[.]css.tsx), or null for the theme's own colour. */
export function accentStylesheet(accent: string | null | undefined): string | null {
  return accent && HEX.test(accent) ? `/accent.css?c=${accent.slice(1)}` : null
}
