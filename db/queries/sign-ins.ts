import type { Db } from '../client'

/** Failures within the window, for an account and for an address, and when the oldest of each leaves it. */
export async function countRecentFailures(sql: Db, userId: number | null, address: string, windowSeconds: number) {
  const [row] = await sql<
    { byUser: number; byAddress: number; userOldest: Date | null; addressOldest: Date | null; knownAddress: boolean }[]
  >`
    select
      (select count(*)::int from sign_in_failures where user_id = ${userId} and failed_at > now() - make_interval(secs => ${windowSeconds})) as by_user,
      (select min(failed_at) from sign_in_failures where user_id = ${userId} and failed_at > now() - make_interval(secs => ${windowSeconds})) as user_oldest,
      (select count(*)::int from sign_in_failures where address = ${address} and failed_at > now() - make_interval(secs => ${windowSeconds})) as by_address,
      (select min(failed_at) from sign_in_failures where address = ${address} and failed_at > now() - make_interval(secs => ${windowSeconds})) as address_oldest,
      exists (select 1 from sign_in_addresses where user_id = ${userId} and address = ${address}) as known_address`
  return row
}

export async function insertFailure(sql: Db, userId: number | null, address: string): Promise<void> {
  await sql`insert into sign_in_failures (user_id, address) values (${userId}, ${address})`
}

/** A success clears the account's failures and remembers the address it came from. */
export async function recordSuccess(sql: Db, userId: number, address: string): Promise<void> {
  await sql`
    with cleared as (delete from sign_in_failures where user_id = ${userId})
    insert into sign_in_addresses (user_id, address) values (${userId}, ${address})
    on conflict (user_id, address) do update set last_at = now()`
}

export async function deleteOldFailures(sql: Db, olderThanSeconds: number): Promise<void> {
  await sql`delete from sign_in_failures where failed_at < now() - make_interval(secs => ${olderThanSeconds})`
}
