import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { freePort } from '@fullfolj/runtime';
import { addDays } from '@fullfolj/domain';
import { ApiStack, eventually, startApiStack, TEST_YEAR } from '@fullfolj/testing';
import { axeViolations, launchChromium, screenshot } from './browser';

// Mail the SMTP server refused for good shows on the programme page, to its owners only, in
// Swedish and English, in Debian's Chromium against the real stack and a real SMTP server that
// answers 550 for one mailbox (as a relay does for an address that no longer exists).
jest.setTimeout(5 * 60_000);

const PASSWORD = 'ett-bra-lösenord';

describe('e-mail that did not arrive, on the programme page', () => {
  let stack: ApiStack;
  let browser: Browser;
  let relay: SMTPServer;
  let base: string;
  let programmeId: string;
  const today = new Date().toISOString().slice(0, 10);
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
    });
    return page;
  };

  const check = async (page: Page, name: string) => {
    await page.locator('main[data-ready="true"]').waitFor();
    if (pageErrors.length > 0) throw new Error(`script errors: ${pageErrors.join('\n')}`);
    const violations = await axeViolations(page);
    if (violations.length > 0) throw new Error(`axe found WCAG 2.1 A/AA violations on ${name}:\n${violations.join('\n')}`);
    await screenshot(page, `mail-failures-${name}`);
  };

  const signIn = async (page: Page, email: string) => {
    await page.goto('/#/login');
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.locator('main[data-ready="true"]').waitFor();
    await page.getByRole('button', { name: /^(Logga ut|Sign out)$/ }).waitFor();
  };

  const openProgramme = async (page: Page) => {
    await page.goto(`/#/programmes/${programmeId}`);
    await page.getByRole('heading', { level: 1, name: `Fullföljd utbildning ${TEST_YEAR}` }).waitFor();
    await page.locator('main[data-ready="true"]').waitFor();
  };

  beforeAll(async () => {
    browser = await launchChromium();
    relay = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: ({ address }, _session, callback) =>
        address.startsWith('gone.') ? callback(Object.assign(new Error(`5.1.1 <${address}>: Recipient address rejected: mailbox unavailable`), { responseCode: 550 })) : callback(),
      onData: (stream, _session, callback) => stream.on('end', () => callback()).resume(),
    });
    const smtpPort = await freePort();
    await new Promise<void>((resolve) => relay.listen(smtpPort, '127.0.0.1', resolve));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    stack = await startApiStack({ APP_BASE_URL: base, SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
    await stack.app.listen(port, '127.0.0.1');
    const { people, agents } = stack;
    for (const [key, name] of [
      ['chair', 'Erik Johansson'],
      ['member', 'Fatima Hassan'],
      ['official', 'Maria Tjänsteperson'],
      ['gone', 'Rut Saknad'],
    ]) {
      await stack.addPerson(key, name);
    }
    programmeId = randomUUID();
    await agents.owner
      .post('/programmes')
      .send({
        id: programmeId,
        templateId: 'skr-fullfoljd-utbildning',
        name: `Fullföljd utbildning ${TEST_YEAR}`,
        programmeStart: today, // the first phase is open, so its items' mail goes out now
        steeringGroup: { chairId: people.chair.id, memberIds: [people.member.id] },
        responsibles: { officials: people.official.id },
      })
      .expect(201);
    // An item handed over to a mailbox the relay refuses: the handover mail fails for good.
    const item = await agents.owner
      .post(`/programmes/${programmeId}/assignments`)
      .send({ phaseKey: 'forberedelse', title: 'Kartlägg frånvaron', dueDate: addDays(today, 20), responsibleId: people.official.id })
      .expect(201);
    await agents.owner.post(`/programmes/${programmeId}/assignments/${item.body.id}/responsible`).send({ responsibleId: people.gone.id }).expect(200);
    await eventually(async () => expect((await agents.owner.get(`/programmes/${programmeId}/mail-failures`).expect(200)).body).toHaveLength(1), 60_000);
  }, 3 * 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
    await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  });

  it('the owner sees the refused mail: to whom, what, and the server\u2019s answer, in Swedish', async () => {
    const page = await newPage();
    await signIn(page, stack.people.owner.email);
    await openProgramme(page);
    const section = page.getByRole('region', { name: 'E-post som inte kom fram' });
    await section.waitFor();
    const table = section.getByRole('table', { name: 'E-post som e-postservern vägrade ta emot' });
    const row = table.getByRole('row', { name: /Rut Saknad/ });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(stack.people.gone.email);
    expect(text).toContain('Kartlägg frånvaron');
    expect(text).toContain('Överlämnat uppdrag');
    expect(text).toContain('550');
    expect(text).toContain('Recipient address rejected: mailbox unavailable');
    expect(await table.getByRole('row').count()).toBe(2); // the header and the one refused mail
    // The section is in the page's own navigation.
    await page.getByRole('navigation', { name: 'Delar av sidan' }).getByRole('link', { name: 'E-post som inte kom fram' }).waitFor();
    await check(page, 'owner-sv');
  });

  it('and in English', async () => {
    await stack.agents.owner.patch('/people/me').send({ language: 'en' }).expect(200);
    const page = await newPage();
    await signIn(page, stack.people.owner.email);
    await openProgramme(page);
    const section = page.getByRole('region', { name: 'E-mail that did not arrive' });
    const row = section.getByRole('table', { name: 'E-mail the mail server refused' }).getByRole('row', { name: /Rut Saknad/ });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('Handed-over assignment');
    expect(text).toContain('550');
    expect(await section.getByRole('columnheader', { name: "The mail server's answer" }).count()).toBe(1);
    await check(page, 'owner-en');
  });

  it('a steering-group chair, who is not an owner, sees the programme without the section', async () => {
    const page = await newPage();
    await signIn(page, stack.people.chair.email);
    await openProgramme(page);
    await page.getByRole('heading', { level: 2, name: /^(Historik|History)$/ }).waitFor();
    expect(await page.getByRole('heading', { name: /^(E-post som inte kom fram|E-mail that did not arrive)$/ }).count()).toBe(0);
    expect(await page.getByText('mailbox unavailable').count()).toBe(0);
    await check(page, 'chair');
  });
});
