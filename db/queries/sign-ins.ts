import type { Db } from '../client'

/** Whether the account signed in from this address before. */
export async function isKnownAddress(sql: Db, userId: number, address: string): Promise<boolean> {
  const [row] = await sql<{ known: boolean }[]>`
    select exists (select 1 from sign_in_addresses where user_id = ${userId} and address = ${address}) as known`
  return row.known
}

/** Remembers the address a successful sign-in came from. */
export async function rememberAddress(sql: Db, userId: number, address: string): Promise<void> {
  await sql`
    insert into sign_in_addresses (user_id, address) values (${userId}, ${address})
    on conflict (user_id, address) do update set last_at = now()`
}
