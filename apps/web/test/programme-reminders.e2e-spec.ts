import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { addDays } from '@fullfolj/domain';
import { freePort } from '@fullfolj/runtime';
import { ApiStack, eventually, startApiStack } from '@fullfolj/testing';
import { launchChromium } from './browser';
import { browserSession } from './session';

// The programme page's upcoming reminders in Chromium against the real stack: the owner sees
// everything the plan will still send, a responsible official only what is addressed to her.
jest.setTimeout(5 * 60_000);

const todayInStockholm = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe('upcoming reminders on the programme page', () => {
  let stack: ApiStack;
  let browser: Browser;
  let base: string;
  const { newPage, check, signIn, close } = browserSession(() => browser, () => base, { screenshotPrefix: 'programme-reminders' });
  let programmeId: string;
  const title = 'Kartlägg frånvaro per skolenhet';

  /** The rows of the reminders table as the page shows them: [send at, to, about, kind, due]. */
  const rows = async (page: Page, caption: RegExp) => {
    const tableLocator = page.getByRole('table', { name: caption });
    await tableLocator.waitFor();
    const body = tableLocator.locator('tbody tr');
    const out: string[][] = [];
    for (let i = 0; i < (await body.count()); i++) out.push((await body.nth(i).locator('th, td').allTextContents()).map((c) => c.trim()));
    return out;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    stack = await startApiStack({ APP_BASE_URL: base });
    await stack.app.listen(port, '127.0.0.1');
    await stack.addPerson('chair', 'Erik Johansson');
    await stack.addPerson('official', 'Maria Tjänsteperson');
    const { agents, people } = stack;
    programmeId = randomUUID();
    await agents.owner
      .post('/programmes')
      .send({ id: programmeId, templateId: 'skr-fullfoljd-utbildning', name: `Fullföljd utbildning ${stack.run}`, programmeStart: todayInStockholm(), steeringGroup: { chairId: people.chair.id, memberIds: [] } })
      .expect(201);
    await eventually(async () => expect((await agents.owner.get(`/programmes/${programmeId}`).expect(200)).body.phases[0].status).toBe('open'));
    await agents.owner
      .post(`/programmes/${programmeId}/assignments`)
      .send({ id: randomUUID(), phaseKey: 'forberedelse', title, responsibleId: people.official.id, dueDate: addDays(todayInStockholm(), 20) })
      .expect(201);
    await eventually(async () => {
      const mine = (await agents.official.get(`/programmes/${programmeId}/reminders`).expect(200)).body as Array<{ title: string }>;
      expect(mine.some((r) => r.title === title)).toBe(true);
    });
  });

  afterAll(async () => {
    await close();
    await browser?.close();
    await stack?.close();
  });

  it('shows the owner every reminder the plan will still send, in Swedish and English', async () => {
    const page = await newPage();
    await signIn(page, stack.people.owner.email);
    await page.goto(`/#/programmes/${programmeId}`);
    await page.getByRole('heading', { level: 2, name: 'Kommande påminnelser' }).waitFor();
    const all = (await stack.agents.owner.get(`/programmes/${programmeId}/reminders`).expect(200)).body as Array<{ recipientIds: string[] }>;
    const shown = await rows(page, /^Kommande påminnelser \(\d+\)$/);
    expect(shown).toHaveLength(all.length);
    // Not only the official's: the owner's own escalations and the chair's gate reminders too.
    expect(shown.some((r) => r[1].includes('Maria Tjänsteperson') && r[2] === title)).toBe(true);
    expect(shown.some((r) => !r[1].includes('Maria Tjänsteperson'))).toBe(true);
    await check(page, 'owner-sv');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Upcoming reminders' }).waitFor();
    expect(await rows(page, /^Upcoming reminders \(\d+\)$/)).toHaveLength(all.length);
    await check(page, 'owner-en');
    await page.getByRole('button', { name: 'Svenska' }).click();
  });

  it('shows a responsible official only the reminders addressed to her', async () => {
    const page = await newPage();
    await signIn(page, stack.people.official.email);
    await page.goto(`/#/programmes/${programmeId}`);
    await page.getByRole('heading', { level: 2, name: 'Kommande påminnelser' }).waitFor();
    await page.getByText('Påminnelserna som planen kommer att skicka till dig, när och om vad.').waitFor();
    const mine = (await stack.agents.official.get(`/programmes/${programmeId}/reminders`).expect(200)).body as Array<{ recipientIds: string[] }>;
    expect(mine.every((r) => r.recipientIds.includes(stack.people.official.id))).toBe(true);
    const shown = await rows(page, /^Kommande påminnelser \(\d+\)$/);
    expect(shown).toHaveLength(mine.length);
    expect(shown.every((r) => r[1] === 'Maria Tjänsteperson')).toBe(true);
    await check(page, 'official-sv');
  });
});
