import type { TestProject } from 'vitest/node'

import { acquireTestServer, createMigratedDatabase, dropDatabase } from './template-databases'

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string
    template: string
  }
}

/** One database server and one migrated template per run; each test file clones the template. */
export default async function setup(project: TestProject) {
  const server = await acquireTestServer()
  const template = await createMigratedDatabase(server.adminUrl)
  project.provide('adminUrl', server.adminUrl)
  project.provide('template', template)
  console.log(`test databases on ${server.embedded ? 'an embedded PostgreSQL server' : 'DATABASE_URL'}`)
  return async () => {
    await dropDatabase(server.adminUrl, template)
    await server.stop()
  }
}
