import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '@fullfolj/runtime';
import { ApiStack, startApiStack } from '@fullfolj/testing';
import { axeViolations, launchChromium, screenshot } from './browser';

// Sign-in throttling as a person sees it, in Debian's Chromium against the real stack: after
// too many wrong passwords the sign-in page says how long to wait, in Swedish and in English,
// even when the password is right; the app runs under the strict Content-Security-Policy.
jest.setTimeout(5 * 60_000);

const PASSWORD = 'ett-bra-lösenord';
const LIMIT = 3;

describe('sign-in throttling in a browser', () => {
  let stack: ApiStack;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    // A 401 or 429 in the console is the refusal under test; anything else (a CSP violation too) is an error.
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
    });
    return page;
  };

  const submit = async (page: Page, email: string, password: string, labels = { email: 'E-postadress', password: 'Lösenord', submit: 'Logga in' }) => {
    await page.getByLabel(labels.email).fill(email);
    await page.getByLabel(labels.password, { exact: true }).fill(password);
    // Waits for the API's answer and for the form to take input again, so attempts never overlap.
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/auth/login')), page.getByRole('button', { name: labels.submit, exact: true }).click()]);
    await page.getByRole('button', { name: labels.submit, exact: true }).and(page.locator(':enabled')).waitFor();
  };

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    stack = await startApiStack({ APP_BASE_URL: base, SIGN_IN_MAX_FAILURES_PER_ACCOUNT: String(LIMIT) });
    await stack.app.listen(port, '127.0.0.1');
    await stack.addPerson('lars', 'Lars Berg');
    await stack.addPerson('sofia', 'Sofia Karlsson');
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  it('says in Swedish how many minutes to wait, next to the e-mail field, even for the right password', async () => {
    const page = await newPage();
    await page.goto('/#/login');
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    const email = stack.people.lars.email;
    for (let i = 0; i < LIMIT; i += 1) {
      await submit(page, email, `fel-lösenord-${i}`);
    }
    await submit(page, email, PASSWORD);
    const emailField = page.getByLabel('E-postadress');
    await page.getByText('För många misslyckade inloggningar. Försök igen om 15 minuter.').waitFor();
    expect(await emailField.getAttribute('aria-invalid')).toBe('true');
    // Still signed out: the page did not move on to My work.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Logga in');
    const violations = await axeViolations(page);
    if (violations.length > 0) throw new Error(`axe found WCAG 2.1 A/AA violations:\n${violations.join('\n')}`);
    await screenshot(page, 'sign-in-throttled');
    expect(pageErrors).toEqual([]);
  });

  it('says it in English after the language switch', async () => {
    const page = await newPage();
    await page.goto('/#/login');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    const labels = { email: 'E-mail address', password: 'Password', submit: 'Sign in' };
    const email = stack.people.sofia.email;
    for (let i = 0; i < LIMIT; i += 1) {
      await submit(page, email, `wrong-password-${i}`, labels);
    }
    await submit(page, email, PASSWORD, labels);
    await page.getByText('Too many failed sign-ins. Try again in 15 minutes.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
