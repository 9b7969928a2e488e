import { forgetCheckedKinds } from './axe-kinds'

/** Each run checks every kind of final page with axe afresh (see the page fixture). */
export default function globalSetup() {
  forgetCheckedKinds()
}
