/*
 * CSV for spreadsheets (RFC 4180: quoted where needed, CRLF lines). A text
 * cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is
 * defused with a leading apostrophe; a negative number stays a number.
 */

export type CsvCell = string | number | null

export function csvCell(value: CsvCell): string {
  if (value === null) return ''
  const text = String(value)
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function csvDocument(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
