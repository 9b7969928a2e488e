import { fileTypeNames } from '../uploads/kinds'
import type { RuleKey, Settings } from './settings.schema'

/*
 * How the settings read to people: the /admin page's groups, each rule's
 * label, hint and default, and the words the audit log uses for a setting
 * and its values ("changed the idea vote budget from none to 3").
 */

export interface RuleField {
  key: RuleKey
  label: string
  hint: string
  /** How the form asks for it. */
  control: 'number' | 'hosts' | 'fileTypes' | 'language' | 'timeZone'
}

export interface RuleGroup {
  id: string
  title: string
  intro: string
  fields: RuleField[]
}

export const ruleGroups: RuleGroup[] = [
  {
    id: 'ideas',
    title: 'Ideas',
    intro: 'How members vote on ideas.',
    fields: [
      {
        key: 'voteBudget',
        label: 'Idea vote budget',
        hint: 'Active votes each person may hold on open ideas. Leave empty for no limit.',
        control: 'number',
      },
    ],
  },
  {
    id: 'trust',
    title: 'Trust and safety',
    intro: 'What new members may do before staff trust them, and when flags hide a post.',
    fields: [
      {
        key: 'newMemberHeldPosts',
        label: 'New members’ posts held for review',
        hint: 'A new member’s first posts wait in the moderation queue until staff approve this many; then they are trusted. 0 turns holds off.',
        control: 'number',
      },
      {
        key: 'newMemberMaxLinks',
        label: 'Links a new member’s post may hold',
        hint: 'Until they are trusted, members may include at most this many links in a post.',
        control: 'number',
      },
      {
        key: 'flagThreshold',
        label: 'Flags that hide a post',
        hint: 'Flags from this many different trusted members hide a post until staff review it. One flag from staff is always enough.',
        control: 'number',
      },
      {
        key: 'imageHosts',
        label: 'Hosts posts may show images from',
        hint: 'One host per line, e.g. images.example.com. Images from any other host show as links, so readers’ browsers never contact it. Existing posts are updated too.',
        control: 'hosts',
      },
    ],
  },
  {
    id: 'uploads',
    title: 'Uploads',
    intro: 'Images and files members attach to posts.',
    fields: [
      {
        key: 'uploadMaxMegabytes',
        label: 'Largest upload (MB)',
        hint: 'Images and files members attach to posts can be at most this large.',
        control: 'number',
      },
      {
        key: 'uploadMaxDimension',
        label: 'Largest image side (pixels)',
        hint: 'Larger images are scaled down to fit when uploaded.',
        control: 'number',
      },
      {
        key: 'uploadFileTypes',
        label: 'Files members may attach besides images',
        hint: `Served as downloads, never opened in the browser. The forum can check: ${fileTypeNames.join(', ')}. Leave empty for images only.`,
        control: 'fileTypes',
      },
      { key: 'uploadsPerDay', label: 'Uploads a member may make a day', hint: 'Staff have no limit.', control: 'number' },
      {
        key: 'newMemberUploadsPerDay',
        label: 'Uploads a new member may make a day',
        hint: 'Until their first posts are approved; 0 keeps new members from uploading.',
        control: 'number',
      },
    ],
  },
  {
    id: 'search',
    title: 'Search',
    intro: 'How search reads the community, and how long it remembers searches.',
    fields: [
      {
        key: 'searchLanguage',
        label: 'Language search understands',
        // Documents are stemmed when indexed: a new language needs the index rebuilt.
        hint: 'Search matches word forms (reset, resetting) in this language. After changing it, rebuild the index: npm run forum -- search:reindex.',
        control: 'language',
      },
      {
        key: 'searchLogRetentionDays',
        label: 'Keep searches for (days)',
        hint: 'Searches are kept to show what people could not find. They hold what members typed, so not for ever.',
        control: 'number',
      },
    ],
  },
  {
    id: 'time',
    title: 'Time',
    intro: 'Where the community’s days begin and end.',
    fields: [
      {
        key: 'timeZone',
        label: 'Time zone',
        hint: 'A time zone name such as Europe/Berlin or America/New_York. Insights count days from midnight here. Empty means UTC.',
        control: 'timeZone',
      },
    ],
  },
  {
    id: 'housekeeping',
    title: 'Housekeeping',
    intro: 'What the forum keeps behind the scenes.',
    fields: [
      {
        key: 'outboxRetentionHours',
        label: 'Keep delivered events for (hours)',
        hint: 'Events every background task has handled are deleted after this long. Open pages catch up from them, and a task added later can start from the oldest kept.',
        control: 'number',
      },
    ],
  },
]

/** Each setting as a sentence names it, after "changed". */
const settingNames: Record<keyof Settings, string> = {
  voteBudget: 'the idea vote budget',
  imageHosts: 'the hosts posts may show images from',
  outboxRetentionHours: 'how long delivered events are kept',
  searchLogRetentionDays: 'how long searches are kept',
  searchLanguage: 'the language search understands',
  timeZone: 'the community’s time zone',
  flagThreshold: 'the flags that hide a post',
  newMemberHeldPosts: 'the new members’ posts held for review',
  newMemberMaxLinks: 'the links a new member’s post may hold',
  uploadMaxMegabytes: 'the largest upload',
  uploadMaxDimension: 'the largest image side',
  uploadFileTypes: 'the files members may attach',
  uploadsPerDay: 'the uploads a member may make a day',
  newMemberUploadsPerDay: 'the uploads a new member may make a day',
  siteName: 'the community’s name',
  siteDescription: 'the community’s description',
  welcomeBanner: 'the welcome banner',
  logo: 'the logo',
  accentColor: 'the accent colour',
  joiningMode: 'who may join',
  joiningDomains: 'the domains whose addresses may join',
  guidelines: 'the community guidelines',
  guidelinesRequired: 'the community guidelines',
}

/** A setting as the audit log names it; a key the forum no longer has, as it was stored. */
export function settingName(key: string): string {
  return Object.hasOwn(settingNames, key) ? settingNames[key as keyof Settings] : key
}

const units: Partial<Record<keyof Settings, [string, string]>> = {
  outboxRetentionHours: ['hour', 'hours'],
  searchLogRetentionDays: ['day', 'days'],
  uploadMaxMegabytes: ['MB', 'MB'],
  uploadMaxDimension: ['pixel', 'pixels'],
  newMemberMaxLinks: ['link', 'links'],
  newMemberHeldPosts: ['post', 'posts'],
  flagThreshold: ['flag', 'flags'],
}

/** Settings whose values are too long or too opaque for a sentence: the log says only that they changed. */
export const unquotedSettings: ReadonlySet<string> = new Set(['welcomeBanner', 'logo'])

/** A setting's value in words: "none", "3 hours", "pdf, txt", "English", “Acme”. */
export function settingValueText(key: string, value: unknown): string {
  if (value === null || value === undefined) return key === 'logo' ? 'no logo' : key === 'accentColor' ? 'the theme’s' : 'none'
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none'
  if (typeof value === 'number') {
    const unit = units[key as keyof Settings]
    return unit ? `${value} ${value === 1 ? unit[0] : unit[1]}` : String(value)
  }
  if (typeof value === 'string') {
    if (key === 'searchLanguage') return value === 'simple' ? 'any (no stemming)' : value[0].toUpperCase() + value.slice(1)
    if (key === 'accentColor') return value
    return value === '' ? 'nothing' : `“${value}”`
  }
  return JSON.stringify(value)
}
