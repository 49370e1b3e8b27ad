import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, screenshot } from './browser';

export const TEST_PASSWORD = 'ett-bra-lösenord';

/**
 * What a browser test does on every page: a Swedish, Stockholm-time context that collects
 * script errors; a check that the page rendered with no script error and no axe violation,
 * photographed; and signing in with the test stack's password.
 */
export function browserSession(browser: () => Browser, base: () => string, options: { screenshotPrefix: string; expectedConsoleErrors?: RegExp }) {
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const expected = options.expectedConsoleErrors ?? /status of 4\d\d/;
  return {
    async newPage(): Promise<Page> {
      const context = await browser().newContext({ baseURL: base(), viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !expected.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
      });
      return page;
    },
    async check(page: Page, name: string): Promise<void> {
      await page.locator('main[data-ready="true"]').waitFor();
      if (pageErrors.length > 0) throw new Error(`script errors: ${pageErrors.join('\n')}`);
      const violations = await axeViolations(page);
      if (violations.length > 0) throw new Error(`axe found WCAG 2.1 A/AA violations on ${name}:\n${violations.join('\n')}`);
      await screenshot(page, `${options.screenshotPrefix}-${name}`);
    },
    async signIn(page: Page, email: string): Promise<void> {
      await page.goto('/#/login');
      await page.getByLabel(/^(E-postadress|E-mail address)$/).fill(email);
      await page.getByLabel(/^(Lösenord|Password)$/).fill(TEST_PASSWORD);
      await page.getByRole('button', { name: /^(Logga in|Sign in)$/ }).click();
      await page.locator('main[data-ready="true"]').waitFor();
      await page.getByRole('button', { name: /^(Logga ut|Sign out)$/ }).waitFor();
    },
    async close(): Promise<void> {
      for (const context of contexts) await context.close().catch(() => undefined);
    },
  };
}
