import { createAccount } from '../app/domain/auth/accounts.server'
import { addInternalNote, changeIdeaStatus, linkThread, promoteToIdea, setIdeaVote } from '../app/domain/ideas/ideas.server'
import { markRenderingCurrent } from '../app/domain/markdown/pipeline.server'
import type { Role, User } from '../app/domain/policy.server'
import { acceptAnswer, setHelpfulVote, setMeToo } from '../app/domain/questions/questions.server'
import { replyToThread, startThread } from '../app/domain/threads/write.server'
import type { Sql } from '../db/client'
import { insertCategory, listCategories } from '../db/queries/categories'
import { ensureConsumer } from '../db/queries/consumers'
import { notificationsConsumer } from '../server/consumer-list'
import { runBatch } from '../server/consumers'

/** Every demo account signs in with this password (the README says so). */
export const DEMO_PASSWORD = 'community-demo'

const demoUsers: Array<{ username: string; role: Role }> = [
  { username: 'admin', role: 'admin' },
  { username: 'sam', role: 'staff' },
  { username: 'priya', role: 'product' },
  { username: 'alice', role: 'member' },
  { username: 'bruno', role: 'member' },
  { username: 'chen', role: 'member' },
  { username: 'dana', role: 'member' },
]

export const demoCategories = [
  {
    slug: 'getting-started',
    name: 'Getting started',
    description: 'First steps: setup, accounts and the basics.',
    allowedKinds: ['question', 'discussion'],
    defaultKind: 'question',
  },
  {
    slug: 'billing',
    name: 'Billing',
    description: 'Plans, invoices, payment methods and refunds.',
    allowedKinds: ['question'],
    defaultKind: 'question',
  },
  {
    slug: 'integrations',
    name: 'Integrations',
    description: 'Connecting the product to Slack, Salesforce, Zapier and your own code.',
    allowedKinds: ['question', 'discussion'],
    defaultKind: 'question',
  },
  {
    slug: 'general',
    name: 'General',
    description: 'Talk shop with other customers: workflows, tips and news.',
    allowedKinds: ['discussion', 'question'],
    defaultKind: 'discussion',
  },
  {
    slug: 'ideas',
    name: 'Ideas',
    description: 'Suggest improvements and vote on what we build next.',
    allowedKinds: ['idea'],
    defaultKind: 'idea',
  },
  {
    slug: 'staff-room',
    name: 'Staff room',
    description: 'Staff and product teams only: handovers, escalations and what customers keep asking.',
    allowedKinds: ['discussion', 'question'],
    defaultKind: 'discussion',
    readableBy: 'staff',
  },
] as const

type Seed = {
  category: string
  kind?: 'question' | 'discussion' | 'idea'
  author: string
  title: string
  body: string
  replies: Array<[string, string]>
  /** Index of the reply the asker accepted. */
  accepted?: number
  /** Who found each reply helpful, by reply index. */
  helpful?: Record<number, string[]>
  meToo?: string[]
}

