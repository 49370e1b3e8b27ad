import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addDays } from '@fullfolj/domain';
import { freePort } from '@fullfolj/runtime';
import { ApiStack, startApiStack } from '@fullfolj/testing';
import { launchChromium } from './browser';
import { browserSession } from './session';

// Issue 18: a follow-up plan's indicators and analyses in Debian's Chromium against the real
// stack. The owner defines an indicator and records a value through the forms, sees the figures
// and the chart, imports a table with a bad row, and writes, marks ready and approves an
// analysis and then the period's report, in Swedish (and once in English).
jest.setTimeout(5 * 60_000);

const todayInStockholm = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

const PLAN_TABLE = [
  'Perspektiv;Nämndmål;Strategiskt utvecklingsuppdrag;Aktivitet;Nämnd;Slutfört;Status',
  'Medarbetare;Tillgången på kompetens ska motsvara verksamhetens behov;Kompetensförsörjning;Lärarspecialisering med stöd av elevkoordinatörer;BUN;December;Pågår',
  'Medarbetare;Tillgången på kompetens ska motsvara verksamhetens behov;Kompetensförsörjning;Introduktionsperiod för nyexaminerade lärare;BUN;December;Pågår',
].join('\n');

const INDICATOR = 'Andel behöriga lärare';

describe('indicators and analyses of a follow-up plan in a browser', () => {
  let stack: ApiStack;
  let browser: Browser;
  let base: string;
  let planId: string;
  let planName: string;
  const { newPage: sessionPage, check, signIn, close } = browserSession(() => browser, () => base, { screenshotPrefix: 'indicators' });
  const confirmations: string[] = [];
  const today = todayInStockholm();
  // A period after this year: its value is still to come, so reminders are planned for it.
  const futureTerm = `${Number(today.slice(0, 4)) + 1}-VT`;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'fullfolj-indicators-'));

  const newPage = async (): Promise<Page> => {
    const page = await sessionPage();
    page.on('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });
    return page;
  };

  const ready = (page: Page) => page.locator('main[data-ready="true"]').waitFor();
  const card = (page: Page) => page.getByRole('article', { name: INDICATOR });
  const figures = (page: Page) => card(page).getByRole('table', { name: new RegExp(`^(Målvärde och utfall per period|Target and outcome per period): ${INDICATOR}$`) });
  const figureRow = (page: Page, period: string) => figures(page).getByRole('row', { name: new RegExp(`^${period}`) });
  const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');
  /** Nothing wider than a 375 px phone: what scrolls sideways does so inside its own region. */
  const fitsPhone = async (page: Page) => {
    await page.setViewportSize({ width: 375, height: 800 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.setViewportSize({ width: 1280, height: 900 });
    return width;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    stack = await startApiStack({ APP_BASE_URL: base });
    await stack.app.listen(port, '127.0.0.1');
    // Not an administrator: the owner's rights come from owning the plan.
    await stack.addPerson('planOwner', 'Ingrid Indikatorägare', { canOwnProgrammes: true });
    await stack.addPerson('hr', 'Rut Rapportör');
    planName = `Verksamhetsplan 2022 (${stack.run})`;
    const owner = stack.agents.planOwner;
    planId = (await owner.post('/follow-up/plans').send({ name: planName, municipality: 'Halmstads kommun', year: 2022, boards: [{ code: 'BUN', name: 'Barn- och ungdomsnämnden' }] }).expect(201)).body.id;
    await owner.post(`/follow-up/plans/${planId}/imports`).field('asOf', '2022-02-01').attach('file', Buffer.from(PLAN_TABLE), 'plan.csv').expect(200);
  });

  afterAll(async () => {
    await close();
    await browser?.close();
    await stack?.close();
  });

  it('the owner defines an indicator and records a value through the forms, sees figures, chart and reminders, and imports a table with a bad row', async () => {
    const page = await newPage();
    await signIn(page, stack.people.planOwner.email);
    await page.goto(`/#/follow-up/${planId}`);
    await page.getByRole('heading', { level: 1, name: planName }).waitFor();
    await ready(page);
    // The report downloads now include Word.
    const word = page.getByRole('link', { name: 'Word (DOCX)', exact: true });
    expect(await word.getAttribute('href')).toMatch(new RegExp(`^/follow-up/plans/${planId}/report\\?.*format=docx`));
    const planNav = page.getByRole('navigation', { name: 'Planens delar' });
    expect(await planNav.getByRole('link', { name: 'Rapport', exact: true }).getAttribute('aria-current')).toBe('page');
    await planNav.getByRole('link', { name: 'Indikatorer', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Indikatorer' }).waitFor();
    await ready(page);
    await page.getByText('Planen har inga indikatorer ännu.').waitFor();
    await check(page, 'empty');

    // Define: the API's refusal of a target period of the wrong kind is said beside that row's field.
    const define = page.getByRole('form', { name: 'Ny indikator' });
    await define.getByLabel('Namn', { exact: true }).fill(INDICATOR);
    await define.getByLabel('Beskrivning', { exact: true }).fill('Andel lärare med lärarlegitimation och behörighet i ämnet');
    expect(await define.getByLabel('Enhet', { exact: true }).inputValue()).toBe('percent');
    await define.getByLabel('Periodicitet', { exact: true }).selectOption({ label: 'Termin' });
    await define.getByLabel('Utgångsvärdets period').fill('2021-HT');
    await define.getByLabel('Utgångsvärde', { exact: true }).fill('68');
    await define.getByLabel('Period 1', { exact: true }).fill('2022');
    await define.getByLabel('Målvärde 1', { exact: true }).fill('70');
    await define.getByRole('button', { name: 'Lägg till ett målvärde' }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toMatch(/^targets\.\d+\.period$/);
    await define.getByLabel('Period 2', { exact: true }).fill('2022-HT');
    await define.getByLabel('Målvärde 2', { exact: true }).fill('75,5');
    await define.getByRole('button', { name: 'Lägg till ett målvärde' }).click();
    await define.getByLabel('Period 3', { exact: true }).fill(futureTerm);
    await define.getByLabel('Målvärde 3', { exact: true }).fill('80');
    await define.getByLabel('Ansvarig', { exact: true }).selectOption({ label: 'Rut Rapportör' });
    await define.getByLabel('Lärarspecialisering med stöd av elevkoordinatörer').check();
    await define.getByRole('button', { name: 'Spara indikatorn' }).click();
    const period1 = define.getByLabel('Period 1', { exact: true });
    await define.locator('.field-error').filter({ hasText: 'Det är ingen period av rätt slag.' }).waitFor();
    expect(await period1.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('2022');
    await check(page, 'define-refused');

    await period1.fill('2022-vt');
    await define.getByRole('button', { name: 'Spara indikatorn' }).click();
    const saved = page.getByRole('status').filter({ hasText: `Indikatorn ”${INDICATOR}” är sparad.` });
    await saved.waitFor();
    expect(await focusedText(page)).toContain(`Indikatorn ”${INDICATOR}” är sparad.`);
    const stored = (await stack.agents.planOwner.get(`/follow-up/plans/${planId}/indicators`).expect(200)).body.indicators;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      name: INDICATOR,
      unit: { kind: 'percent' },
      direction: 'higher',
      periodicity: 'term',
      baseline: { period: '2021-HT', value: 68 },
      targets: { '2022-VT': 70, '2022-HT': 75.5, [futureTerm]: 80 },
      responsibleId: stack.people.hr.id,
      source: { kind: 'manual' },
      reportWithinWorkingDays: 10,
    });
    expect(stored[0].figures.linkedActivities).toEqual(['Lärarspecialisering med stöd av elevkoordinatörer']);

    // The card: facts, figures with attainment in words, linked activities, reminders still to come.
    const indicator = card(page);
    await indicator.getByRole('heading', { level: 2, name: INDICATOR }).waitFor();
    expect(await indicator.locator('dl.facts').textContent()).toContain('Rut Rapportör');
    expect(await indicator.locator('dl.facts').textContent()).toContain('Högre är bättre');
    expect(await figureRow(page, 'VT 2022').textContent()).toContain('Inget utfall');
    expect(await indicator.getByRole('listitem').allTextContents()).toEqual(['Lärarspecialisering med stöd av elevkoordinatörer']);
    const reminders = indicator.getByRole('table', { name: new RegExp(`^Påminnelser om att rapportera utfall för ${INDICATOR}`) });
    await reminders.waitFor();
    const firstReminder = reminders.getByRole('row').nth(1);
    // Swedish dates and times, Stockholm time ("3 feb. 2027 08:00").
    expect(await firstReminder.getByRole('rowheader').textContent()).toMatch(/^\d{1,2} [a-zåäö]+\.? \d{4} \d{2}:\d{2}$/);
    expect(await firstReminder.textContent()).toContain(`VT ${futureTerm.slice(0, 4)}`);
    expect(await reminders.textContent()).toContain('Den ansvariga');

    // Record a value: said in a status that gets the focus; the figures follow.
    const record = indicator.getByRole('form', { name: `Rapportera utfall: ${INDICATOR}` });
    await record.getByLabel('Period', { exact: true }).fill('2022-VT');
    await record.getByLabel('Värde', { exact: true }).fill('71,5');
    await record.getByLabel('Kommentar', { exact: true }).fill('Fler lärare har tagit examen.');
    await record.getByRole('button', { name: /^Spara utfallet/ }).click();
    await card(page).getByRole('status').filter({ hasText: 'Utfallet för VT 2022 är sparat.' }).waitFor();
    expect(await focusedText(page)).toBe('Utfallet för VT 2022 är sparat.');
    const vt = figureRow(page, 'VT 2022');
    expect(await vt.textContent()).toContain('71,5 %');
    expect(await vt.getByRole('cell', { name: 'Uppnått', exact: true }).count()).toBe(1);
    expect(await vt.locator('.attainment--met').count()).toBe(1);

    // The chart: an image from the API that loads, with the figures in its alt text.
    const chart = card(page).locator('img.chart');
    expect(await chart.getAttribute('alt')).toContain('VT 2022: målvärde 70 %, utfall 71,5 %, uppnått.');
    await page.waitForFunction((img) => (img as HTMLImageElement).complete, await chart.elementHandle());
    expect(await chart.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    // Drawn afresh after the change (not the drawing from before the value), as the API serves it.
    const drawing = decodeURIComponent((await chart.getAttribute('src'))!.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
    expect(drawing).toMatch(/^<svg /);
    expect(drawing).toContain('71,5 %');
    expect(await chart.getAttribute('data-source')).toBe(`/follow-up/plans/${planId}/indicators/${stored[0].id}/chart.svg?asOf=${today}&lang=sv`);
    await check(page, 'recorded');

    // As of yesterday the value recorded today was not known yet.
    await page.getByLabel('Per datum').fill(addDays(today, -1));
    await page.getByRole('button', { name: 'Visa siffrorna' }).click();
    await page.waitForFunction(() => location.hash.includes('asOf='));
    await figureRow(page, 'VT 2022').filter({ hasText: 'Inget utfall' }).waitFor();
    expect(await card(page).locator('img.chart').getAttribute('data-source')).toContain(`asOf=${addDays(today, -1)}`);
    expect(decodeURIComponent((await card(page).locator('img.chart').getAttribute('src'))!)).not.toContain('71,5 %');
    await page.getByLabel('Per datum').fill(today);
    await page.getByRole('button', { name: 'Visa siffrorna' }).click();
    await figureRow(page, 'VT 2022').filter({ hasText: 'Uppnått' }).waitFor();

    // Import: a table with one bad row is refused as a whole, the row named in the plan import's display.
    const badFile = path.join(scratch, 'utfall-fel.csv');
    writeFileSync(badFile, ['Indikator;Period;Värde;Kommentar', `${INDICATOR};2022-HT;74;Nästan framme`, 'Andel legitimerade förskollärare;2022-HT;50;'].join('\n'));
    await page.getByLabel('Fil', { exact: true }).setInputFiles(badFile);
    await page.getByRole('button', { name: 'Importera', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Inget importerades. Rätta raderna nedan i filen och importera den igen.' }).waitFor();
    const rowErrors = page.getByRole('table', { name: 'Fel per rad (1)' });
    const bad = rowErrors.getByRole('row').nth(1);
    expect(await bad.getByRole('rowheader').textContent()).toBe('3');
    expect(await bad.textContent()).toContain('Indikator');
    expect(await bad.textContent()).toContain('Andel legitimerade förskollärare');
    expect(await rowErrors.getByRole('columnheader').allTextContents()).toEqual(['Rad', 'Kolumn', 'Värde', 'Problem']);
    expect(await figureRow(page, 'HT 2022').textContent()).toContain('Inget utfall');
    await check(page, 'import-refused');

    const goodFile = path.join(scratch, 'utfall.csv');
    writeFileSync(goodFile, ['Indikator;Period;Värde;Kommentar', `${INDICATOR};2022-HT;74;Nästan framme`].join('\n'));
    await page.getByLabel('Fil', { exact: true }).setInputFiles(goodFile);
    await page.getByRole('button', { name: 'Importera', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Importen är klar: 1 rader, 1 nya eller ändrade utfall, 0 oförändrade, 0 överhoppade.' }).waitFor();
    const ht = figureRow(page, 'HT 2022');
    expect(await ht.textContent()).toContain('74 %');
    expect(await ht.getByRole('cell', { name: 'Nära målet', exact: true }).count()).toBe(1);
    expect(await ht.getByRole('cell', { name: 'Förbättring', exact: true }).count()).toBe(1);
    expect(await fitsPhone(page)).toBeLessThanOrEqual(375);

    // Once in English: the labels, and an API error code in words.
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Indicators' }).waitFor();
    const recordEn = card(page).getByRole('form', { name: `Report an outcome: ${INDICATOR}` });
    await recordEn.getByLabel('Period', { exact: true }).fill('2022-XY');
    await recordEn.getByLabel('Value', { exact: true }).fill('70');
    await recordEn.getByRole('button', { name: /^Save the outcome/ }).click();
    await recordEn.locator('.field-error').filter({ hasText: 'That is not a period of the right kind.' }).waitFor();
    expect(await recordEn.getByLabel('Period', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await figureRow(page, 'Spring 2022').getByRole('cell', { name: 'Met', exact: true }).count()).toBe(1);
    await check(page, 'en');
    await page.getByRole('button', { name: 'Svenska', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Indikatorer' }).waitFor();
  });

  it('the owner writes an analysis, marks it ready, approves it and the period, and then sees the period locked', async () => {
    const page = await newPage();
    await signIn(page, stack.people.planOwner.email);
    await page.goto(`/#/follow-up/${planId}`);
    await page.getByRole('heading', { level: 1, name: planName }).waitFor();
    await page.getByRole('navigation', { name: 'Planens delar' }).getByRole('link', { name: 'Analys och bedömning' }).click();
    await page.getByRole('heading', { level: 1, name: 'Analys och bedömning' }).waitFor();
    await ready(page);
    await page.getByText('Inga analyser är skrivna ännu.').waitFor();
    await check(page, 'analyses-empty');

    const write = page.getByRole('form', { name: 'Skriv en analys' });
    // The subjects: the plan's goals, strategic assignments and indicators.
    const subjects = await write.getByLabel('Gäller', { exact: true }).locator('option').allTextContents();
    expect(subjects).toEqual(expect.arrayContaining(['Tillgången på kompetens ska motsvara verksamhetens behov', 'Kompetensförsörjning', INDICATOR]));
    await write.getByRole('button', { name: 'Spara som utkast' }).click();
    await write.locator('.field-error').filter({ hasText: 'Välj vad analysen gäller.' }).waitFor();

    await write.getByLabel('Gäller', { exact: true }).selectOption({ label: INDICATOR });
    await write.getByLabel('Period', { exact: true }).fill('2022-VT');
    await write.getByLabel('Samlad bedömning', { exact: true }).selectOption({ label: 'Går enligt plan' });
    await write.getByLabel('Analys', { exact: true }).fill('Andelen behöriga lärare har ökat sedan hösten.\nSpecialiseringen ger effekt.');
    await write.getByRole('button', { name: 'Spara som utkast' }).click();
    const drafted = `Version 1 av analysen av ”${INDICATOR}” för VT 2022 är sparad som utkast.`;
    await page.getByRole('status').filter({ hasText: drafted }).waitFor();
    expect(await focusedText(page)).toBe(drafted);

    const period = page.getByRole('region', { name: 'VT 2022' });
    const analysis = period.getByRole('article', { name: `Indikator: ${INDICATOR}` });
    const facts = analysis.locator('dl.facts');
    expect(await facts.textContent()).toContain('Går enligt plan');
    expect(await facts.textContent()).toContain('Utkast');
    expect(await analysis.locator('.analysis__text').textContent()).toContain('Specialiseringen ger effekt.');
    await check(page, 'analyses-draft');

    await analysis.getByRole('button', { name: `Klarmarkera – ${INDICATOR}` }).click();
    await analysis.getByRole('status').filter({ hasText: `Version 1 av analysen av ”${INDICATOR}” är klarmarkerad.` }).waitFor();
    expect(await focusedText(page)).toContain('är klarmarkerad.');
    expect(await analysis.locator('dl.facts').textContent()).toContain('Klarmarkerad');

    await analysis.getByRole('button', { name: `Godkänn – ${INDICATOR}` }).click();
    await analysis.getByRole('status').filter({ hasText: `Version 1 av analysen av ”${INDICATOR}” är godkänd.` }).waitFor();
    expect(await analysis.locator('dl.facts').textContent()).toContain('Godkänd');
    expect(await analysis.getByRole('button', { name: /^Godkänn/ }).count()).toBe(0);

    const asked = confirmations.length;
    await period.getByRole('button', { name: 'Godkänn rapporten för VT 2022' }).click();
    await period.getByRole('status').filter({ hasText: 'Rapporten för VT 2022 är godkänd. Periodens analyser är låsta.' }).waitFor();
    expect(confirmations.slice(asked)).toEqual(['Godkänna rapporten för VT 2022? Periodens analyser låses och kan inte längre ändras.']);
    await period.getByText(/^Låst: rapporten för VT 2022 godkändes .+ av Ingrid Indikatorägare\. Analyserna kan inte längre ändras\.$/).waitFor();
    expect(await period.getByRole('button').count()).toBe(0);
    const approvals = (await stack.agents.planOwner.get(`/follow-up/plans/${planId}/analyses`).expect(200)).body;
    expect(approvals.approvedPeriods).toEqual([expect.objectContaining({ period: '2022-VT', approvedOn: today, approvedByName: 'Ingrid Indikatorägare' })]);
    expect(approvals.analyses[0]).toMatchObject({ locked: true, current: { version: 1, state: 'approved', status: 'on_track' } });

    // A new version for the locked period is refused, in words.
    await write.getByLabel('Gäller', { exact: true }).selectOption({ label: INDICATOR });
    await write.getByLabel('Period', { exact: true }).fill('2022-VT');
    await write.getByLabel('Samlad bedömning', { exact: true }).selectOption({ label: 'Delvis enligt plan' });
    await write.getByLabel('Analys', { exact: true }).fill('Ett tillägg.');
    await write.getByRole('button', { name: 'Spara som utkast' }).click();
    await write.getByRole('alert').filter({ hasText: 'Rapporten för perioden är godkänd, så periodens analyser är låsta.' }).waitFor();
    expect(await fitsPhone(page)).toBeLessThanOrEqual(375);
    await check(page, 'analyses-locked');
  });

  it('the owner changes the indicator (not its periodicity, once there are values); its responsible person records values, someone else is told who may', async () => {
    const page = await newPage();
    await signIn(page, stack.people.planOwner.email);
    await page.goto(`/#/follow-up/${planId}/indicators`);
    await page.getByRole('heading', { level: 1, name: 'Indikatorer' }).waitFor();
    await ready(page);
    const edit = card(page).getByRole('button', { name: `Ändra indikatorn – ${INDICATOR}` });
    await edit.click();
    expect(await edit.getAttribute('aria-expanded')).toBe('true');
    const change = card(page).getByRole('form', { name: `Ändra ”${INDICATOR}”` });
    expect(await change.getByLabel('Målvärde 2', { exact: true }).inputValue()).toBe('75,5');
    expect(await change.getByLabel('Lärarspecialisering med stöd av elevkoordinatörer').isChecked()).toBe(true);
    // Without targets or baseline, so only the periodicity is at stake: it is fixed once values exist.
    for (let i = 0; i < 3; i++) await change.getByRole('button', { name: 'Ta bort målvärde 1', exact: true }).click();
    expect(await change.getByLabel('Period 1', { exact: true }).count()).toBe(0);
    await change.getByLabel('Utgångsvärdets period').fill('');
    await change.getByLabel('Utgångsvärde', { exact: true }).fill('');
    await change.getByLabel('Periodicitet', { exact: true }).selectOption({ label: 'År' });
    await change.getByRole('button', { name: 'Spara indikatorn' }).click();
    await change.locator('.field-error').filter({ hasText: 'Periodiciteten kan inte ändras när utfall redan är rapporterade.' }).waitFor();
    expect(await change.getByLabel('Periodicitet', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await change.getByRole('button', { name: 'Avbryt', exact: true }).click();
    expect(await change.count()).toBe(0);
    expect(await edit.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Ändra indikatorn – ${INDICATOR}`);

    await edit.click();
    expect(await change.getByLabel('Period 3', { exact: true }).inputValue()).toBe(futureTerm);
    await change.getByLabel('Rapporteras inom (arbetsdagar)').fill('5');
    await change.getByRole('button', { name: 'Spara indikatorn' }).click();
    await card(page).getByRole('status').filter({ hasText: `Indikatorn ”${INDICATOR}” är ändrad.` }).waitFor();
    expect(await card(page).locator('dl.facts').textContent()).toContain('inom 5 arbetsdagar efter periodens slut');
    await check(page, 'changed');

    // The responsible person is no editor of the plan, yet records the indicator's values.
    const reporter = await newPage();
    await signIn(reporter, stack.people.hr.email);
    await reporter.goto(`/#/follow-up/${planId}/indicators`);
    await reporter.getByRole('heading', { level: 1, name: 'Indikatorer' }).waitFor();
    await ready(reporter);
    expect(await reporter.getByRole('heading', { name: 'Ny indikator' }).count()).toBe(0);
    expect(await reporter.getByRole('heading', { name: 'Importera utfall' }).count()).toBe(0);
    const record = card(reporter).getByRole('form', { name: `Rapportera utfall: ${INDICATOR}` });
    await record.getByLabel('Period', { exact: true }).fill('HT 2022');
    await record.getByLabel('Värde', { exact: true }).fill('76');
    await record.getByRole('button', { name: /^Spara utfallet/ }).click();
    await card(reporter).getByRole('status').filter({ hasText: 'Utfallet för HT 2022 är sparat.' }).waitFor();
    expect(await figureRow(reporter, 'HT 2022').getByRole('cell', { name: 'Uppnått', exact: true }).count()).toBe(1);
    await check(reporter, 'reporter');

    await stack.addPerson('reader', 'Karin Holm');
    const reader = await newPage();
    await signIn(reader, stack.people.reader.email);
    await reader.goto(`/#/follow-up/${planId}/indicators`);
    await reader.getByRole('heading', { level: 1, name: 'Indikatorer' }).waitFor();
    await ready(reader);
    await card(reader).getByText('Bara indikatorns ansvariga (Rut Rapportör) eller planens ägare och redigerare kan rapportera utfall.').waitFor();
    expect(await card(reader).getByRole('form').count()).toBe(0);
    expect(await card(reader).getByRole('button').count()).toBe(0);
    await check(reader, 'reader');
  });
});
