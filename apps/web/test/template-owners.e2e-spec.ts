import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { freePort } from '@fullfolj/runtime';
import { ApiStack, startApiStack } from '@fullfolj/testing';
import { axeViolations, launchChromium, screenshot } from './browser';

// Template owners in Debian's Chromium against the real stack: the owner of a template names a
// co-owner on #/templates, who may then publish its next version, and removes them after a
// confirm; everyone else sees the owners but no controls; Swedish and English.
jest.setTimeout(5 * 60_000);

const PASSWORD = 'ett-bra-lösenord';
const SHIPPED = { sv: 'Utvecklingsprogram för fullföljd utbildning (SKR)', en: 'Development programme for completed upper-secondary education (SKR)' };

describe('template owners in a browser', () => {
  let stack: ApiStack;
  let browser: Browser;
  let base: string;
  let templateId: string;
  let v1: Record<string, unknown>;
  let names: { sv: string; en: string };
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
    // Removing a co-owner asks the browser's own confirmation: the owner says yes.
    page.on('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });
    return page;
  };

  /** Rendered, one h1 with this name, no script errors, no axe violations, photographed. */
  const check = async (page: Page, name: string, heading: string) => {
    await page.locator('main[data-ready="true"]').waitFor();
    await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    expect(await page.locator('h1').count()).toBe(1);
    if (pageErrors.length > 0) throw new Error(`script errors: ${pageErrors.join('\n')}`);
    const violations = await axeViolations(page);
    if (violations.length > 0) throw new Error(`axe found WCAG 2.1 A/AA violations on ${name}:\n${violations.join('\n')}`);
    await screenshot(page, `template-owners-${name}`);
  };

  const signIn = async (page: Page, email: string) => {
    await page.goto('/#/login');
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mitt arbete' }).waitFor();
  };

  /** The template's section, found by its heading. */
  const section = (page: Page, name: string): Locator => page.getByRole('region', { name, exact: true });
  /** What the section says: id, latest version, owner, co-owners. */
  const facts = async (region: Locator) => (await region.locator('dd').allInnerTexts()).map((text) => text.trim().replace(/\s+/g, ' '));

  const publish = (key: string, version: number) => stack.agents[key].post('/templates').send({ ...v1, version });

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    stack = await startApiStack({ APP_BASE_URL: base });
    await stack.app.listen(port, '127.0.0.1');
    // All three may own programmes, so a refusal below is about the template, not the person.
    await stack.addPerson('anna', 'Anna Mallägare', { canOwnProgrammes: true });
    await stack.addPerson('bo', 'Bo Medägare', { canOwnProgrammes: true });
    await stack.addPerson('cilla', 'Cilla Programägare', { canOwnProgrammes: true });
    const shipped = (await stack.agents.anna.get('/templates/skr-fullfoljd-utbildning').expect(200)).body.definition;
    templateId = `annas-mall-${stack.run}`;
    names = { sv: `Annas mall ${stack.run}`, en: `Anna's template ${stack.run}` };
    v1 = { ...shipped, id: templateId, version: 1, name: names };
    await publish('anna', 1).expect(201);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  it('the owner adds a co-owner, who may then publish version 2 while a third person may not, and removes them after a confirm, in Swedish and English', async () => {
    const { anna, bo, cilla } = stack.people;
    const page = await newPage();
    await signIn(page, anna.email);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Program', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Program' }).waitFor();
    await page.locator('#main').getByRole('link', { name: 'Mallar', exact: true }).click();
    await check(page, 'owner', 'Mallar');
    expect(page.url()).toMatch(/#\/templates$/);

    const mine = section(page, names.sv);
    expect(await facts(mine)).toEqual([templateId, '1', 'Anna Mallägare', 'Inga medägare']);
    await mine.getByText('Du får publicera nästa version av mallen (version 2).').waitFor();
    // A shipped template has no owner: Fullfölj's, with nothing to change.
    const shipped = section(page, SHIPPED.sv);
    expect(await facts(shipped)).toEqual(['skr-fullfoljd-utbildning', '1', 'Levereras med Fullfölj']);
    expect(await shipped.locator('form, button').count()).toBe(0);

    // Nobody chosen: said beside the field, nothing sent.
    const form = mine.getByRole('form', { name: `Lägg till medägare i ${names.sv}` });
    await form.getByRole('button', { name: 'Lägg till medägare' }).click();
    await form.getByText('Välj en person.').waitFor();
    expect(await form.getByLabel('Person', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // The owner is no choice: they own it already.
    expect(await form.locator(`option[value="${anna.id}"]`).count()).toBe(0);

    await form.getByLabel('Person', { exact: true }).selectOption(bo.id);
    await form.getByRole('button', { name: 'Lägg till medägare' }).click();
    await page.locator('#main').getByRole('status').filter({ hasText: `Bo Medägare är nu medägare av ${names.sv}.` }).waitFor();
    expect(await facts(mine)).toEqual([templateId, '1', 'Anna Mallägare', 'Bo Medägare Ta bort Bo Medägare som medägare']);
    await check(page, 'co-owner-added', 'Mallar');
    expect((await stack.agents.bo.get(`/templates/${templateId}/owners`).expect(200)).body).toMatchObject({ canPublish: true, canManage: false });

    // The co-owner publishes version 2; someone who may own programmes but not this template may not.
    await publish('bo', 2).expect(201);
    const refused = await publish('cilla', 3).expect(403);
    expect(refused.body.code).toBe('template_not_owner');

    // A refusal in words: Cilla became a co-owner meanwhile, and the page still offers her.
    await page.reload();
    await page.locator('main[data-ready="true"]').waitFor();
    expect((await facts(mine))[1]).toBe('2');
    await stack.agents.anna.post(`/templates/${templateId}/co-owners`).send({ personId: cilla.id }).expect(201);
    await form.getByLabel('Person', { exact: true }).selectOption(cilla.id);
    await form.getByRole('button', { name: 'Lägg till medägare' }).click();
    await form.getByText('Personen är redan ägare eller medägare av mallen.').waitFor();
    await check(page, 'already-owner', 'Mallar');
    await stack.agents.anna.delete(`/templates/${templateId}/co-owners/${cilla.id}`).expect(204);
    await page.reload();
    await page.locator('main[data-ready="true"]').waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    await check(page, 'owner-en', 'Templates');
    const mineEn = section(page, names.en);
    expect(await facts(mineEn)).toEqual([templateId, '2', 'Anna Mallägare', 'Bo Medägare Remove Bo Medägare as co-owner']);
    expect(await facts(section(page, SHIPPED.en))).toEqual(['skr-fullfoljd-utbildning', '1', 'Shipped with Fullfölj']);
    await mineEn.getByRole('button', { name: 'Remove Bo Medägare as co-owner' }).click();
    await page.locator('#main').getByRole('status').filter({ hasText: `Bo Medägare is no longer a co-owner of ${names.en}.` }).waitFor();
    expect(confirmations.at(-1)).toBe(`Remove Bo Medägare as a co-owner of ${names.en}? They can then no longer publish new versions of the template.`);
    expect(await facts(mineEn)).toEqual([templateId, '2', 'Anna Mallägare', 'No co-owners']);
    await check(page, 'co-owner-removed-en', 'Templates');
    expect((await publish('bo', 3).expect(403)).body.code).toBe('template_not_owner');

    // Removed by someone else first: the page says so in English rather than the API's words.
    await stack.agents.anna.post(`/templates/${templateId}/co-owners`).send({ personId: bo.id }).expect(201);
    await page.reload();
    await page.locator('main[data-ready="true"]').waitFor();
    await mineEn.getByRole('button', { name: 'Remove Bo Medägare as co-owner' }).waitFor();
    await stack.agents.owner.delete(`/templates/${templateId}/co-owners/${bo.id}`).expect(204);
    await mineEn.getByRole('button', { name: 'Remove Bo Medägare as co-owner' }).click();
    await mineEn.getByRole('alert').filter({ hasText: 'That person is no longer a co-owner of the template.' }).waitFor();
    await check(page, 'remove-refused-en', 'Templates');

    await page.getByRole('button', { name: 'Svenska' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mallar' }).waitFor();
  });

  it('a co-owner and a non-owner see the owners but no controls; only the co-owner is told they may publish', async () => {
    const { bo } = stack.people;
    // Bo is a co-owner here, whatever the test before left.
    const owners = (await stack.agents.anna.get(`/templates/${templateId}/owners`).expect(200)).body.owners as Array<{ personId: string }>;
    if (!owners.some((o) => o.personId === bo.id)) await stack.agents.anna.post(`/templates/${templateId}/co-owners`).send({ personId: bo.id }).expect(201);
    const latest = (await stack.agents.anna.get(`/templates/${templateId}`).expect(200)).body.version as number;

    const bos = await newPage();
    await signIn(bos, bo.email);
    await bos.goto('/#/templates');
    await check(bos, 'co-owner', 'Mallar');
    const asCoOwner = section(bos, names.sv);
    expect(await facts(asCoOwner)).toEqual([templateId, String(latest), 'Anna Mallägare', 'Bo Medägare']);
    await asCoOwner.getByText(`Du får publicera nästa version av mallen (version ${latest + 1}).`).waitFor();
    expect(await bos.locator('#main form, #main button').count()).toBe(0);

    const cillas = await newPage();
    await signIn(cillas, stack.people.cilla.email);
    await cillas.goto('/#/templates');
    await check(cillas, 'non-owner', 'Mallar');
    const asOther = section(cillas, names.sv);
    expect(await facts(asOther)).toEqual([templateId, String(latest), 'Anna Mallägare', 'Bo Medägare']);
    expect(await asOther.getByText(/Du får publicera/).count()).toBe(0);
    expect(await cillas.locator('#main form, #main button').count()).toBe(0);
    expect(await facts(section(cillas, SHIPPED.sv))).toEqual(['skr-fullfoljd-utbildning', '1', 'Levereras med Fullfölj']);

    await cillas.getByRole('button', { name: 'English' }).click();
    await check(cillas, 'non-owner-en', 'Templates');
    expect(await facts(section(cillas, names.en))).toEqual([templateId, String(latest), 'Anna Mallägare', 'Bo Medägare']);
    expect(await facts(section(cillas, SHIPPED.en))).toEqual(['skr-fullfoljd-utbildning', '1', 'Shipped with Fullfölj']);
    expect(await cillas.locator('#main form, #main button').count()).toBe(0);
    await cillas.getByRole('button', { name: 'Svenska' }).click();
    await cillas.getByRole('heading', { level: 1, name: 'Mallar' }).waitFor();
  });
});
