import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { freePort } from '@fullfolj/runtime';
import { ApiStack, startApiStack } from '@fullfolj/testing';
import { axeViolations, launchChromium, screenshot } from './browser';

// Personal data in Debian's Chromium against the real stack: a person downloads their own data
// from My account; an administrator downloads a person's data and erases them, with a reason
// and a confirm, and refusals in words (Swedish and English).
jest.setTimeout(5 * 60_000);

const PASSWORD = 'ett-bra-lösenord';

describe('personal data in a browser', () => {
  let stack: ApiStack;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
    });
    // The erasure's confirm is the browser's own dialog: the administrator says yes.
    page.on('dialog', (dialog) => void dialog.accept());
    return page;
  };

  /** Rendered, one h1 with this name, no axe violations, photographed. */
  const check = async (page: Page, name: string, heading: string | RegExp) => {
    await page.locator('main[data-ready="true"]').waitFor();
    if (pageErrors.length > 0) throw new Error(`script errors: ${pageErrors.join('\n')}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    expect(await page.locator('h1').count()).toBe(1);
    const violations = await axeViolations(page);
    if (violations.length > 0) throw new Error(`axe found WCAG 2.1 A/AA violations on ${name}:\n${violations.join('\n')}`);
    await screenshot(page, `personal-data-${name}`);
  };

  const signIn = async (page: Page, email: string) => {
    await page.goto('/#/login');
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mitt arbete' }).waitFor();
  };

  /** Clicks a download link and parses the JSON file the browser saved. */
  const download = async (page: Page, link: Locator) => {
    const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(file.suggestedFilename()).toMatch(/^mina-uppgifter-[0-9a-f-]{36}\.json$/);
    return JSON.parse(await readFile(await file.path(), 'utf8'));
  };

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    stack = await startApiStack({ APP_BASE_URL: base });
    await stack.app.listen(port, '127.0.0.1');
    await stack.addPerson('lars', `Lars Berg ${stack.run}`);
    await stack.addPerson('karin', `Karin Holm ${stack.run}`);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  it('My account: "Ladda ner mina uppgifter" downloads everything held about me, in Swedish and English', async () => {
    const page = await newPage();
    const lars = stack.people.lars;
    await signIn(page, lars.email);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Mitt konto' }).click();
    await check(page, 'account', 'Mitt konto');
    const data = await download(page, page.getByRole('link', { name: 'Ladda ner mina uppgifter' }));
    expect(data.person).toMatchObject({ id: lars.id, name: lars.name, email: lars.email });
    expect(data.sessions.length).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    const again = await download(page, page.getByRole('link', { name: 'Download my data' }));
    expect(again.person.id).toBe(lars.id);
    await check(page, 'account-en', 'My account');
    await page.getByRole('button', { name: 'Svenska' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mitt konto' }).waitFor();
  });

  it('Administration: an administrator downloads a person’s data, and erases them with a reason and a confirm', async () => {
    const page = await newPage();
    const karin = stack.people.karin;
    await signIn(page, stack.people.owner.email);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    await check(page, 'admin-people', 'Personer');
    const row = () => page.getByRole('table', { name: 'Personer' }).getByRole('row').filter({ hasText: karin.email });
    const data = await download(page, row().getByRole('link', { name: `Ladda ner uppgifter: ${karin.name}` }));
    expect(data.person).toMatchObject({ id: karin.id, email: karin.email });

    // Refusals in words: no person chosen; no reason (the API's code reason_required).
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Radera personuppgifter' }) });
    await form.getByRole('button', { name: 'Radera personuppgifter' }).click();
    await form.getByText('Välj en person.').waitFor();
    await form.getByLabel('Person', { exact: true }).selectOption(karin.id);
    await form.getByRole('button', { name: 'Radera personuppgifter' }).click();
    await form.locator('textarea[name="reason"][aria-invalid="true"]').waitFor();
    await form.getByText('Ange ett skäl.').waitFor();
    await stack.agents.karin.get('/auth/me').expect(200); // nothing was erased
    await check(page, 'admin-erase-refused', 'Personer');

    await form.getByLabel('Person', { exact: true }).selectOption(karin.id);
    await form.getByLabel('Skäl').fill('Begäran enligt artikel 17, dnr 2026/7');
    await form.getByRole('button', { name: 'Radera personuppgifter' }).click();
    const done = page.locator('#main').getByText(new RegExp(`^Uppgifterna om ${karin.name} är raderade\\. Personen heter nu Person \\d+\\.$`));
    await done.waitFor();
    const pseudonym = /Person \d+/.exec((await done.textContent())!)![0];
    // The table shows the pseudonym; the person can no longer be chosen; their session has ended.
    const erasedRow = page.getByRole('table', { name: 'Personer' }).getByRole('row').filter({ hasText: pseudonym });
    await erasedRow.getByText(/^Avstängd/).waitFor();
    expect(await erasedRow.getByRole('button', { name: /^Aktivera igen/ }).count()).toBe(0); // closed for good
    expect(await page.getByRole('table', { name: 'Personer' }).getByText(karin.email).count()).toBe(0);
    expect(await form.locator(`option[value="${karin.id}"]`).count()).toBe(0);
    await stack.agents.karin.get('/auth/me').expect(401);
    const log = (await stack.agents.owner.get(`/admin/security-log?personId=${karin.id}`).expect(200)).body;
    expect(log[0]).toMatchObject({ action: 'person_erased', subjectName: pseudonym, detail: { reason: 'Begäran enligt artikel 17, dnr 2026/7', pseudonym } });
    await check(page, 'admin-erased', 'Personer');

    // The security log page names the act in words.
    await page.goto('/#/admin/security-log');
    await page.locator('main[data-ready="true"]').waitFor();
    await page.getByText('Personuppgifter raderade').first().waitFor();
  });
});
