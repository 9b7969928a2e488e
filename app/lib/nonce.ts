import { createContext, useContext } from 'react'

/*
 * The response's CSP nonce, provided by entry.server around the whole render
 * rather than read from the root loader's data: the document's scripts must
 * carry it even when no loader ran (an unknown URL) or the root loader
 * failed, or the browser refuses them and the page never hydrates.
 * In the browser it is empty: the scripts are already in the page, and the
 * browser hides nonces from the DOM anyway.
 */
const NonceContext = createContext('')

export const NonceProvider = NonceContext.Provider

export function useNonce() {
  return useContext(NonceContext)
}
