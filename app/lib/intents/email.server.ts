import { changeEmailSchema } from '../../domain/addresses/addresses.schema'
import { requestEmailChange, resendConfirmation } from '../../domain/addresses/change.server'
import { intent } from '../intents.server'
import { nothing } from './fields'

/** What a member does on /settings/email. */
export const emailIntents = {
  change: intent(changeEmailSchema, async ({ sql, actor, limits }, input) => {
    const { pending, current } = await requestEmailChange(sql, actor, input, limits)
    return { message: `We sent a link to ${pending}. Your address stays ${current} until you open it and confirm.` }
  }),
  resend: intent(nothing, async ({ sql, actor, limits }) => {
    const { sentTo } = await resendConfirmation(sql, actor, limits)
    return { message: `We sent the link again to ${sentTo}.` }
  }),
}
