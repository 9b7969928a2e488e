import { chromium } from '@playwright/test'
const [,, base, out, width='1280', login, path] = process.argv
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync'] })
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } })
page.on('console', m => { if (m.type()==='error') console.log('console error:', m.text()) })
page.on('pageerror', e => console.log('page error:', e.message))
if (login) {
  await page.goto(base + '/login'); await page.getByLabel('Username or email').fill(login); await page.getByLabel('Password').fill('community-demo'); await page.getByRole('button', { name: 'Sign in' }).click(); await page.waitForURL(base + '/')
}
await page.goto(base + path, { waitUntil: 'networkidle' })
await page.screenshot({ path: out, fullPage: true })
await browser.close()
