import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { addDays } from '@fullfolj/domain';
import { freePort } from '@fullfolj/runtime';
import { ApiStack, eventually, startApiStack } from '@fullfolj/testing';
import { launchChromium } from './browser';
import { browserSession } from './session';

// The API refuses text with characters that make it read differently from what it is; the
// web app says so next to the field, in the person's language, in Chromium against the real stack.
jest.setTimeout(5 * 60_000);

const todayInStockholm = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe('refused spoofing characters in a browser', () => {
  let stack: ApiStack;
  let browser: Browser;
  let base: string;
  const { newPage, check, signIn, close } = browserSession(() => browser, () => base, { screenshotPrefix: 'hygiene' });
  const title = 'Kartlägg frånvaro per skolenhet';

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    stack = await startApiStack({ APP_BASE_URL: base });
    await stack.app.listen(port, '127.0.0.1');
    await stack.addPerson('chair', 'Erik Johansson');
    await stack.addPerson('official', 'Maria Tjänsteperson');
    const { agents, people } = stack;
    const programmeId = randomUUID();
    await agents.owner
      .post('/programmes')
      .send({ id: programmeId, templateId: 'skr-fullfoljd-utbildning', name: `Fullföljd utbildning ${stack.run}`, programmeStart: todayInStockholm(), steeringGroup: { chairId: people.chair.id, memberIds: [] } })
      .expect(201);
    await eventually(async () => expect((await agents.owner.get(`/programmes/${programmeId}`).expect(200)).body.phases[0].status).toBe('open'));
    await agents.owner
      .post(`/programmes/${programmeId}/assignments`)
      .send({ id: randomUUID(), phaseKey: 'forberedelse', title, responsibleId: people.official.id, dueDate: addDays(todayInStockholm(), 20) })
      .expect(201);
  });

  afterAll(async () => {
    await close();
    await browser?.close();
    await stack?.close();
  });

  /** The text a screen reader reads as the field's description: its aria-describedby elements. */
  const describedBy = async (field: Locator) => {
    const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
    const texts = await Promise.all(ids.map((id) => field.page().locator(`[id="${id}"]`).textContent()));
    return texts.join(' ');
  };

  /** On My work, a status comment holding a right-to-left override, saved: the refusal next to the comment field. */
  const saveSpoofedComment = async (page: Page, labels: { comment: RegExp; save: RegExp }) => {
    await page.goto('/#/');
    const item = page.locator('article', { has: page.getByRole('heading', { name: title }) });
    await item.getByRole('heading', { name: title }).waitFor();
    const comment = item.getByLabel(labels.comment);
    await comment.fill('Klart enligt plan \u202Efdp.exe');
    await item.getByRole('button', { name: labels.save }).click();
    await eventually(async () => expect(await comment.getAttribute('aria-invalid')).toBe('true'));
    return comment;
  };

  it('shows the refusal in Swedish next to the comment, and stores nothing', async () => {
    const page = await newPage();
    await signIn(page, stack.people.official.email);
    const comment = await saveSpoofedComment(page, { comment: /^Kommentar/, save: /^Spara status$/ });
    expect(await describedBy(comment)).toContain('Texten innehåller osynliga tecken eller tecken som vänder skriftriktningen. Ta bort dem och försök igen.');
    await check(page, 'invalid-characters-sv');
    const work = (await stack.agents.official.get('/my-work').expect(200)).body as { items: Array<{ title: string; comment: string | null }> };
    expect(work.items.find((i) => i.title === title)).toMatchObject({ comment: null });
  });

  it('shows it in English for a person who prefers English', async () => {
    await stack.agents.official.patch('/people/me').send({ language: 'en' }).expect(200);
    const page = await newPage();
    await signIn(page, stack.people.official.email);
    const comment = await saveSpoofedComment(page, { comment: /^Comment/, save: /^Save status$/ });
    expect(await describedBy(comment)).toContain('The text contains invisible characters or characters that change the writing direction. Remove them and try again.');
    await check(page, 'invalid-characters-en');
  });
});
