import { describe, expect, it } from 'vitest'

import { buildVersions, diffText } from './revisions'

const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 12, minute))

describe('post versions', () => {
  it('diffs word by word', () => {
    expect(diffText('Restart the router first.', 'Restart the modem first.')).toEqual([
      { kind: 'same', text: 'Restart the ' },
      { kind: 'removed', text: 'router' },
      { kind: 'added', text: 'modem' },
      { kind: 'same', text: ' first.' },
    ])
  })

  it('lists every version newest first, each written by the author or by the editor who replaced the one before', () => {
    const versions = buildVersions({ revision: 3, markdown: 'three', authorUsername: 'ann', createdAt: at(0), editedAt: at(20) }, [
      { revision: 1, markdown: 'one', editorUsername: 'ann', createdAt: at(10) },
      { revision: 2, markdown: 'two', editorUsername: 'sam', createdAt: at(20) },
    ])
    expect(versions.map((v) => [v.revision, v.by?.username, v.by?.at, v.text])).toEqual([
      [3, 'sam', at(20), 'three'],
      [2, 'ann', at(10), 'two'],
      [1, 'ann', at(0), 'one'],
    ])
    expect(versions[2].changes).toBeNull()
    expect(versions[0].changes).toEqual([
      { kind: 'removed', text: 'two' },
      { kind: 'added', text: 'three' },
    ])
  })

  it('shows what is known of a post whose earlier revisions were not kept', () => {
    const versions = buildVersions({ revision: 3, markdown: 'three', authorUsername: 'ann', createdAt: at(0), editedAt: at(20) }, [
      { revision: 2, markdown: 'two', editorUsername: 'sam', createdAt: at(20) },
    ])
    expect(versions.map((v) => [v.revision, v.by?.username ?? null, v.text, v.changes === null])).toEqual([
      [3, 'sam', 'three', false],
      [2, null, 'two', true],
      [1, 'ann', null, true],
    ])
  })

  it('is one version for a post never edited', () => {
    const versions = buildVersions({ revision: 1, markdown: 'only', authorUsername: 'ann', createdAt: at(0), editedAt: null }, [])
    expect(versions).toEqual([{ revision: 1, by: { username: 'ann', at: at(0) }, text: 'only', changes: null }])
  })
})
