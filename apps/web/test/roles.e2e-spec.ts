import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '@fullfolj/runtime';
import { ApiStack, startApiStack, TEST_YEAR, testDate } from '@fullfolj/testing';
import { axeViolations, launchChromium, screenshot } from './browser';

// The programme page lists people and roles, and its owner revokes a role there (after a
// confirmation), in Swedish and English, in Debian's Chromium against the real stack.
jest.setTimeout(5 * 60_000);

const PASSWORD = 'ett-bra-lösenord';

describe('revoking programme roles in a browser', () => {
  let stack: ApiStack;
  let browser: Browser;
  let base: string;
  let programmeId: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const confirmations: string[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
    });
    // The revoke asks the browser's own confirmation: the owner says yes.
    page.on('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });
    return page;
  };

  const check = async (page: Page, name: string) => {
    await page.locator('main[data-ready="true"]').waitFor();
    if (pageErrors.length > 0) throw new Error(`script errors: ${pageErrors.join('\n')}`);
    const violations = await axeViolations(page);
    if (violations.length > 0) throw new Error(`axe found WCAG 2.1 A/AA violations on ${name}:\n${violations.join('\n')}`);
    await screenshot(page, `roles-${name}`);
  };

  const signIn = async (page: Page, email: string) => {
    await page.goto('/#/login');
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.locator('main[data-ready="true"]').waitFor();
    await page.getByRole('button', { name: /^(Logga ut|Sign out)$/ }).waitFor();
  };

  const peopleTable = (page: Page) => page.getByRole('table', { name: /^(Personer i programmet|People in the programme)$/ });

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    stack = await startApiStack({ APP_BASE_URL: base });
    await stack.app.listen(port, '127.0.0.1');
    const { people, agents } = stack;
    for (const [key, name] of [
      ['chair', 'Erik Johansson'],
      ['member', 'Fatima Hassan'],
      ['official', 'Maria Tjänsteperson'],
      ['headTeacher', 'Lars Berg'],
      ['secretary', 'Sara Ek'],
      ['politician', 'Karin Holm'],
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
        programmeStart: testDate('01-04'),
        dates: {
          kickoff: testDate('01-27'),
          teamMeetings: [testDate('04-05'), testDate('08-18')],
          closingMeeting: testDate('11-23'),
          statusReportDue: testDate('06-10'),
          finalReportDue: testDate('02-15', 1),
        },
        steeringGroup: { chairId: people.chair.id, memberIds: [people.member.id] },
        referenceGroupIds: [people.politician.id],
        teams: [{ name: 'Utvecklingsteam Gymnasiet', memberIds: [people.headTeacher.id] }],
        secretaryId: people.secretary.id,
        responsibles: { officials: people.official.id, head_teachers: people.headTeacher.id },
      })
      .expect(201);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  it('the owner revokes a reference-group role after confirming; it leaves the list, shows in the history, and the person loses the programme', async () => {
    const page = await newPage();
    await signIn(page, stack.people.owner.email);
    await page.goto(`/#/programmes/${programmeId}`);
    await page.getByRole('heading', { level: 1, name: `Fullföljd utbildning ${TEST_YEAR}` }).waitFor();
    const karin = peopleTable(page).getByRole('row', { name: /Karin Holm/ });
    await karin.getByRole('button', { name: 'Återkalla Referensgrupp – Karin Holm' }).waitFor();
    // The one owner's role cannot be revoked, nor a responsible role that still has items.
    expect(await peopleTable(page).getByRole('button', { name: /^Återkalla Programägare/ }).count()).toBe(0);
    expect(await peopleTable(page).getByRole('button', { name: /^Återkalla Ansvarig tjänsteperson/ }).count()).toBe(0);
    await check(page, 'programme-owner');

    await karin.getByRole('button', { name: 'Återkalla Referensgrupp – Karin Holm' }).click();
    await page.getByRole('status').filter({ hasText: 'Rollen Referensgrupp är återkallad för Karin Holm.' }).first().waitFor();
    expect(confirmations.at(-1)).toMatch(/^Återkalla rollen Referensgrupp för Karin Holm\?/);
    expect(await peopleTable(page).getByRole('row', { name: /Karin Holm/ }).count()).toBe(0);
    await page.getByRole('cell', { name: 'Roll återkallad' }).first().waitFor();
    await check(page, 'revoked');

    const karinsPage = await newPage();
    await signIn(karinsPage, stack.people.politician.email);
    await karinsPage.goto(`/#/programmes/${programmeId}`);
    await karinsPage.getByRole('alert').filter({ hasText: /programme owner|roll|role/i }).first().waitFor();
  });

  it("a refusal is said in the owner's language: the role was revoked meanwhile, in Swedish and in English", async () => {
    const page = await newPage();
    await signIn(page, stack.people.owner.email);
    await page.goto(`/#/programmes/${programmeId}`);
    const sara = peopleTable(page).getByRole('row', { name: /Sara Ek/ });
    await sara.getByRole('button', { name: 'Återkalla Sekreterare – Sara Ek' }).waitFor();
    // Someone else (here: the API) revokes it first; the page still offers it.
    await stack.agents.owner.delete(`/programmes/${programmeId}/roles/${stack.people.secretary.id}/secretary`).expect(200);
    await sara.getByRole('button', { name: 'Återkalla Sekreterare – Sara Ek' }).click();
    await page.getByRole('alert').filter({ hasText: 'Personen har inte längre den rollen.' }).waitFor();
    await check(page, 'refused');

    await stack.agents.owner.patch('/people/me').send({ language: 'en' }).expect(200);
    const english = await newPage();
    await signIn(english, stack.people.owner.email);
    await english.goto(`/#/programmes/${programmeId}`);
    const fatima = peopleTable(english).getByRole('row', { name: /Fatima Hassan/ });
    await fatima.getByRole('button', { name: 'Revoke Steering-group member – Fatima Hassan' }).click();
    await english.getByRole('status').filter({ hasText: 'The role Steering-group member is revoked from Fatima Hassan.' }).first().waitFor();
    expect(confirmations.at(-1)).toMatch(/^Revoke the role Steering-group member from Fatima Hassan\?/);
    await english.getByRole('cell', { name: 'Role revoked' }).first().waitFor();
    await check(english, 'revoked-en');
  });
});