const demoThreads: Seed[] = [
  {
    category: 'staff-room',
    author: 'sam',
    title: 'Holiday cover for the community queue',
    body: 'Who can watch the moderation queue between the 24th and the 2nd? Flags usually spike after release notes go out.',
    replies: [['priya', 'I can take the 27th to the 30th, and I will keep an eye on new ideas while I am at it.']],
  },
  {
    category: 'getting-started',
    author: 'alice',
    title: 'How do I invite my team to our workspace?',
    body: 'I just created a workspace on the Team plan. Where do I invite my colleagues, and can I set their permissions before they join?',
    replies: [
      ['bruno', 'Go to **Settings → Members → Invite**. You can paste several addresses at once, separated by commas.'],
      [
        'sam',
        'Bruno is right. You can also pick a role in the invite dialog, so people arrive with the right permissions. Invites expire after 7 days; you can resend them from the same page.',
      ],
      ['alice', 'Found it, thank you both! The role picker is exactly what I needed.'],
    ],
    accepted: 1,
    helpful: { 0: ['chen', 'dana'], 1: ['alice', 'chen', 'dana', 'bruno'] },
    meToo: ['dana'],
  },
  {
    category: 'getting-started',
    author: 'dana',
    title: 'Importing data from a CSV file fails with "invalid date"',
    body: 'My export from the old tool has dates like `03/04/2024`. The importer says:\n\n```\nRow 12: invalid date "03/04/2024"\n```\n\nIs there a way to tell it the format?',
    replies: [
      ['chen', 'The importer expects ISO dates (`2024-04-03`). I converted mine with a spreadsheet formula: `=TEXT(A2, "yyyy-mm-dd")`.'],
      [
        'sam',
        'There is a **Date format** dropdown on the mapping step (second screen of the import). Choose `DD/MM/YYYY` or `MM/DD/YYYY` and the rows go through.',
      ],
    ],
    accepted: 1,
    helpful: { 0: ['alice'], 1: ['dana', 'alice', 'bruno'] },
    meToo: ['alice', 'bruno'],
  },
  {
    category: 'billing',
    author: 'bruno',
    title: 'Can I switch from monthly to annual billing mid-cycle?',
    body: 'We are on the monthly Team plan. If I switch to annual now, do I lose the rest of this month?',
    replies: [
      ['sam', 'No: the unused part of your month is credited against the annual invoice. You can switch under **Billing → Plan**.'],
      ['bruno', 'Great, switched. The credit showed up on the invoice.'],
    ],
    accepted: 0,
    helpful: { 0: ['bruno', 'chen'] },
  },
  {
    category: 'billing',
    author: 'chen',
    title: 'Invoice shows the wrong company address',
    body: 'Our invoices still show our old office. Where can I change the billing address, and can past invoices be reissued?',
    replies: [['alice', 'Billing → Details has the address. For past invoices I had to ask support.']],
    meToo: ['bruno', 'dana'],
  },
  {
    category: 'integrations',
    author: 'alice',
    title: 'Slack notifications stopped after we renamed the channel',
    body: 'We renamed `#support-alerts` to `#support`, and since then nothing arrives. Do I need to reconnect the integration?',
    replies: [
      ['chen', 'Same thing happened to us. Reconnecting fixed it: the integration stores the channel by name.'],
      [
        'sam',
        'Thanks for reporting this. We now store the channel id, so renames will not break it after the next release. Reconnecting is the fix for now.',
      ],
      ['dana', 'Confirmed, reconnecting worked for us too.'],
    ],
    helpful: { 0: ['alice', 'dana'], 1: ['chen'] },
    meToo: ['chen', 'dana', 'bruno'],
  },
  {
    category: 'integrations',
    author: 'dana',
    title: 'Webhook signature verification in Node.js',
    body: 'How do I verify the `X-Signature` header of your webhooks? My HMAC never matches.',
    replies: [
      [
        'bruno',
        'Make sure you hash the **raw** body, not the parsed JSON:\n\n```js\nconst expected = crypto\n  .createHmac("sha256", secret)\n  .update(rawBody)\n  .digest("hex")\nconst ok = crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))\n```',
      ],
      ['dana', 'That was it: Express had already parsed the body. Using `express.raw()` on that route fixed it.'],
    ],
    accepted: 0,
    helpful: { 0: ['dana', 'alice', 'chen'] },
  },
  {
    category: 'integrations',
    kind: 'discussion',
    author: 'chen',
    title: 'Share your Zapier recipes',
    body: 'We use a Zap that creates a ticket for every form submission with the word "urgent". What are yours?',
    replies: [
      ['alice', 'New customer in Stripe → welcome task for the onboarding team.'],
      ['bruno', 'Daily digest of unresolved tickets to a Google Sheet for our Monday review.'],
    ],
  },
  {
    category: 'general',
    author: 'sam',
    title: 'Welcome to the community!',
    body: 'This is the place to ask questions, answer each other and share ideas with our product team.\n\n- Search before asking: your answer may be here already.\n- Mark the reply that solved your question.\n- Be kind.',
    replies: [
      ['alice', 'Glad this exists. Hello everyone!'],
      ['chen', 'Hi all 👋'],
    ],
  },
  {
    category: 'general',
    author: 'bruno',
    title: 'How do you organise tags across teams?',
    body: 'We have five teams and tags are getting out of hand. Do you prefix them per team, or keep one shared list?',
    replies: [
      ['dana', 'We prefix per team (`fin/`, `ops/`) and review unused tags every quarter.'],
      ['alice', 'One shared list, owned by one person. Anyone can propose a tag in a thread first.'],
    ],
  },
  {
    category: 'ideas',
    author: 'alice',
    title: 'Dark mode for the mobile app',
    body: 'The web app follows the system theme, but the mobile app is always light. Please add dark mode for evening use.',
    replies: [
      ['chen', 'Yes please, my eyes at 11 pm would thank you.'],
      ['priya', 'Thanks! We are collecting feedback on this for the next mobile release.'],
    ],
  },
  {
    category: 'ideas',
    author: 'dana',
    title: 'Bulk edit for ticket fields',
    body: 'Selecting 50 tickets and changing their priority one by one takes forever. A bulk edit would save our team hours each week.',
    replies: [['bruno', 'This would help us a lot too.']],
  },
  {
    category: 'ideas',
    author: 'chen',
    title: 'Export reports as PDF',
    body: 'Our managers want the monthly report as a PDF they can forward. Today we take screenshots.',
    replies: [],
  },
  {
    category: 'integrations',
    author: 'bruno',
    title: 'Salesforce sync skips contacts without an email',
    body: 'Our nightly Salesforce sync imports companies fine, but contacts without an email address never show up. Is that expected?',
    replies: [],
    meToo: ['alice'],
  },
]

/**
 * Demo content for a first look: categories, staff, product and customer
 * accounts, and a dozen threads with replies spread over the last days.
 * Seeds only an empty forum; returns false when there was content already.
 */
