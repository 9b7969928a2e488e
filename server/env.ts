import { z } from 'zod'

import { parseS3Url, S3UrlError } from '../uploads/s3'

const rateLimits = z
  .string()
  .default('on')
  .transform((value, ctx) => {
    if (value === 'on') return { enabled: true, multiplier: 1 }
    if (value === 'off') return { enabled: false, multiplier: 1 }
    try {
      const parsed = z.object({ multiplier: z.number().positive() }).parse(JSON.parse(value))
      return { enabled: true, multiplier: parsed.multiplier }
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be "on", "off" or JSON like {"multiplier": 10}' })
      return z.NEVER
    }
  })

/**
 * Which proxies may say who the client is. `true` is refused: it would let
 * any client pick its own address with X-Forwarded-For and slip every limit.
 */
const trustProxy = z
  .string()
  .default('false')
  .transform((value, ctx): false | number | string[] => {
    const v = value.trim()
    if (v === '' || v === 'false' || v === '0') return false
    if (/^\d+$/.test(v)) return Number(v)
    if (v === 'true') {
      ctx.addIssue({
        code: 'custom',
        message:
          'give the number of proxy hops in front of the forum (e.g. 1) or their addresses (e.g. 10.0.0.0/8), not "true", which lets any client choose its address',
      })
      return z.NEVER
    }
    const list = v
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
    const address = /^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)$/i
    const bad = list.find((item) => !address.test(item))
    if (bad) {
      ctx.addIssue({ code: 'custom', message: `"${bad}" is not a proxy address, a CIDR range, loopback, linklocal or uniquelocal` })
      return z.NEVER
    }
    return list
  })

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(p)), {
      message: `must start with ${protocols.join(' or ')}`,
    })

/** smtp://user:password@host:587 (STARTTLS when the server offers it) or smtps://…:465 (TLS from the start). */
const smtpUrl = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .superRefine((v, ctx) => {
    if (v === undefined) return
    let url: URL
    try {
      url = new URL(v)
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a URL: write it as smtp://user:password@host:587 or smtps://user:password@host:465' })
      return
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      ctx.addIssue({ code: 'custom', message: `must start with smtp:// or smtps://, not ${url.protocol}//` })
    } else if (!url.hostname) {
      ctx.addIssue({ code: 'custom', message: 'names no host: write it as smtp://user:password@host:587' })
    }
  })

/** The bucket uploads are kept in; see uploads/s3.ts for the form. Checked here so a bad one stops the forum at boot. */
const s3Url = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .superRefine((v, ctx) => {
    if (v === undefined) return
    try {
      parseS3Url(v)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof S3UrlError ? error.problem : String(error) })
    }
  })

/** A sender as mail programs show it: `Name <address@host>` or a bare address. */
const mailFrom = z
  .string()
  .optional()
  .transform((v) => (v?.trim() === '' ? undefined : v?.trim()))
  .refine((v) => v === undefined || /^([^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/.test(v), {
    message: 'must be an address, e.g. no-reply@community.example.com or "Community <no-reply@community.example.com>"',
  })

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalUrl(['postgres://', 'postgresql://']),
  // Carries live events between processes instead of the PostgreSQL server; see server/live-adapter.ts.
  REDIS_URL: optionalUrl(['redis://', 'rediss://']),
  // Search runs on Meilisearch when set; PostgreSQL full-text in the forum's database otherwise.
  MEILISEARCH_URL: optionalUrl(['http://', 'https://']),
  MEILISEARCH_API_KEY: z.string().optional(),
  // Worker processes for `npm start` on a PostgreSQL server; unset means one per core. See server/cluster.ts.
  WEB_CONCURRENCY: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(256).optional()),
  PUBLIC_URL: optionalUrl(['http://', 'https://']),
  // Mail goes through this SMTP server when set; otherwise it is written as .eml files under DATA_DIR/mail.
  SMTP_URL: smtpUrl,
  // Who mail comes from; a no-reply address at PUBLIC_URL's host when unset.
  MAIL_FROM: mailFrom,
  // Upload bytes go to this S3-compatible bucket when set; into the forum's database otherwise.
  S3_URL: s3Url,
  TRUST_PROXY: trustProxy,
  RATE_LIMITS: rateLimits,
  LOG_REQUESTS: z.enum(['on', 'off']).default('on'),
  // Off on a process that should only serve pages, when others run the outbox consumers.
  OUTBOX_CONSUMERS: z.enum(['on', 'off']).default('on'),
  QUERY_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(600).default(10),
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
})

export type Env = z.infer<typeof envSchema>

export class ConfigError extends Error {}

/** Reads the environment once at boot; a bad value stops the forum with a message naming it. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`The forum's configuration is not valid:\n${lines.join('\n')}\nSee .env.example.`)
  }
  return result.data
}
