import { z } from 'zod'

import { joiningModes } from '../joining/joining.terms'
import { fileTypeNames, UPLOAD_PATH } from '../uploads/kinds'
import { accentContrastProblem } from './contrast'
import { searchLanguages } from './settings.terms'

/** Whether the runtime knows this IANA time zone (Intl throws a RangeError for one it does not). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return /^[A-Za-z][A-Za-z0-9_+/-]*$/.test(name)
  } catch {
    return false
  }
}

/**
 * Community rules an admin can change at /admin, and the community's
 * identity (/admin/identity). Each has a default that holds until someone
 * sets it, and again once it is reset.
 */

export const settingsSchema = z.object({
  /** Active idea votes per person; null means no limit. */
  voteBudget: z.number().int().min(1).max(1000).nullable().default(null),
  /** Hosts posts may show images from (https only). Empty: images elsewhere become links, so no reader's address leaks. */
  imageHosts: z.array(z.string()).default([]),
  /** Hours delivered outbox events are kept: long enough for pages catching up and for a consumer added later. */
  outboxRetentionHours: z.number().int().min(1).max(2160).default(72),
  /** Days searches are kept for "what people could not find"; they hold what members typed, so not for ever. */
  searchLogRetentionDays: z.number().int().min(1).max(730).default(180),
  /** How search stems words (PostgreSQL engine); `simple` does not stem, for mixed languages. */
  searchLanguage: z.enum(searchLanguages).default('english'),
  /** The IANA time zone whose days insights count by. */
  timeZone: z.string().refine(isTimeZone).default('UTC'),
  /** Flags from distinct trusted members that hide a post until staff review it (one staff flag is enough). */
  flagThreshold: z.number().int().min(1).max(50).default(3),
  /** A new member's first posts wait for staff approval until this many are approved; 0 turns holds off. */
  newMemberHeldPosts: z.number().int().min(0).max(50).default(2),
  /** Links a post by a member not yet trusted may hold. */
  newMemberMaxLinks: z.number().int().min(0).max(100).default(2),
  /** The largest file a member may upload, in megabytes. */
  uploadMaxMegabytes: z.number().int().min(1).max(100).default(8),
  /** Images larger than this many pixels on either side are scaled down to fit. */
  uploadMaxDimension: z.number().int().min(320).max(16384).default(4096),
  /** Files besides images members may attach; each is served as a download. */
  uploadFileTypes: z.array(z.enum(fileTypeNames)).default(['pdf', 'txt', 'log', 'zip']),
  /** Uploads a member may make a day; staff roles have no limit. */
  uploadsPerDay: z.number().int().min(0).max(10_000).default(100),
  /** Uploads a day for a member not yet trusted (see newMemberHeldPosts): 0 keeps newcomers from uploading. */
  newMemberUploadsPerDay: z.number().int().min(0).max(10_000).default(10),
  /** The community's name: the header, page titles, feeds, mail and link previews. */
  siteName: z.string().min(1).max(60).default('Community'),
  /** One sentence under the name on the home page, and the home page's description for search engines. */
  siteDescription: z.string().max(200).default('Ask a question, help someone out, or share an idea for the product.'),
  /** Markdown shown on the home page, rendered and sanitized like a post. */
  welcomeBanner: z.string().max(5_000).default(''),
  /** The logo: an uploaded image's address (/uploads/<sha256>.<ext>), or none. */
  logo: z.string().regex(UPLOAD_PATH).nullable().default(null),
  /** A `#rrggbb` fill for buttons and highlights, checked for readable text on it; none keeps the theme's. */
  accentColor: z
    .string()
    .regex(/^#[0-9a-f]{6}$/)
    .nullable()
    .default(null),
  /** Who may join (see app/domain/joining): open sign-up until an admin says otherwise. */
  joiningMode: z.enum(joiningModes).default('open'),
  /** The domains whose addresses may join in the `domains` mode, lowercased. */
  joiningDomains: z.array(z.string()).default([]),
  /** The community guidelines, in Markdown, shown at /guidelines. */
  guidelines: z.string().default(''),
  /** Whether joining asks to accept the guidelines. */
  guidelinesRequired: z.boolean().default(false),
})

export type Settings = z.infer<typeof settingsSchema>

/** Every setting's value when no one has set it. */
export const settingDefaults: Settings = settingsSchema.parse({})

/** A whole number from a form field between min and max; absent from the form, left as it is. */
const wholeNumberField = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined
      const n = Number(v)
      if (v === '' || !Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message })
        return z.NEVER
      }
      return n
    })

const hostName = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