export async function seedDemo(sql: Sql, log: (line: string) => void = () => {}): Promise<boolean> {
  if ((await listCategories(sql)).length > 0) return false
  for (const [position, category] of demoCategories.entries()) {
    await insertCategory(sql, { ...category, allowedKinds: [...category.allowedKinds], position })
  }
  const users = new Map<string, User>()
  for (const { username, role } of demoUsers) {
    users.set(
      username,
      await createAccount(sql, { username, email: `${username}@example.com`, password: DEMO_PASSWORD }, role, { trusted: true }),
    )
  }
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000)
  const ids = new Map<string, number>()
  let age = demoThreads.length * 9
  for (const seed of demoThreads) {
    const opening = await startThread(sql, users.get(seed.author)!, {
      category: seed.category,
      kind: seed.kind,
      title: seed.title,
      body: seed.body,
    })
    ids.set(seed.title, opening.threadId)
    await sql`update posts set created_at = ${hoursAgo(age)} where id = ${opening.postId}`
    await sql`update threads set created_at = ${hoursAgo(age)}, last_posted_at = ${hoursAgo(age)} where id = ${opening.threadId}`
    const replyIds: number[] = []
    for (const [author, body] of seed.replies) {
      age -= 1.5
      const reply = await replyToThread(sql, users.get(author)!, opening.threadId, body)
      replyIds.push(reply.postId)
      await sql`update posts set created_at = ${hoursAgo(age)} where id = ${reply.postId}`
      await sql`update threads set last_posted_at = ${hoursAgo(age)} where id = ${opening.threadId}`
    }
    for (const [index, voters] of Object.entries(seed.helpful ?? {})) {
      for (const voter of voters) await setHelpfulVote(sql, users.get(voter)!, replyIds[Number(index)], true)
    }
    for (const person of seed.meToo ?? []) await setMeToo(sql, users.get(person)!, opening.threadId, true)
    if (seed.accepted !== undefined) await acceptAnswer(sql, users.get(seed.author)!, opening.threadId, replyIds[seed.accepted])
    age -= 6
  }
  await seedDemoIdeas(sql, users, ids)
  // The community existed before its oldest thread: members joined weeks earlier, a few days apart.
  let joined = 60
  for (const user of users.values())
    await sql`update users set created_at = now() - make_interval(days => ${(joined -= 3)}) where id = ${user.id}`
  await markRenderingCurrent(sql)
  log(`demo content seeded: ${demoThreads.length} threads, ${demoUsers.length} accounts (password "${DEMO_PASSWORD}")`)
  return true
}

/** The innovation board's demo: votes, statuses with public notes, a promoted question, a link and an internal note. */
async function seedDemoIdeas(sql: Sql, users: Map<string, User>, ids: Map<string, number>) {
  const user = (name: string) => users.get(name)!
  const id = (title: string) => ids.get(title)!
  const vote = async (title: string, voters: string[]) => {
    for (const voter of voters) await setIdeaVote(sql, user(voter), id(title), true)
  }
  await vote('Dark mode for the mobile app', ['alice', 'chen', 'dana', 'bruno'])
  await vote('Bulk edit for ticket fields', ['dana', 'bruno', 'alice'])
  await vote('Export reports as PDF', ['chen', 'alice'])
  await changeIdeaStatus(sql, user('priya'), id('Dark mode for the mobile app'), {
    status: 'planned',
    note: 'Planned for the next mobile release.',
  })
  await changeIdeaStatus(sql, user('priya'), id('Bulk edit for ticket fields'), {
    status: 'in_progress',
    note: 'Design is done; engineering started this sprint.',
  })
  await changeIdeaStatus(sql, user('priya'), id('Export reports as PDF'), {
    status: 'shipped',
    note: 'Shipped: open a report and choose Export → PDF.',
  })
  await addInternalNote(
    sql,
    user('priya'),
    id('Dark mode for the mobile app'),
    'Three enterprise accounts asked for this in QBRs. Needs design tokens first.',
  )
  const promoted = await promoteToIdea(sql, user('priya'), id('Salesforce sync skips contacts without an email'), {
    title: 'Sync Salesforce contacts that have no email address',
    body: 'Customers keep contacts without an email in Salesforce (phone-only leads). The sync skips them today.',
  })
  // Evidence: a customer describing the pain the idea removes.
  await linkThread(sql, user('sam'), id('Bulk edit for ticket fields'), id('How do you organise tags across teams?'))
  await setIdeaVote(sql, user('bruno'), promoted.threadId, true)
  await setIdeaVote(sql, user('chen'), promoted.threadId, true)
  // The demo's conversations told their people, as a running forum would
  // have: the bell has news at the first sign-in. (Their mail is not sent:
  // the mail consumer starts after the seed.)
  await ensureConsumer(sql, notificationsConsumer.name, 'oldest')
  while ((await runBatch(sql, notificationsConsumer)) !== 0);
}
