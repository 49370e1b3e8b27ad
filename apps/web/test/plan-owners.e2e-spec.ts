import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '@fullfolj/runtime';
import { ApiStack, startApiStack } from '@fullfolj/testing';
import { FIXTURE_AS_OF, FIXTURE_PLAN, fixtureRows } from '../../api/src/follow-up/fixtures/follow-up-table.fixture';
import { axeViolations, launchChromium, screenshot } from './browser';

// A follow-up plan's page lists its owners and editors; its owner adds and removes editors
// there, and only owners and editors get the import form (not everyone who may own
// programmes), in Swedish and English, in Debian's Chromium against the real stack.
jest.setTimeout(5 * 60_000);

const PASSWORD = 'ett-bra-lösenord';
const FIXTURE_CSV = path.join(__dirname, '..', '..', 'api', 'src', 'follow-up', 'fixtures', 'follow-up-2022-08-31.csv');

describe('follow-up plan owners and editors in a browser', () => {
  let stack: ApiStack;
  let browser: Browser;
  let base: string;
  let planId: string;
  let planName: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const confirmations: string[] = [];
  // What the person answers the browser's own confirmation.
  let confirmAnswer = true;

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void (confirmAnswer ? dialog.accept() : dialog.dismiss());
    });
    return page;
  };

  const check = async (page: Page, name: string) => {
    await page.locator('main[data-ready="true"]').waitFor();
    if (pageErrors.length > 0) throw new Error(`script errors: ${pageErrors.join('\n')}`);
    const violations = await axeViolations(page);
    if (violations.length > 0) throw new Error(`axe found WCAG 2.1 A/AA violations on ${name}:\n${violations.join('\n')}`);
    await screenshot(page, `plan-owners-${name}`);
  };

  const signIn = async (page: Page, email: string) => {
    await page.goto('/#/login');
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.locator('main[data-ready="true"]').waitFor();
    await page.getByRole('button', { name: /^(Logga ut|Sign out)$/ }).waitFor();
  };

  const openPlan = async (page: Page) => {
    await page.goto(`/#/follow-up/${planId}`);
    await page.getByRole('heading', { level: 1, name: planName }).waitFor();
    await page.locator('main[data-ready="true"]').waitFor();
  };

  const membersTable = (page: Page) => page.getByRole('table', { name: /^(Planens ägare och redigerare|The plan's owners and editors)$/ });
  const memberRow = (page: Page, name: string) => membersTable(page).getByRole('row', { name: new RegExp(name) });
  const importHeading = (page: Page) => page.getByRole('heading', { level: 2, name: /^(Importera plan|Import a plan)$/ });
  const editorControls = (page: Page) => page.getByRole('button', { name: /^(Lägg till redigerare|Add editor|Ta bort som redigerare|Remove as editor)/ });
  const importBy = (key: string) =>
    stack.agents[key].post(`/follow-up/plans/${planId}/imports`).field('asOf', FIXTURE_AS_OF).attach('file', FIXTURE_CSV);
  const memberIds = async () =>
    ((await stack.agents.planOwner.get(`/follow-up/plans/${planId}/members`).expect(200)).body.members as Array<{ personId: string; role: string }>).map((m) => [m.personId, m.role]);

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    stack = await startApiStack({ APP_BASE_URL: base });
    await stack.app.listen(port, '127.0.0.1');
    // Not an administrator: the owner's rights here come from owning the plan.
    await stack.addPerson('planOwner', 'Pia Planägare', { canOwnProgrammes: true });
    // An editor need not have the right to own programmes.
    await stack.addPerson('editor', 'Elsa Redigerare');
    // May own programmes, but has nothing to do with this plan.
    await stack.addPerson('outsider', 'Olle Utomstående', { canOwnProgrammes: true });
    planName = `Verksamhetsplan 2022 (${stack.run})`;
    planId = (await stack.agents.planOwner.post('/follow-up/plans').send({ ...FIXTURE_PLAN, name: planName }).expect(201)).body.id;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  it('the owner sees themself as owner, adds an editor and sees them listed; a refusal is said in Swedish', async () => {
    const page = await newPage();
    await signIn(page, stack.people.planOwner.email);
    await openPlan(page);
    await page.getByRole('heading', { level: 2, name: 'Ägare och redigerare' }).waitFor();
    expect(await memberRow(page, 'Pia Planägare \\(du\\)').getByRole('cell', { name: 'Ägare', exact: true }).count()).toBe(1);
    expect(await membersTable(page).getByRole('row').count()).toBe(2); // header and the owner
    // The owner may import, and owners are never offered for removal.
    await importHeading(page).waitFor();
    expect(await page.getByRole('button', { name: /^Ta bort som redigerare/ }).count()).toBe(0);
    await check(page, 'owner');

    // Nothing chosen: said beside the field, nothing sent.
    await page.getByRole('button', { name: 'Lägg till redigerare', exact: true }).click();
    await page.locator('.field-error').filter({ hasText: 'Välj en person.' }).waitFor();
    expect(await page.getByLabel('Person', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    // Someone else adds Olle meanwhile: the API's refusal comes in the owner's language.
    await page.getByLabel('Person', { exact: true }).selectOption({ label: 'Olle Utomstående' });
    await stack.agents.planOwner.post(`/follow-up/plans/${planId}/editors`).send({ personId: stack.people.outsider.id }).expect(201);
    await page.getByRole('button', { name: 'Lägg till redigerare', exact: true }).click();
    await page.locator('.field-error').filter({ hasText: 'Personen är redan ägare eller redigerare av planen.' }).waitFor();
    await check(page, 'owner-refused');
    await stack.agents.planOwner.delete(`/follow-up/plans/${planId}/editors/${stack.people.outsider.id}`).expect(204);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: planName }).waitFor();
    await page.locator('main[data-ready="true"]').waitFor();
    await page.getByLabel('Person', { exact: true }).selectOption({ label: 'Elsa Redigerare' });
    await page.getByRole('button', { name: 'Lägg till redigerare', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Elsa Redigerare är nu redigerare av planen.' }).first().waitFor();
    const elsa = memberRow(page, 'Elsa Redigerare');
    expect(await elsa.getByRole('cell', { name: 'Redigerare', exact: true }).count()).toBe(1);
    await elsa.getByRole('button', { name: 'Ta bort som redigerare – Elsa Redigerare' }).waitFor();
    // Someone already a member is no longer offered. By id: other specs' people share the database, and names.
    const offered = await page.getByLabel('Person', { exact: true }).locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toContain(stack.people.outsider.id);
    expect(offered).not.toContain(stack.people.editor.id);
    expect(offered).not.toContain(stack.people.planOwner.id);
    expect(await memberIds()).toEqual([
      [stack.people.planOwner.id, 'owner'],
      [stack.people.editor.id, 'editor'],
    ]);
    await check(page, 'editor-added');
  });

  it('the editor sees the import form but no editor controls, and imports a table through the browser, in Swedish and English', async () => {
    const page = await newPage();
    await signIn(page, stack.people.editor.email);
    await openPlan(page);
    expect(await memberRow(page, 'Pia Planägare').getByRole('cell', { name: 'Ägare', exact: true }).count()).toBe(1);
    expect(await memberRow(page, 'Elsa Redigerare \\(du\\)').getByRole('cell', { name: 'Redigerare', exact: true }).count()).toBe(1);
    await importHeading(page).waitFor();
    expect(await editorControls(page).count()).toBe(0);
    expect(await page.getByLabel('Person', { exact: true }).count()).toBe(0);

    const rows = fixtureRows().length;
    await page.getByLabel('Fil', { exact: true }).setInputFiles(FIXTURE_CSV);
    await page.getByLabel('Tabellen gäller per').fill(FIXTURE_AS_OF);
    await page.getByRole('button', { name: 'Importera', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `Importen är klar: ${rows} rader, ${rows} nya, 0 ändrade, 0 oförändrade.` }).waitFor();
    const imports = await stack.db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM follow_up_import WHERE plan_id = $1`, [planId]);
    expect(imports[0].n).toBe(1);
    await check(page, 'editor');

    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Owners and editors' }).waitFor();
    await importHeading(page).waitFor();
    expect(await memberRow(page, 'Elsa Redigerare \\(you\\)').getByRole('cell', { name: 'Editor', exact: true }).count()).toBe(1);
    expect(await memberRow(page, 'Pia Planägare').getByRole('cell', { name: 'Owner', exact: true }).count()).toBe(1);
    expect(await editorControls(page).count()).toBe(0);
    await check(page, 'editor-en');
  });

  it('someone who is neither owner nor editor sees the members but no import form, and the API refuses their import', async () => {
    const page = await newPage();
    await signIn(page, stack.people.outsider.email);
    await openPlan(page);
    await page.getByRole('heading', { level: 2, name: 'Ägare och redigerare' }).waitFor();
    await memberRow(page, 'Elsa Redigerare').waitFor();
    expect(await membersTable(page).getByRole('row').count()).toBe(3);
    expect(await importHeading(page).count()).toBe(0);
    expect(await page.locator('input[type=file]').count()).toBe(0);
    expect(await editorControls(page).count()).toBe(0);
    await check(page, 'outsider');

    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Owners and editors' }).waitFor();
    expect(await importHeading(page).count()).toBe(0);
    expect(await page.locator('input[type=file]').count()).toBe(0);
    await check(page, 'outsider-en');

    const refused = await importBy('outsider').expect(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'plan_editor_required' });
    await stack.agents.outsider.post(`/follow-up/plans/${planId}/editors`).send({ personId: stack.people.outsider.id }).expect(403);
  });

  it('the owner removes the editor after confirming; the editor can no longer import and is told so in English', async () => {
    // The editor has the page open (in English, the language they chose) while they are removed.
    const editorPage = await newPage();
    await signIn(editorPage, stack.people.editor.email);
    await openPlan(editorPage);
    await importHeading(editorPage).waitFor();
    await editorPage.getByRole('heading', { level: 2, name: 'Owners and editors' }).waitFor();

    const page = await newPage();
    await signIn(page, stack.people.planOwner.email);
    await openPlan(page);
    const remove = memberRow(page, 'Elsa Redigerare').getByRole('button', { name: 'Ta bort som redigerare – Elsa Redigerare' });

    // Saying no to the confirmation changes nothing.
    confirmAnswer = false;
    const asked = confirmations.length;
    await remove.click();
    expect(confirmations.length).toBe(asked + 1);
    expect(confirmations.at(-1)).toBe('Ta bort Elsa Redigerare som redigerare? Hen kan då inte längre importera eller ändra planen.');
    expect(await memberIds()).toContainEqual([stack.people.editor.id, 'editor']);

    confirmAnswer = true;
    await remove.click();
    await page.getByRole('status').filter({ hasText: 'Elsa Redigerare är inte längre redigerare av planen.' }).first().waitFor();
    expect(await memberRow(page, 'Elsa Redigerare').count()).toBe(0);
    expect(await memberIds()).toEqual([[stack.people.planOwner.id, 'owner']]);
    await check(page, 'editor-removed');

    const refused = await importBy('editor').expect(403);
    expect(refused.body).toMatchObject({ code: 'plan_editor_required' });
    // The stale page still offers the form; the refusal is in the editor's language.
    await editorPage.getByLabel('File', { exact: true }).setInputFiles(FIXTURE_CSV);
    await editorPage.getByLabel('The table is as of').fill(FIXTURE_AS_OF);
    await editorPage.getByRole('button', { name: 'Import', exact: true }).click();
    await editorPage.getByRole('alert').filter({ hasText: 'Only an owner or editor of the plan can import or change it.' }).waitFor();
    await check(editorPage, 'editor-refused-en');
    // Once reloaded the form is gone.
    await editorPage.reload();
    await editorPage.getByRole('heading', { level: 1, name: planName }).waitFor();
    await editorPage.locator('main[data-ready="true"]').waitFor();
    expect(await importHeading(editorPage).count()).toBe(0);

    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Owners and editors' }).waitFor();
    expect(await memberRow(page, 'Pia Planägare \\(you\\)').getByRole('cell', { name: 'Owner', exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: 'Add editor', exact: true }).waitFor();
    await check(page, 'owner-en');
  });
});
