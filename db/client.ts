import postgres from 'postgres'

export type Sql = postgres.Sql<{ bigint: number }>
export type Tx = postgres.TransactionSql<{ bigint: number }>
/** Either the pool or a transaction: query functions take whichever they are given. */
export type Db = Sql | Tx

export interface ClientOptions {
  max?: number
  /** Called once per statement; the query-budget tests count with it. */
  onQuery?: (text: string) => void
  /** The server cancels a statement that runs longer than this (and one waiting that long for a lock). */
  statementTimeoutMs?: number
}

/**
 * The one postgres.js pool of a process. int8 columns (ids, counts) come back
 * as JavaScript numbers: they stay far below 2^53 and routes compare them as
 * numbers.
 */
export function createSql(url: string, options: ClientOptions = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    transform: postgres.camel,
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (value: number) => String(value),
        parse: (value: string) => Number(value),
      },
    },
    debug: options.onQuery ? (_connection, query) => options.onQuery?.(query) : undefined,
    connection: {
      application_name: 'community-forum',
      ...(options.statementTimeoutMs ? { statement_timeout: Math.round(options.statementTimeoutMs) } : {}),
    },
  }) as unknown as Sql
}

/** A piece of SQL (a predicate, a column list) to nest inside another query. */
export type Fragment = postgres.PendingQuery<postgres.Row[]>
