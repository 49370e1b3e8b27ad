import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '@fullfolj/runtime';
import { ApiStack, eventually, startApiStack } from '@fullfolj/testing';
import { FIXTURE_AS_OF, FIXTURE_PLAN } from '../../api/src/follow-up/fixtures/follow-up-table.fixture';
import { launchChromium } from './browser';
import { browserSession } from './session';

// A follow-up plan's page says which programme the plan is linked into; its owners and editors
// link it to a programme they own, and unlink it after a confirmation, and the programme's
// lägesrapport then includes (or leaves out) the plan's follow-up. Whoever owns no programme
// gets no control. In Debian's Chromium against the real stack, in Swedish and English.
jest.setTimeout(5 * 60_000);

const FIXTURE_CSV = path.join(__dirname, '..', '..', 'api', 'src', 'follow-up', 'fixtures', 'follow-up-2022-08-31.csv');
const todayInStockholm = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

interface StatusReport {
  followUp: Array<{ plan: { id: string; name: string }; rows: unknown[] }>;
}

describe("linking a follow-up plan into a programme's reports in a browser", () => {
  let stack: ApiStack;
  let browser: Browser;
  let base: string;
  let planId: string;
  let planName: string;
  // The plan owner's programme the plan is linked into, another of hers, and one where she only reads.
  const linked = { id: randomUUID(), name: '' };
  const other = { id: randomUUID(), name: '' };
  const notHers = { id: randomUUID(), name: '' };
  const confirmations: string[] = [];
  let confirmAnswer = true;
  const session = browserSession(() => browser, () => base, { screenshotPrefix: 'plan-programme' });
  const { check, signIn, close } = session;

  const newPage = async (): Promise<Page> => {
    const page = await session.newPage();
    // What the person answers the browser's own confirmation.
    page.on('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void (confirmAnswer ? dialog.accept() : dialog.dismiss());
    });
    return page;
  };

  const openPlan = async (page: Page) => {
    await page.goto(`/#/follow-up/${planId}`);
    await page.getByRole('heading', { level: 1, name: planName }).waitFor();
    await page.locator('main[data-ready="true"]').waitFor();
    await page.getByRole('heading', { level: 2, name: /^(Program|Programme)$/ }).waitFor();
  };

  const section = (page: Page) => page.getByRole('region', { name: /^(Program|Programme)$/ });
  const programmeSelect = (page: Page) => page.getByLabel(/^(Koppla till program|Link to programme)$/);
  const controls = (page: Page) => section(page).getByRole('button');
  const focusedText = (page: Page) => page.evaluate<string>('document.activeElement?.textContent ?? ""');

  const start = (key: string, programme: { id: string; name: string }, extra: Record<string, unknown> = {}) =>
    stack.agents[key]
      .post('/programmes')
      .send({ id: programme.id, templateId: 'skr-fullfoljd-utbildning', name: programme.name, programmeStart: todayInStockholm(), steeringGroup: { chairId: stack.people.chair.id, memberIds: [] }, ...extra })
      .expect(201);
  const planProgramme = async () => (await stack.agents.planOwner.get(`/follow-up/plans/${planId}`).expect(200)).body.programmeId as string | null;
  const statusReport = async (programmeId: string) => (await stack.agents.planOwner.get(`/programmes/${programmeId}/reports/status`).expect(200)).body as StatusReport;

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    stack = await startApiStack({ APP_BASE_URL: base });
    await stack.app.listen(port, '127.0.0.1');
    // Not an administrator: she owns the plan and the programmes she starts. Names unique to this spec: other specs' people share the database.
    await stack.addPerson('planOwner', 'Petra Programkopplare', { canOwnProgrammes: true });
    // An editor of the plan who owns no programme (until he is made an owner of one, for a while).
    await stack.addPerson('editor', 'Edvin Redaktör');
    // The steering group's chair: a role in the programme, no part in the plan, owns no programme.
    await stack.addPerson('chair', 'Stina Styrgrupp');
    // May own programmes, owns none, has nothing to do with the plan or the programme.
    await stack.addPerson('outsider', 'Ove Obehörig', { canOwnProgrammes: true });
    linked.name = `Fullföljd utbildning ${stack.run}`;
    other.name = `Introduktionsprogrammen ${stack.run}`;
    notHers.name = `Annas program ${stack.run}`;
    await start('planOwner', linked);
    await start('planOwner', other);
    await start('owner', notHers, { referenceGroupIds: [stack.people.planOwner.id] });

    planName = `Verksamhetsplan 2022 (${stack.run})`;
    planId = (await stack.agents.planOwner.post('/follow-up/plans').send({ ...FIXTURE_PLAN, name: planName }).expect(201)).body.id;
    await stack.agents.planOwner.post(`/follow-up/plans/${planId}/editors`).send({ personId: stack.people.editor.id }).expect(201);
    await stack.agents.planOwner.post(`/follow-up/plans/${planId}/imports`).field('asOf', FIXTURE_AS_OF).attach('file', FIXTURE_CSV).expect(200);
  });

  afterAll(async () => {
    await close();
    await browser?.close();
    await stack?.close();
  });

  it("the plan's owner links it to a programme she owns through the page; the programme's status report then includes its follow-up", async () => {
    const page = await newPage();
    await signIn(page, stack.people.planOwner.email);
    await openPlan(page);
    await section(page).getByText('Inte kopplad till något program.', { exact: true }).waitFor();
    // Only the programmes she owns are offered, not one where she only has a role.
    const offered = await programmeSelect(page).locator('option').allTextContents();
    expect(offered).toEqual(['Välj ett program', linked.name, other.name]);
    expect(await section(page).getByRole('button', { name: 'Ta bort kopplingen' }).count()).toBe(0);
    await check(page, 'unlinked');

    // Nothing chosen: said beside the field, nothing sent.
    await section(page).getByRole('button', { name: 'Koppla', exact: true }).click();
    await section(page).locator('.field-error').filter({ hasText: 'Välj ett program.' }).waitFor();
    expect(await programmeSelect(page).getAttribute('aria-invalid')).toBe('true');
    expect(await planProgramme()).toBeNull();

    await programmeSelect(page).selectOption({ label: linked.name });
    await section(page).getByRole('button', { name: 'Koppla', exact: true }).click();
    const done = `Planen är nu kopplad till ${linked.name}. Programmets lägesrapport och slutrapport tar med planens uppföljning.`;
    await section(page).getByRole('status').filter({ hasText: done }).waitFor();
    // The button pressed is gone: focus is on the confirmation.
    expect(await focusedText(page)).toBe(done);
    const link = section(page).getByRole('link', { name: linked.name, exact: true });
    expect(await link.getAttribute('href')).toBe(`#/programmes/${linked.id}`);
    await section(page).getByText('Kopplad till programmet', { exact: false }).waitFor();
    await section(page).getByRole('button', { name: 'Ta bort kopplingen', exact: true }).waitFor();
    // The linked programme is not offered again; the other one is.
    expect(await programmeSelect(page).locator('option').allTextContents()).toEqual(['Välj ett program', other.name]);
    expect(await planProgramme()).toBe(linked.id);
    await check(page, 'linked');

    // The programme's lägesrapport lists the plan's follow-up, every row of it.
    const ownRows = (await stack.agents.planOwner.get(`/follow-up/plans/${planId}/report`).expect(200)).body.rows as unknown[];
    expect(ownRows.length).toBeGreaterThan(0);
    const report = await statusReport(linked.id);
    expect(report.followUp.map((f) => f.plan.id)).toEqual([planId]);
    expect(report.followUp[0].plan.name).toBe(planName);
    expect(report.followUp[0].rows).toHaveLength(ownRows.length);
    expect((await statusReport(other.id)).followUp).toEqual([]);

    // The link leads to the programme.
    await link.click();
    await page.getByRole('heading', { level: 1, name: linked.name }).waitFor();
    await page.locator('main[data-ready="true"]').waitFor();
  });

  it('someone with a role in the programme but no programme of their own sees the link and no control', async () => {
    const page = await newPage();
    await signIn(page, stack.people.chair.email);
    await openPlan(page);
    await section(page).getByRole('link', { name: linked.name, exact: true }).waitFor();
    expect(await controls(page).count()).toBe(0);
    expect(await programmeSelect(page).count()).toBe(0);
    await check(page, 'chair');
  });

  it("someone with no part in the plan or the programme is not shown the link, and gets no control", async () => {
    const page = await newPage();
    await signIn(page, stack.people.outsider.email);
    await openPlan(page);
    await section(page).getByText('Inte kopplad till något program där du har en roll.', { exact: true }).waitFor();
    expect(await section(page).getByRole('link').count()).toBe(0);
    expect(await controls(page).count()).toBe(0);
    expect(await programmeSelect(page).count()).toBe(0);
    await check(page, 'outsider');
  });

  it('a refusal is said beside the field in the editor’s language: his ownership of the programme ended meanwhile', async () => {
    // Made an owner of the plan owner's other programme, the editor is offered it.
    await stack.agents.planOwner.post(`/programmes/${other.id}/roles`).send({ personId: stack.people.editor.id, role: 'owner' }).expect(200);
    await eventually(async () => expect((await stack.agents.editor.get('/programmes').expect(200)).body.map((p: { id: string }) => p.id)).toContain(other.id));
    const page = await newPage();
    await signIn(page, stack.people.editor.email);
    await openPlan(page);
    // He has no role in the linked programme: it is not named to him, but he may unlink the plan.
    await section(page).getByText('Kopplad till ett program där du inte har någon roll.', { exact: true }).waitFor();
    expect(await section(page).getByRole('link').count()).toBe(0);
    expect(await programmeSelect(page).locator('option').allTextContents()).toEqual(['Välj ett program', other.name]);
    await section(page).getByRole('button', { name: 'Ta bort kopplingen', exact: true }).waitFor();

    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Programme', exact: true }).waitFor();
    await section(page).getByText('Linked to a programme you have no role in.', { exact: true }).waitFor();
    await stack.agents.planOwner.delete(`/programmes/${other.id}/roles/${stack.people.editor.id}/owner`).expect(200);
    await programmeSelect(page).selectOption({ label: other.name });
    await section(page).getByRole('button', { name: 'Link', exact: true }).click();
    await section(page).locator('.field-error').filter({ hasText: 'Only an owner of the programme can link a plan to it.' }).waitFor();
    const select = programmeSelect(page);
    expect(await select.getAttribute('aria-invalid')).toBe('true');
    const errorId = await section(page).locator('.field-error').filter({ hasText: 'Only an owner' }).getAttribute('id');
    expect(await select.getAttribute('aria-describedby')).toContain(errorId);
    expect(await planProgramme()).toBe(linked.id);
    await check(page, 'refused-en');
  });

  it("the plan's owner unlinks it after confirming; the programme's status report leaves it out", async () => {
    const page = await newPage();
    await signIn(page, stack.people.planOwner.email);
    await openPlan(page);
    const unlink = section(page).getByRole('button', { name: 'Ta bort kopplingen', exact: true });

    // Saying no to the confirmation changes nothing.
    confirmAnswer = false;
    const asked = confirmations.length;
    await unlink.click();
    expect(confirmations.length).toBe(asked + 1);
    expect(confirmations.at(-1)).toBe(
      `Ta bort kopplingen till ${linked.name}? Programmets lägesrapport och slutrapport tar då inte längre med planens uppföljning, indikatorer och analyser.`,
    );
    expect(await planProgramme()).toBe(linked.id);

    confirmAnswer = true;
    await unlink.click();
    const done = `Planen är inte längre kopplad till ${linked.name}.`;
    await section(page).getByRole('status').filter({ hasText: done }).waitFor();
    expect(await focusedText(page)).toBe(done);
    await section(page).getByText('Inte kopplad till något program.', { exact: true }).waitFor();
    expect(await section(page).getByRole('button', { name: 'Ta bort kopplingen' }).count()).toBe(0);
    expect(await planProgramme()).toBeNull();
    expect((await statusReport(linked.id)).followUp).toEqual([]);
    await check(page, 'unlinked-again');

    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Programme', exact: true }).waitFor();
    await section(page).getByText('Not linked to any programme.', { exact: true }).waitFor();
    await section(page).getByRole('button', { name: 'Link', exact: true }).waitFor();
    await check(page, 'owner-en');
  });

  it('an editor who owns no programme gets no control', async () => {
    const page = await newPage();
    await signIn(page, stack.people.editor.email);
    await openPlan(page);
    // He chose English before.
    await section(page).getByText('Not linked to any programme.', { exact: true }).waitFor();
    expect(await controls(page).count()).toBe(0);
    expect(await programmeSelect(page).count()).toBe(0);
    // The plan's import form is still his.
    await page.getByRole('heading', { level: 2, name: 'Import a plan' }).waitFor();
    await check(page, 'editor-en');
  });
});
