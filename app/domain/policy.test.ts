import { describe, expect, it } from 'vitest'

import { can, decide, isProductTeam, isStaff, type User } from './policy.server'

const member: User = { id: 1, username: 'm', role: 'member' }
const other: User = { id: 2, username: 'o', role: 'member' }
const product: User = { id: 3, username: 'p', role: 'product' }
const staff: User = { id: 4, username: 's', role: 'staff' }
const admin: User = { id: 5, username: 'a', role: 'admin' }

const open = { authorId: 1, lockedAt: null, deletedAt: null, readableBy: 'everyone' as const }
const locked = { ...open, lockedAt: new Date() }
const deleted = { ...open, deletedAt: new Date() }
const post = { authorId: 1, hiddenAt: null, deletedAt: null }

describe('policy', () => {
  it('knows who is staff and who is on the product team', () => {
    expect([member, product, staff, admin].map(isStaff)).toEqual([false, false, true, true])
    expect([member, product, staff, admin].map(isProductTeam)).toEqual([false, true, true, true])
  })

  it('asks visitors to sign in before writing', () => {
    expect(decide(null, 'thread:create')).toMatchObject({ ok: false, code: 'unauthorized' })
    expect(decide(null, 'thread:reply', open)).toMatchObject({ ok: false, code: 'unauthorized' })
    expect(can(member, 'thread:create')).toBe(true)
  })

  it('closes locked threads to members but not to staff', () => {
    expect(decide(member, 'thread:reply', locked)).toMatchObject({ ok: false, code: 'forbidden' })
    expect(can(staff, 'thread:reply', locked)).toBe(true)
  })

  it('hides deleted threads from everyone but staff, and nobody replies to them', () => {
    expect(decide(member, 'thread:see', deleted)).toMatchObject({ ok: false, code: 'not_found' })
    expect(decide(null, 'thread:see', deleted)).toMatchObject({ ok: false, code: 'not_found' })
    expect(can(staff, 'thread:see', deleted)).toBe(true)
    expect(can(staff, 'thread:reply', deleted)).toBe(false)
  })

  it('lets authors edit their own posts and staff edit any; product is not a moderator', () => {
    expect(can(member, 'post:edit', { ...post, thread: open })).toBe(true)
    expect(can(other, 'post:edit', { ...post, thread: open })).toBe(false)
    expect(can(product, 'post:edit', { ...post, thread: open })).toBe(false)
    expect(can(staff, 'post:edit', { ...post, thread: open })).toBe(true)
    expect(can(member, 'post:edit', { ...post, thread: locked })).toBe(false)
    expect(can(null, 'post:edit', { ...post, thread: open })).toBe(false)
  })

  it('shows hidden posts to their author and staff only', () => {
    const hidden = { ...post, hiddenAt: new Date() }
    expect(can(member, 'post:see', hidden)).toBe(true)
    expect(can(other, 'post:see', hidden)).toBe(false)
    expect(can(null, 'post:see', hidden)).toBe(false)
    expect(can(staff, 'post:see', hidden)).toBe(true)
  })

  it('lets only admins change roles and lock threads only for staff', () => {
    const promote = { from: 'member', to: 'staff', otherAdmins: 1 } as const
    expect([member, product, staff, admin].map((a) => can(a, 'user:changeRole', promote))).toEqual([false, false, false, true])
    expect(can(admin, 'user:changeRole', { from: 'admin', to: 'staff', otherAdmins: 0 })).toBe(false)
    expect([member, product, staff, admin].map((a) => can(a, 'people:view'))).toEqual([false, false, true, true])
    expect([member, product, staff, admin].map((a) => can(a, 'thread:lock', open))).toEqual([false, false, true, true])
  })
})
