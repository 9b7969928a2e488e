import { useNavigate } from '@remix-run/react'
import { useEffect, type AnchorHTMLAttributes } from 'react'

/*
 * Links that repeat on every row of a page (each post's author, its Edit and
 * Flag buttons) as plain anchors. Remix's <Link> runs a handful of router
 * hooks for each one as the page renders, and a thread page has dozens; one
 * listener on the document (useRouteLinks, in the root) gives these the same
 * navigation without a page load.
 */

export function RouteLink({ to, ...props }: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  return <a href={to} data-route="" {...props} />
}

/** A plain left click on a RouteLink navigates in the app, as on a <Link>; any other click is left to the browser. */
export function useRouteLinks() {
  const navigate = useNavigate()
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
      const link = event.target instanceof Element ? event.target.closest('a[data-route]') : null
      if (!(link instanceof HTMLAnchorElement) || link.origin !== window.location.origin) return
      if ((link.target && link.target !== '_self') || link.hasAttribute('download')) return
      event.preventDefault()
      navigate(link.pathname + link.search + link.hash)
    }
    document.addEventListener('click', onClick)
    return () => document.removeEventListener('click', onClick)
  }, [navigate])
}