export const settingsForm = z.object({
  imageHosts: z
    .string()
    .max(5_000, 'List at most a few dozen hosts.')
    .default('')
    .transform((v, ctx) => {
      const hosts = [
        ...new Set(
          v
            .split(/[\s,]+/)
            .map((h) => h.trim().toLowerCase())
            .filter(Boolean),
        ),
      ]
      const bad = hosts.find((h) => !hostName.test(h))
      if (bad) {
        ctx.addIssue({ code: 'custom', message: `“${bad}” is not a host name. Write names like images.example.com, one per line.` })
        return z.NEVER
      }
      return hosts.sort()
    }),
  voteBudget: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === '' || v === '0') return null
      const n = Number(v)
      if (!Number.isInteger(n) || n < 1 || n > 1000) {
        ctx.addIssue({ code: 'custom', message: 'Enter a whole number from 1 to 1000, or leave it empty for no limit.' })
        return z.NEVER
      }
      return n
    }),
  searchLanguage: z.enum(searchLanguages, { message: 'Pick one of the listed languages.' }).optional(),
  timeZone: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined
      if (v === '') return 'UTC'
      if (!isTimeZone(v)) {
        ctx.addIssue({
          code: 'custom',
          message: `“${v}” is not a time zone the forum knows. Write a name such as Europe/Berlin or America/New_York.`,
        })
        return z.NEVER
      }
      return v
    }),
  newMemberHeldPosts: wholeNumberField(0, 50, 'Enter a whole number from 0 (no holds) to 50.'),
  newMemberMaxLinks: wholeNumberField(0, 100, 'Enter a whole number of links from 0 to 100.'),
  flagThreshold: wholeNumberField(1, 50, 'Enter a whole number of flags from 1 to 50.'),
  searchLogRetentionDays: wholeNumberField(1, 730, 'Enter a whole number of days from 1 to 730 (two years).'),
  outboxRetentionHours: wholeNumberField(1, 2160, 'Enter a whole number of hours from 1 to 2,160 (90 days).'),
  uploadMaxMegabytes: wholeNumberField(1, 100, 'Enter a whole number of megabytes from 1 to 100.'),
  uploadMaxDimension: wholeNumberField(320, 16384, 'Enter a whole number of pixels from 320 to 16,384.'),
  uploadsPerDay: wholeNumberField(0, 10_000, 'Enter a whole number of uploads from 0 to 10,000.'),
  newMemberUploadsPerDay: wholeNumberField(0, 10_000, 'Enter a whole number of uploads from 0 to 10,000.'),
  uploadFileTypes: z
    .string()
    .max(500, 'List a few file types.')
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined
      const picked = v
        .split(/[\s,]+/)
        .map((t) => t.trim().toLowerCase().replace(/^\./, ''))
        .filter(Boolean)
      const bad = picked.find((t) => !(fileTypeNames as string[]).includes(t))
      if (bad) {
        ctx.addIssue({ code: 'custom', message: `The forum cannot check “${bad}” files. It takes ${fileTypeNames.join(', ')}.` })
        return z.NEVER
      }
      return fileTypeNames.filter((t) => picked.includes(t))
    }),
})

/** The settings /admin groups as community rules (the rest are the identity's). */
export const ruleKeys = [
  'voteBudget',
  'newMemberHeldPosts',
  'newMemberMaxLinks',
  'flagThreshold',
  'imageHosts',
  'uploadMaxMegabytes',
  'uploadMaxDimension',
  'uploadFileTypes',
  'uploadsPerDay',
  'newMemberUploadsPerDay',
  'searchLanguage',
  'searchLogRetentionDays',
  'timeZone',
  'outboxRetentionHours',
] as const satisfies readonly (keyof Settings)[]
export type RuleKey = (typeof ruleKeys)[number]

export const identityKeys = [
  'siteName',
  'siteDescription',
  'welcomeBanner',
  'logo',
  'accentColor',
] as const satisfies readonly (keyof Settings)[]
export type IdentityKey = (typeof identityKeys)[number]

/** "Reset to default" on /admin names the rule it puts back. */
export const resetForm = z.object({
  key: z.enum(ruleKeys, { message: 'That is not one of the community rules.' }),
})

/** Control characters would break titles, feeds and mail headers. */
const oneLine = (max: number, tooLong: string) =>
  z
    .string()
    .transform((v) => v.replace(/\s+/g, ' ').trim())
    .pipe(z.string().max(max, tooLong))

/** The identity form; the logo file comes with it (multipart) and is checked by the upload pipeline. */
export const identityForm = z.object({
  siteName: oneLine(60, 'Keep the name to 60 characters.').pipe(z.string().min(1, 'Enter the community’s name.')),
  siteDescription: oneLine(200, 'Keep the description to 200 characters.').default(''),
  welcomeBanner: z
    .string()
    .max(5_000, 'Keep the welcome banner to 5,000 characters.')
    .default('')
    .transform((v) => v.replace(/\r\n?/g, '\n').trim()),
  accentColor: z
    .string()
    .trim()
    .toLowerCase()
    .default('')
    .transform((v, ctx) => {
      if (v === '') return null
      const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/.exec(v)?.[1]
      if (!hex) {
        ctx.addIssue({
          code: 'custom',
          message: 'Enter a colour as # and six hex digits, e.g. #4f46e5, or leave it empty for the theme’s.',
        })
        return z.NEVER
      }
      const full = `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`
      const problem = accentContrastProblem(full)
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem })
        return z.NEVER
      }
      return full
    }),
  /** Ticked: the logo is taken off (a new file replaces it anyway). */
  removeLogo: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
})
export type IdentityInput = z.infer<typeof identityForm>
