import { Link } from '@remix-run/react'

import { DELETED_USER_LABEL, isDeletedUsername } from '../domain/account/account.terms'
import { userUrl } from '../lib/urls'

/** A member's name linking to their profile; a deleted account has neither, so it reads "deleted user". */
export function UserLink({ username, className }: { username: string; className?: string }) {
  if (isDeletedUsername(username)) return <span className={className}>{DELETED_USER_LABEL}</span>
  return (
    <Link to={userUrl(username)} className={className}>
      {username}
    </Link>
  )
}
