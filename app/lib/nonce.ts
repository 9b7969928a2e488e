import { createContext, useContext } from 'react'

/*
 * The response's CSP nonce, provided by entry.server around the whole render
 * rather than read from the root loader's data: the document's scripts must
 * carry it even when the root loader did not run or failed (a database that
 * does not answer: the 503 page), or the browser refuses them and the page
 * never hydrates.
 * In the browser it is empty: the scripts are already in the page, and the
 * browser hides nonces from the DOM anyway.
 */
const NonceContext = createContext('')

export const NonceProvider = NonceContext.Provider

export function useNonce() {
  return useContext(NonceContext)
}
