import { queueMail } from '../app/domain/mail/queue.server'
import { makeNotification } from '../tests/notifications'
import { confirmEmail, expect, join, test } from './fixtures'

test.describe('email settings', () => {
  test('a member chooses how they hear of a topic, and the choice is kept', async ({ page }) => {
    await join(page, 'mailer')
    await page.goto('/settings/notifications')
    await expect(page.getByText('Your email address is not confirmed yet')).toBeVisible()
    const replies = page.getByRole('group', { name: 'Replies' })
    await expect(replies.getByRole('radio', { name: 'Daily digest' })).toBeChecked()
    await replies.getByRole('radio', { name: 'Never' }).check()
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Your notification settings are saved.' })).toBeVisible()

    await page.reload()
    await expect(page.getByRole('group', { name: 'Replies' }).getByRole('radio', { name: 'Never' })).toBeChecked()
    await expect(page.getByRole('group', { name: 'Answers to my questions' }).getByRole('radio', { name: 'Right away' })).toBeChecked()
  })

  test('the unsubscribe link in a notification mail works signed out', async ({ page, database, mailbox }) => {
    const username = await join(page, 'unsub')
    const [member] = await database<{ id: number }[]>`select id from users where username = ${username}`
    await confirmEmail(database, username)
    const [thread] = await database<{ id: number; postId: number }[]>`
      select t.id, p.id as post_id from threads t
      join categories c on c.id = t.category_id
      join posts p on p.thread_id = t.id and p.post_number = 1
      where c.readable_by = 'everyone' and t.deleted_at is null and t.held_at is null
      order by t.id limit 1`
    const notificationId = await makeNotification(database, {
      userId: member.id,
      kind: 'new_thread',
      topic: 'new_threads',
      email: 'immediately',
      threadId: thread.id,
      postId: thread.postId,
    })
    await queueMail(database, { kind: 'notification', userId: member.id, notificationIds: [notificationId] })

    // Joining sent a confirmation mail first; this is the notification.
    const mail = await mailbox.waitFor(`${username}@example.com`, / started “/)
    const link = /Unsubscribe from “New threads in categories I watch”: (\S+)/.exec(mail.text)?.[1]
    expect(link).toBeTruthy()
    expect(mail.headers['list-unsubscribe']).toBe(`<${link}>`)

    await page.context().clearCookies()
    await page.goto(new URL(link!).pathname)
    await expect(page.getByText(`Stop email about “New threads in categories I watch” for ${username}?`)).toBeVisible()
    await page.getByRole('button', { name: 'Unsubscribe' }).click()
    await expect(page.getByRole('status')).toHaveText(`No more email about “New threads in categories I watch” for ${username}.`)
  })
})
