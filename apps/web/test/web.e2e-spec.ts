import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addDays, FOLLOW_UP_STATUS_LABELS, WorkingDayCalendar } from '@fullfolj/domain';
import { freePort, SmtpSink, startSmtpSink } from '@fullfolj/runtime';
import { ApiStack, eventually, Mailbox, sentTo, startApiStack, testDate, testServices } from '@fullfolj/testing';
import { axeViolations, launchChromium, screenshot } from './browser';

// The web app in Debian's Chromium against the real stack (API, worker, Temporal, PostgreSQL,
// SMTP sink), through each user group's main path: an owner starts the SKR programme and
// assigns work; an official opens the link in a real reminder e-mail and marks the item done;
// the steering group decides a gate and the programme moves on; a board member downloads the
// follow-up report. Every page is checked with axe-core (WCAG 2.1 A/AA) and photographed.
jest.setTimeout(10 * 60_000);

const FIXTURES = path.join(__dirname, '..', '..', 'api', 'src', 'follow-up', 'fixtures');
const PASSWORD = 'ett-bra-lösenord';
const stockholm = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', ...options }).format(new Date());

describe('the web app in a browser', () => {
  let stack: ApiStack;
  let browser: Browser;
  let base: string;
  // An SMTP sink of this file's own, so the outbox page and the mailbox see only this test's mail.
  let sink: SmtpSink;
  let mailbox: Mailbox;
  const contexts: BrowserContext[] = [];
  const checked = new Set<string>();
  /** Script errors in any page fail the test that caused them. */
  const pageErrors: string[] = [];
  let reminder: { programmeId: string; itemId: string; title: string; viaHandover: boolean; handedOver: string };

  /** A fresh browser (own cookies), at phone width if asked. */
  const newPage = async (width = 1280): Promise<Page> => {
    const context = await browser.newContext({ baseURL: base, viewport: { width, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
    });
    return page;
  };

  /** The page has rendered: its h1 shows (and names it), then axe finds nothing and a screenshot is taken. */
  const check = async (page: Page, name: string, heading?: string | RegExp) => {
    const ready = page.locator('main[data-ready="true"]').waitFor();
    await ready.catch((error) => {
      throw new Error(`${name} did not render (${pageErrors.join('; ') || 'no script errors'}): ${error}`);
    });
    if (pageErrors.length > 0) throw new Error(`script errors: ${pageErrors.join('\n')}`);
    if (heading) await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    expect(await page.locator('h1').count()).toBe(1);
    const violations = await axeViolations(page);
    if (violations.length > 0) throw new Error(`axe found WCAG 2.1 A/AA violations on ${name}:\n${violations.join('\n')}`);
    await screenshot(page, name);
    checked.add(name);
  };

  const signIn = async (page: Page, key: string, screenshotName?: string) => {
    await page.goto('/#/login');
    if (screenshotName) await check(page, screenshotName, 'Logga in');
    await page.getByLabel('E-postadress').fill(stack.people[key].email);
    await page.getByLabel('Lösenord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mitt arbete' }).waitFor();
  };

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    sink = await startSmtpSink({ dir: path.join(testServices().scratchDir, `web-mail-${randomUUID()}`), port: await freePort() });
    mailbox = new Mailbox(sink.dir);
    // The links in e-mail point at this server; the outbox page reads this file's SMTP sink.
    stack = await startApiStack({ APP_BASE_URL: base, SMTP_URL: sink.url, DEV_MAIL_DIR: sink.dir });
    await stack.app.listen(port, '127.0.0.1');
    await stack.addPerson('chair', 'Erik Johansson');
    await stack.addPerson('member', 'Fatima Hassan');
    await stack.addPerson('official', 'Maria Tjänsteperson');
    await stack.addPerson('headTeacher', 'Lars Berg');
    await stack.addPerson('politician', 'Karin Holm');
    reminder = await prepareReminder();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
    await sink?.stop();
  });

  /**
   * Precondition for the official's path: a running programme with an item due today whose
   * reminder goes out in a minute or two (the reminder policy's send time), so the worker
   * sends a real reminder e-mail while the owner's path runs. On a day without reminders
   * (weekend, holiday, or just before midnight) the item is handed over instead, and the
   * handover e-mail carries the same kind of signed link.
   */
  async function prepareReminder() {
    const { agents, people } = stack;
    const today = stockholm({ year: 'numeric', month: '2-digit', day: '2-digit' });
    const minuteOfDay = () => {
      const [hh, mm] = stockholm({ hour: '2-digit', minute: '2-digit', hour12: false }).split(':').map(Number) as [number, number];
      return hh * 60 + mm;
    };
    const viaHandover = !new WorkingDayCalendar().isWorkingDay(today) || minuteOfDay() >= 24 * 60 - 5;
    const programmeId = randomUUID();
    await agents.owner
      .post('/programmes')
      .send({
        id: programmeId,
        templateId: 'skr-fullfoljd-utbildning',
        name: `Fullföljd utbildning, uppföljning ${stack.run}`,
        programmeStart: today,
        steeringGroup: { chairId: people.chair.id, memberIds: [people.member.id] },
        responsibles: { officials: people.official.id },
      })
      .expect(201);
    const title = 'Sammanställ frånvaron per skolenhet';
    const itemId = randomUUID();
    await eventually(async () => {
      const res = await agents.owner.get(`/programmes/${programmeId}`).expect(200);
      expect(res.body.phases[0].status).toBe('open');
    });
    // At least a minute ahead, so the item's reminder workflow has planned it before the moment comes.
    const sendMinute = minuteOfDay() + 2;
    const sendAt = `${String(Math.floor(sendMinute / 60) % 24).padStart(2, '0')}:${String(sendMinute % 60).padStart(2, '0')}`;
    await agents.owner
      .post(`/programmes/${programmeId}/assignments`)
      .send({
        id: itemId,
        phaseKey: 'forberedelse',
        title,
        description: 'Underlag till styrgruppens möte',
        responsibleId: viaHandover ? people.headTeacher.id : people.official.id,
        dueDate: viaHandover ? addDays(today, 7) : today,
        reminderPolicy: { daysBefore: [], onTheDay: true, dayAfter: false, weeklyWhileOverdue: false, escalateAfterWorkingDays: null, sendAt },
      })
      .expect(201);
    if (viaHandover) {
      await agents.owner.post(`/programmes/${programmeId}/assignments/${itemId}/responsible`).send({ responsibleId: people.official.id }).expect(200);
    }
    // And an item handed over to the head teacher, whose handover e-mail carries a signed link too.
    const handedOver = 'Planera elevhälsans insatser';
    const otherId = randomUUID();
    await agents.owner
      .post(`/programmes/${programmeId}/assignments`)
      .send({ id: otherId, phaseKey: 'forberedelse', title: handedOver, responsibleId: people.owner.id, dueDate: addDays(today, 10) })
      .expect(201);
    await agents.owner.post(`/programmes/${programmeId}/assignments/${otherId}/responsible`).send({ responsibleId: people.headTeacher.id }).expect(200);
    return { programmeId, itemId, title, viaHandover, handedOver };
  }

  it('an owner starts the SKR programme from the form, sees the whole plan first, and assigns work', async () => {
    const page = await newPage();
    // A wrong password: the API's words, announced.
    await page.goto('/#/login');
    await page.getByLabel('E-postadress').fill(stack.people.owner.email);
    await page.getByLabel('Lösenord').fill('fel-lösenord');
    await page.getByRole('button', { name: 'Logga in' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('E-mail or password is incorrect');
    await signIn(page, 'owner', 'login');
    await check(page, 'my-work', 'Mitt arbete');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Program' }).click();
    await check(page, 'programmes', 'Program');
    await page.getByRole('link', { name: 'Starta ett program' }).click();
    await page.getByRole('heading', { level: 1, name: 'Starta ett program' }).waitFor();

    const { people } = stack;
    const name = `Fullföljd utbildning ${testDate('01-04').slice(0, 4)} (${stack.run})`;
    await page.getByLabel('Mall').selectOption('skr-fullfoljd-utbildning');
    await page.getByLabel('Namn', { exact: true }).fill(name);
    await page.getByLabel('Programmet börjar').fill(testDate('01-04'));
    await page.getByLabel('Programmet börjar').dispatchEvent('change');
    // The template's dates follow the start; the owner sets the kick-off the board decided.
    expect(await page.getByLabel('Uppstartsträff').inputValue()).toBe(testDate('01-27'));
    await page.getByLabel('Avslutande träff').fill(testDate('11-23'));

    // A missing chair: the API's words, next to the field.
    await page.getByRole('button', { name: 'Visa hela planen' }).click();
    const chair = page.getByLabel('Styrgruppens ordförande');
    await page.locator('select[name="steeringGroup.chairId"][aria-invalid="true"]').waitFor();
    const chairError = await page.locator(`#${await chair.getAttribute('aria-describedby').then((ids) => ids!.split(' ').pop())}`).textContent();
    expect(chairError).toMatch(/UUID/);

    await chair.selectOption(people.chair.id);
    await page.locator(`input[name="steeringGroup.memberIds"][value="${people.member.id}"]`).check();
    await page.locator(`input[name="referenceGroupIds"][value="${people.politician.id}"]`).check();
    await page.getByLabel('Tjänstepersoner').selectOption(people.official.id);
    await page.getByLabel('Rektorer').selectOption(people.headTeacher.id);
    await page.getByRole('button', { name: 'Visa hela planen' }).click();

    // The whole plan before anything starts: phases, meetings, deadlines, every reminder.
    await page.getByRole('heading', { level: 2, name: 'Planen' }).waitFor();
    expect(await page.locator('select[aria-invalid="true"]').count()).toBe(0);
    const reminders = page.getByRole('table', { name: 'Påminnelser och eskaleringar' });
    expect(await reminders.locator('tbody tr').count()).toBeGreaterThan(50);
    expect(await page.getByRole('table', { name: 'Möten' }).locator('tbody tr').count()).toBe(4);
    expect(await page.getByRole('table', { name: 'Uppgifter och deadlines' }).textContent()).toContain('Nulägesanalys');
    await check(page, 'start-programme', 'Starta ett program');

    await page.getByRole('button', { name: 'Starta programmet' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Tidslinje' }).waitFor();

    // Assign work: a new assignment, then reassign it and move its deadline with a reason.
    await page.getByRole('main').getByText('Nytt uppdrag', { exact: true }).click();
    await page.getByLabel('Rubrik').fill('Kartlägg frånvaro per skolenhet');
    await page.getByLabel('Fas', { exact: true }).selectOption('forberedelse');
    await page.getByLabel('Ansvarig', { exact: true }).selectOption(people.official.id);
    await page.getByLabel('Deadline', { exact: true }).fill(testDate('01-20'));
    await page.getByLabel('Beskrivning').fill('Underlag till nulägesanalysen');
    await page.getByRole('button', { name: 'Skapa uppdrag' }).click();
    const card = page.locator('article', { has: page.getByRole('heading', { name: 'Kartlägg frånvaro per skolenhet' }) });
    await card.waitFor();
    await card.getByText('Ändra').click();
    await card.getByLabel('Ny ansvarig').selectOption(people.headTeacher.id);
    await card.getByRole('button', { name: 'Byt ansvarig' }).click();
    await page.getByRole('main').getByText('Ny ansvarig för ”Kartlägg frånvaro per skolenhet”.').first().waitFor();

    const moved = page.locator('article', { has: page.getByRole('heading', { name: 'Kartlägg frånvaro per skolenhet' }) });
    await moved.getByText('Ändra').click();
    await moved.getByLabel('Ny deadline').fill(testDate('02-03'));
    await moved.getByRole('button', { name: 'Flytta deadline' }).click();
    await moved.locator('textarea[name="reason"][aria-invalid="true"]').waitFor();
    expect(await moved.locator('.field-error').filter({ hasText: /\S/ }).first().textContent()).toMatch(/characters|blank/);
    await moved.getByLabel('Skäl').fill('Skolenheterna behöver en vecka till');
    await moved.getByRole('button', { name: 'Flytta deadline' }).click();
    await page.getByRole('main').getByText('Deadline för ”Kartlägg frånvaro per skolenhet” är flyttad.').first().waitFor();
    const after = page.locator('article', { has: page.getByRole('heading', { name: 'Kartlägg frånvaro per skolenhet' }) });
    expect(await after.textContent()).toContain('Lars Berg');
    expect(await after.textContent()).toMatch(/flyttad från/);
    await check(page, 'programme', name);
    // At 200 % zoom (half the width in CSS pixels) nothing is wider than the window; tables scroll in their own region.
    await page.setViewportSize({ width: 640, height: 450 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(640);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The history names every act and who did it.
    const history = await page.getByRole('table', { name: 'Allt som har hänt, senaste först' }).textContent();
    expect(history).toContain('Deadline flyttad');
    expect(history).toContain('Ny ansvarig');
    expect(history).toContain('Programmet startade');
  });

  it('an official opens the link in a reminder e-mail and marks the item done', async () => {
    const official = stack.people.official;
    const mails = await mailbox.waitFor(
      (m) => sentTo(official.email)(m) && (m.text ?? '').includes(reminder.title) && /\/l\//.test(m.text ?? ''),
      1,
      4 * 60_000,
    );
    const link = /https?:\/\/\S+\/l\/[A-Za-z0-9_.-]+/.exec(mails[0].text ?? '')![0];
    expect(link.startsWith(base)).toBe(true);

    const page = await newPage(390);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: reminder.title }).waitFor();
    expect(await page.locator('dl').textContent()).toContain('Maria Tjänsteperson');
    await check(page, 'link', reminder.title);
    await page.getByLabel('Kommentar (valfri)').fill('Sammanställningen ligger i teamets mapp');
    await page.getByRole('button', { name: 'Markera som klar' }).click();
    await page.getByRole('main').getByText('Tack! Uppgiften är markerad som klar.').first().waitFor();
    await check(page, 'link-done', reminder.title);

    await eventually(async () => {
      const view = (await stack.agents.owner.get(`/programmes/${reminder.programmeId}`).expect(200)).body;
      expect(view.assignments.find((a: { id: string }) => a.id === reminder.itemId)).toMatchObject({ status: 'done', comment: 'Sammanställningen ligger i teamets mapp' });
    });
  });

  it('signed in, a link from e-mail lands on the item in My work, where status is recorded straight from the list', async () => {
    // The head teacher was handed an item; the handover e-mail carries a signed link.
    const headTeacher = stack.people.headTeacher;
    const title = reminder.handedOver;
    const [mail] = await mailbox.waitFor((m) => sentTo(headTeacher.email)(m) && (m.text ?? '').includes(title) && /\/l\//.test(m.text ?? ''));
    const link = /https?:\/\/\S+\/l\/[A-Za-z0-9_.-]+/.exec(mail.text ?? '')![0];

    const page = await newPage();
    await signIn(page, 'headTeacher');
    await page.goto(link);
    const item = page.locator('article.card--highlight');
    await item.getByRole('heading', { name: title }).waitFor();
    // The choices are the domain's own words (served by GET /vocabulary), not a copy in the web catalogue.
    const choices = await item.getByLabel('Status').locator('option').allTextContents();
    expect([...choices].sort()).toEqual(Object.values(FOLLOW_UP_STATUS_LABELS).map((l) => l.sv).sort());
    await item.getByLabel('Status').selectOption('in_progress');
    await item.getByLabel('Kommentar').fill('Två av fem skolenheter klara');
    await item.getByRole('button', { name: 'Spara status' }).click();
    await page.getByRole('main').getByText(`Status sparad för ”${title}”.`).first().waitFor();
    await eventually(async () => {
      await page.reload();
      const card = page.locator('article', { has: page.getByRole('heading', { name: title }) });
      expect(await card.textContent()).toContain('Pågående');
    });
    await check(page, 'my-work-official', 'Mitt arbete');

    // English by the switch (and as the person's preference), then back.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await check(page, 'my-work-en', 'My work');
    expect((await stack.agents.headTeacher.get('/auth/me').expect(200)).body.language).toBe('en');
    await page.getByRole('button', { name: 'Svenska' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mitt arbete' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('sv');

    // The keyboard: the skip link comes before the header's links and moves focus to the content.
    await page.getByRole('link', { name: 'Fullfölj', exact: true }).focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Hoppa till innehållet');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');

    // A phone-width screen: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await check(page, 'my-work-mobile', 'Mitt arbete');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });

  it('the steering group decides the gate in the browser and the programme moves on', async () => {
    const { agents, people } = stack;
    // Dated in the past, so the preparation phase has ended and its gate opens at once.
    const programmeId = randomUUID();
    const name = `Fullföljd utbildning (i efterhand) ${stack.run}`;
    await agents.owner
      .post('/programmes')
      .send({
        id: programmeId,
        templateId: 'skr-fullfoljd-utbildning',
        name,
        programmeStart: addDays(stockholm({ year: 'numeric', month: '2-digit', day: '2-digit' }), -450),
        steeringGroup: { chairId: people.chair.id, memberIds: [people.member.id] },
        responsibles: { officials: people.official.id, head_teachers: people.headTeacher.id },
      })
      .expect(201);
    await eventually(async () => expect((await agents.chair.get(`/programmes/${programmeId}/gates/forberedelse`).expect(200)).body.status).toBe('open'));

    // The chair finds the decision in My work and approves with a condition.
    const chair = await newPage();
    await signIn(chair, 'chair');
    const gateItem = chair.locator('article').filter({ has: chair.getByRole('link', { name }) }).filter({ has: chair.getByRole('link', { name: 'Läs underlaget och besluta' }) });
    await gateItem.getByRole('link', { name: 'Läs underlaget och besluta' }).click();
    await chair.getByRole('heading', { level: 1, name: 'Nulägesanalysen godkänd – klart för uppstart' }).waitFor();
    expect(await chair.getByRole('table', { name: 'Det här beslutar ni om' }).textContent()).toContain('Nulägesanalys');
    await chair.getByLabel('Godkänn med villkor').check();
    await chair.getByLabel('Rubrik').fill('Redovisa elevernas perspektiv i nulägesanalysen');
    await chair.getByLabel('Ansvarig').selectOption(people.headTeacher.id);
    await chair.getByLabel('Deadline').fill(addDays(stockholm({ year: 'numeric', month: '2-digit', day: '2-digit' }), 30));
    await chair.getByLabel('Kommentar').fill('Bra underlag');
    await check(chair, 'gate', 'Nulägesanalysen godkänd – klart för uppstart');
    await chair.getByRole('button', { name: 'Registrera beslut' }).click();
    await chair.getByRole('main').getByText('Ditt beslut är registrerat: Godkänn med villkor.').first().waitFor();

    // The member: sending back without a comment is refused in the API's words, beside the comment.
    const member = await newPage();
    await signIn(member, 'member');
    await member.goto(`/#/programmes/${programmeId}/gates/forberedelse`);
    await member.getByRole('heading', { level: 1, name: 'Nulägesanalysen godkänd – klart för uppstart' }).waitFor();
    expect(await member.getByRole('table', { name: 'Beslut hittills' }).textContent()).toContain('Godkänn med villkor');
    await member.getByLabel('Skicka tillbaka').check();
    await member.getByRole('button', { name: 'Registrera beslut' }).click();
    const comment = member.getByLabel('Kommentar');
    await member.locator('textarea[name="comment"][aria-invalid="true"]').waitFor();
    const describedBy = (await comment.getAttribute('aria-describedby'))!.split(' ');
    expect(await member.locator(`#${describedBy.at(-1)}`).textContent()).toBe('sending back needs a comment');
    await check(member, 'gate-error', 'Nulägesanalysen godkänd – klart för uppstart');
    await member.getByLabel('Godkänn', { exact: true }).check();
    await member.getByRole('button', { name: 'Registrera beslut' }).click();
    await member.getByRole('main').getByText('Ditt beslut är registrerat: Godkänn.').first().waitFor();

    // The gate passes and the programme moves on to the next phase; the condition became an assignment.
    await eventually(async () => {
      await chair.goto(`/#/programmes/${programmeId}`);
      await chair.getByRole('heading', { level: 2, name: 'Tidslinje' }).waitFor();
      const first = chair.locator('ol.timeline > li').first();
      expect(await first.textContent()).toContain('Godkänd');
      expect(await first.textContent()).toContain('Klar');
    });
    await chair.getByRole('heading', { name: 'Redovisa elevernas perspektiv i nulägesanalysen' }).waitFor();
    await check(chair, 'programme-moved-on', name);

    // The status report to the boards, as a document.
    const [report] = await Promise.all([chair.waitForEvent('download'), chair.getByRole('link', { name: 'Lägesrapport (PDF)' }).click()]);
    expect(report.suggestedFilename()).toMatch(/\.pdf$/);
  });

  it('an owner imports a plan (with the per-row error report) and a board member downloads the follow-up report', async () => {
    const owner = await newPage();
    await signIn(owner, 'owner');
    await owner.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Uppföljning' }).click();
    await owner.getByRole('heading', { level: 1, name: 'Uppföljning' }).waitFor();
    const planName = `Verksamhetsplan 2022 (${stack.run})`;
    await owner.getByLabel('Namn', { exact: true }).fill(planName);
    await owner.getByLabel('Kommun').fill('Exempelkommun');
    await owner.getByLabel('År').fill('2022');
    await owner.getByLabel('Nämnd 1, förkortning').fill('BiN');
    await owner.getByLabel('Nämnd 1, namn').fill('Bildningsnämnden');
    await owner.getByLabel('Nämnd 2, förkortning').fill('BoU');
    await owner.getByLabel('Nämnd 2, namn').fill('Barn- och ungdomsnämnden');
    await owner.getByRole('button', { name: 'Skapa plan' }).click();
    await owner.getByRole('heading', { level: 1, name: planName }).waitFor();

    // A table with a broken row: nothing stored, the row named.
    await owner.getByLabel('Fil', { exact: true }).setInputFiles(path.join(FIXTURES, 'follow-up-2022-08-31-broken-row.csv'));
    await owner.getByLabel('Tabellen gäller per').fill('2022-08-31');
    await owner.getByRole('button', { name: 'Importera' }).click();
    const errors = owner.getByRole('table', { name: /Fel per rad/ });
    await errors.waitFor();
    expect(await errors.textContent()).toContain('58');
    await check(owner, 'plan-import-errors', planName);

    await owner.getByLabel('Fil', { exact: true }).setInputFiles(path.join(FIXTURES, 'follow-up-2022-08-31.csv'));
    await owner.getByRole('button', { name: 'Importera' }).click();
    await owner.getByRole('main').getByText(/Importen är klar: 121 rader/).first().waitFor();
    const planUrl = owner.url();
    await owner.getByRole('main').getByRole('link', { name: 'Uppföljning' }).click();
    await owner.getByRole('link', { name: planName }).waitFor();
    await check(owner, 'follow-up', 'Uppföljning');

    // A board member (reference group) reads and downloads the report as of 31 August, for BiN.
    const reader = await newPage();
    await signIn(reader, 'politician');
    await reader.goto(planUrl.replace(/\?.*$/, ''));
    await reader.getByRole('heading', { level: 1, name: planName }).waitFor();
    expect(await reader.getByRole('heading', { name: 'Importera plan' }).count()).toBe(0);
    await reader.getByLabel('Per datum').fill('2022-08-31');
    await reader.getByLabel('Nämnd', { exact: true }).selectOption('BiN');
    await reader.getByRole('button', { name: 'Visa rapporten' }).click();
    await reader.getByRole('heading', { name: /Uppföljning av .* per den 31 augusti 2022, Bildningsnämnden/ }).waitFor();
    expect(await reader.locator('.summary-sentences').textContent()).toContain('80 aktiviteter');
    await check(reader, 'plan', planName);

    const download = async (label: string) => {
      const [file] = await Promise.all([reader.waitForEvent('download'), reader.getByRole('link', { name: label }).click()]);
      const stream = await file.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.from(chunk));
      return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
    };
    const xlsx = await download('Excel (XLSX)');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
    const pdf = await download('PDF');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const csv = await download('CSV');
    expect(csv.bytes.toString('utf8')).toContain('Aktivitet');
  });

  it('the development outbox shows the e-mails as their recipients see them', async () => {
    const page = await newPage();
    await signIn(page, 'official');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Utkorg (utveckling)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Utkorg' }).waitFor();
    await check(page, 'outbox', 'Utkorg');
    const row = page.getByRole('row').filter({ hasText: stack.people.official.email }).filter({ hasText: reminder.title }).first();
    await row.getByRole('link').click();
    await page.locator('iframe.mail-body').waitFor();
    expect(await page.frameLocator('iframe.mail-body').locator('body').textContent()).toContain(reminder.title);
    await check(page, 'outbox-message');
  });

  it('checked every page', () => {
    expect([...checked].sort()).toEqual(
      [
        'follow-up',
        'gate',
        'gate-error',
        'link',
        'link-done',
        'login',
        'my-work',
        'my-work-en',
        'my-work-mobile',
        'my-work-official',
        'outbox',
        'outbox-message',
        'plan',
        'plan-import-errors',
        'programme',
        'programme-moved-on',
        'programmes',
        'start-programme',
      ].sort(),
    );
  });
});
