import { DomainError } from '../app/domain/errors'

/** Awaits a call that the domain must refuse, and returns the refusal. */
export async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
  throw new Error('expected a refusal')
}
