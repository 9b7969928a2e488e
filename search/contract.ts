import { describe, it } from 'vitest'

import type { SearchEngine } from './port'

/*
 * Placeholder so this branch type-checks: the real contract suite is written on main and replaces
 * this file when the branches meet. It only names the suite.
 */
export function searchContract(label: string, makeEngine: () => SearchEngine): void {
  describe(`${label} search contract`, () => {
    it.todo(`holds ${makeEngine.name || 'the engine'} to the search contract`)
  })
}
