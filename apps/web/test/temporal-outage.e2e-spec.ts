import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { addDays } from '@fullfolj/domain';
import { freePort } from '@fullfolj/runtime';
import { ApiStack, eventually, hostPort, startApiStack, TcpProxy, testServices } from '@fullfolj/testing';
import { launchChromium } from './browser';
import { browserSession } from './session';

// Temporal cut off by a real TCP proxy while an official records a status in Chromium: My work
// still loads from the read model, and the refusal says in Swedish (or English) that nothing
// was changed; once the network is back the same save goes through.
jest.setTimeout(5 * 60_000);

const todayInStockholm = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe('Temporal unreachable, in a browser', () => {
  const services = testServices();
  let proxy: TcpProxy;
  let stack: ApiStack;
  let browser: Browser;
  let base: string;
  // The refused save is a 503 the page handles.
  const { newPage, check, signIn, close } = browserSession(() => browser, () => base, { screenshotPrefix: 'temporal-outage', expectedConsoleErrors: /status of (4\d\d|503)/ });
  const title = 'Kartlägg frånvaro per skolenhet';

  const item = (page: Page) => page.locator('article', { has: page.getByRole('heading', { name: title }) });

  beforeAll(async () => {
    browser = await launchChromium();
    proxy = await TcpProxy.start(hostPort(services.temporalAddress));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // API and worker both reach Temporal through the proxy.
    stack = await startApiStack({ APP_BASE_URL: base, TEMPORAL_ADDRESS: proxy.address });
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
    await eventually(async () => expect(((await agents.official.get('/my-work').expect(200)).body.items as Array<{ title: string }>).some((i) => i.title === title)).toBe(true));
  });

  afterAll(async () => {
    await proxy?.restore();
    await close();
    await browser?.close();
    await stack?.close();
    await proxy?.stop();
  });

  it('says in Swedish that nothing was changed, and saves once Temporal is back', async () => {
    const page = await newPage();
    await signIn(page, stack.people.official.email);
    await page.goto('/#/');
    await item(page).getByRole('heading', { name: title }).waitFor();

    await proxy.cut();
    // My work is read from the read model, so it still loads with Temporal gone.
    await page.reload();
    await item(page).getByRole('heading', { name: title }).waitFor();
    await item(page).getByLabel(/^Status/).selectOption('in_progress');
    await item(page).getByRole('button', { name: /^Spara status$/ }).click();
    await item(page).getByText('Fullfölj når inte sin arbetsflödestjänst just nu. Inget har ändrats. Försök igen om en liten stund.').waitFor();
    await check(page, 'refused-sv');
    const work = (await stack.agents.official.get('/my-work').expect(200)).body as { items: Array<{ title: string; status: string }> };
    expect(work.items.find((i) => i.title === title)).toMatchObject({ status: 'remaining' });

    await proxy.restore();
    await eventually(async () => expect((await stack.agents.official.get('/health').expect(200)).body.details.temporal.status).toBe('up'), 60_000);
    await item(page).getByRole('button', { name: /^Spara status$/ }).click();
    await page.getByText(`Status sparad för ”${title}”.`).first().waitFor();
    await eventually(async () => {
      const after = (await stack.agents.official.get('/my-work').expect(200)).body as { items: Array<{ title: string; status: string }> };
      expect(after.items.find((i) => i.title === title)).toMatchObject({ status: 'in_progress' });
    });
  });

  it('says it in English for a person who prefers English', async () => {
    await stack.agents.official.patch('/people/me').send({ language: 'en' }).expect(200);
    const page = await newPage();
    await signIn(page, stack.people.official.email);
    await page.goto('/#/');
    await item(page).getByRole('heading', { name: title }).waitFor();
    await proxy.cut();
    try {
      await item(page).getByLabel(/^Status/).selectOption('paused');
      await item(page).getByRole('button', { name: /^Save status$/ }).click();
      await item(page).getByText('Fullfölj cannot reach its workflow service right now. Nothing was changed. Try again in a moment.').waitFor();
      await check(page, 'refused-en');
    } finally {
      await proxy.restore();
    }
  });
});
