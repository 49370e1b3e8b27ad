import { addDays } from '@fullfolj/domain';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort, SmtpSink, startSmtpSink } from '@fullfolj/runtime';
import { ApiStack, eventually, Mailbox, RunningOidcProvider, sentTo, startApiStack, startOidcProvider, testServices } from '@fullfolj/testing';
import { axeViolations, launchChromium, screenshot } from './browser';

// Signing in, one's own account and the administrators' pages in Debian's Chromium against the
// real stack, with a real OpenID Provider (oidc-provider) and the real SMTP sink: the sign-in
// button per provider, refusals in words, password change, API tokens, people and rights,
// deactivation, a reset link from a real e-mail, SCIM tokens and the security log.
jest.setTimeout(5 * 60_000);

const PASSWORD = 'ett-bra-lösenord';
const PROVIDER = 'Sundsvalls kommun';

/** Today in Stockholm: the programme's first phase opens at once. */
const todayInStockholm = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe('accounts and sign-in in a browser', () => {
  let stack: ApiStack;
  let idp: RunningOidcProvider;
  let browser: Browser;
  let base: string;
  let sink: SmtpSink;
  let mailbox: Mailbox;
  const contexts: BrowserContext[] = [];
  const checked = new Set<string>();
  const pageErrors: string[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    contexts.push(context);
    const page = await context.newPage();
    // Only Fullfölj's own pages count (the test provider's login page asks for a web font it cannot reach).
    const ours = () => page.url().startsWith(base);
    page.on('pageerror', (error) => ours() && pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (ours() && message.type() === 'error' && !/status of 4\d\d/.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
    });
    // Confirmations (revoke, deactivate, …) are the browser's own dialogs: the person says yes.
    page.on('dialog', (dialog) => void dialog.accept());
    return page;
  };

  /** Rendered, one h1 with this name, no axe violations, photographed. */
  const check = async (page: Page, name: string, heading: string | RegExp) => {
    await page.locator('main[data-ready="true"]').waitFor();
    if (pageErrors.length > 0) throw new Error(`script errors: ${pageErrors.join('\n')}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    expect(await page.locator('h1').count()).toBe(1);
    const violations = await axeViolations(page);
    if (violations.length > 0) throw new Error(`axe found WCAG 2.1 A/AA violations on ${name}:\n${violations.join('\n')}`);
    await screenshot(page, `accounts-${name}`);
    checked.add(name);
  };

  const signIn = async (page: Page, email: string, password = PASSWORD) => {
    await page.goto('/#/login');
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mitt arbete' }).waitFor();
  };

  const signOut = async (page: Page) => {
    await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  };

  /** The value of a read-only field shown once (a new token), by its label. */
  const secretValue = (page: Page, label: string | RegExp) => page.getByRole('textbox', { name: label }).inputValue();

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const secret = `secret-${randomUUID()}`;
    idp = await startOidcProvider({
      clients: [
        {
          client_id: 'fullfolj-web',
          client_secret: secret,
          redirect_uris: [`${base}/auth/oidc/callback`],
          post_logout_redirect_uris: [`${base}/`],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
    });
    sink = await startSmtpSink({ dir: path.join(testServices().scratchDir, `accounts-mail-${randomUUID()}`), port: await freePort() });
    mailbox = new Mailbox(sink.dir);
    stack = await startApiStack({
      APP_BASE_URL: base,
      SMTP_URL: sink.url,
      DEV_MAIL_DIR: sink.dir,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: 'fullfolj-web',
      OIDC_CLIENT_SECRET: secret,
      OIDC_DISPLAY_NAME: PROVIDER,
    });
    await stack.app.listen(port, '127.0.0.1');
    await stack.addPerson('lars', 'Lars Berg');
    await stack.addPerson('member', 'Fatima Hassan');
    await idp.setAccount('sub-lars', { email: stack.people.lars.email, email_verified: true, name: 'Lars Berg' });
    await idp.setAccount('sub-stranger', { email: `stranger.${stack.run}@kommun.example`, email_verified: true, name: 'Okänd Person' });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
    await idp?.stop();
    await sink?.stop();
  });

  /** From the sign-in page: the provider's button, its dev login form (sub as login, any password), back to Fullfölj. */
  const signInAtProvider = async (page: Page, sub: string) => {
    await page.getByRole('link', { name: `Logga in med ${PROVIDER}` }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.locator('input[name="login"]').fill(sub);
    await page.locator('input[name="password"]').fill('vilket-som-helst');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.href.startsWith(base));
  };

  it('the sign-in page has a button per provider beside the password form, and says a refusal in words', async () => {
    const page = await newPage();
    await page.goto('/#/login');
    await page.getByRole('link', { name: `Logga in med ${PROVIDER}` }).waitFor();
    expect(await page.getByLabel('E-postadress').count()).toBe(1);
    await check(page, 'login', 'Logga in');

    await page.goto('/#/login?error=unknown_person');
    await page.getByRole('alert').filter({ hasText: 'Du har inget konto i Fullfölj. Kontakta din administratör.' }).waitFor();
    await check(page, 'login-refused', 'Logga in');
    // An unknown code still says something clear.
    await page.goto('/#/login?error=something_new');
    expect(await page.getByRole('alert').textContent()).toBe('Inloggningen misslyckades. Försök igen.');
    // In English too.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.goto('/#/login?error=deactivated');
    expect(await page.getByRole('alert').textContent()).toBe('Your Fullfölj account is deactivated. Contact your administrator.');
    expect(await page.getByRole('link', { name: `Sign in with ${PROVIDER}` }).count()).toBe(1);
    await check(page, 'login-en', 'Sign in');
  });

  it('"Logga in med …" signs in at the real provider, lands where the person was going, and signing out ends the provider session too', async () => {
    const page = await newPage();
    // Where the person wanted to go: the guard sends them to sign in first.
    await page.goto('/#/programmes');
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    const href = await page.getByRole('link', { name: `Logga in med ${PROVIDER}` }).getAttribute('href');
    expect(href).toBe(`/auth/oidc/login?returnTo=${encodeURIComponent('/#/programmes')}`);
    await signInAtProvider(page, 'sub-lars');
    await page.getByRole('heading', { level: 1, name: 'Program' }).waitFor();
    await page.getByText('Inloggad som Lars Berg').waitFor();

    // Signing out goes to the provider's end-session page (its logout confirmation).
    await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    expect(await page.content()).toMatch(/logout/i);

    // Someone the provider knows but Fullfölj does not: back on the sign-in page, in words.
    const stranger = await newPage();
    await stranger.goto('/#/login');
    await signInAtProvider(stranger, 'sub-stranger');
    await stranger.getByRole('alert').filter({ hasText: 'Du har inget konto i Fullfölj. Kontakta din administratör.' }).waitFor();
    expect(stranger.url()).toContain('#/login?error=unknown_person');
  });

  it('My account: the password is changed only with the right current one; API tokens are created, shown once and revoked', async () => {
    const page = await newPage();
    const { email } = stack.people.member;
    await signIn(page, email);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Mitt konto' }).click();
    await check(page, 'account', 'Mitt konto');

    // A wrong current password: the Swedish text for wrong_password, beside the field.
    const newPassword = 'ett-nytt-och-längre-lösenord';
    await page.getByLabel('Nuvarande lösenord').fill('fel-lösenord-helt-och-hållet');
    await page.getByLabel('Nytt lösenord', { exact: true }).fill(newPassword);
    await page.getByLabel('Upprepa det nya lösenordet').fill(newPassword);
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.locator('input[name="currentPassword"][aria-invalid="true"]').waitFor();
    const describedBy = (await page.getByLabel('Nuvarande lösenord').getAttribute('aria-describedby'))!.split(' ');
    expect(await page.locator(`#${describedBy.at(-1)}`).textContent()).toBe('Det nuvarande lösenordet stämmer inte.');
    await check(page, 'account-wrong-password', 'Mitt konto');
    // The right one works; then the new password signs in.
    await page.getByLabel('Nuvarande lösenord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.locator('#main').getByText('Ditt lösenord är bytt.').waitFor();
    await signOut(page);
    await signIn(page, email, newPassword);

    // A token valid for 30 days: shown once, works as a bearer token, then revoked.
    await page.goto('/#/account');
    await page.getByRole('heading', { level: 1, name: 'Mitt konto' }).waitFor();
    await page.getByLabel('Namn').fill('Rapportexport');
    expect(await page.getByLabel('Giltig i antal dagar').inputValue()).toBe('90');
    await page.getByLabel('Giltig i antal dagar').fill('30');
    await page.getByRole('button', { name: 'Skapa token' }).click();
    const token = await secretValue(page, 'Din nya token ”Rapportexport”');
    expect(token.length).toBeGreaterThan(20);
    await request(stack.app.getHttpServer()).get('/auth/me').set('authorization', `Bearer ${token}`).expect(200);
    const row = page.getByRole('table', { name: 'Dina API-tokens' }).getByRole('row').filter({ hasText: 'Rapportexport' });
    expect(await row.textContent()).toContain('Giltig');
    expect(await row.textContent()).toContain('Aldrig');
    await check(page, 'account-token', 'Mitt konto');
    await row.getByRole('button', { name: 'Återkalla Rapportexport' }).click();
    await page.getByRole('table', { name: 'Dina API-tokens' }).getByRole('row').filter({ hasText: 'Återkallad' }).waitFor();
    await request(stack.app.getHttpServer()).get('/auth/me').set('authorization', `Bearer ${token}`).expect(401);

    // The same page in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    expect(await page.getByRole('table', { name: 'Your API tokens' }).textContent()).toContain('Revoked');
    await check(page, 'account-en', 'My account');
    await page.getByRole('button', { name: 'Svenska' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mitt konto' }).waitFor();

    // Sign out everywhere: this browser is signed out too.
    await page.getByRole('button', { name: 'Logga ut överallt' }).click();
    await page.locator('#main').getByText('Du är utloggad överallt').waitFor();
    await page.goto('/#/account');
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  });

  it('an administrator adds a person, changes a right, deactivates and reactivates them, and sends a reset link that works', async () => {
    const page = await newPage();
    await signIn(page, stack.people.owner.email);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    await check(page, 'admin-people', 'Personer');

    const email = `karin.${stack.run}@kommun.example`;
    await page.getByLabel('Namn', { exact: true }).fill('Karin Holm');
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Organisation').fill('Björkskolan');
    await page.getByRole('button', { name: 'Lägg till' }).click();
    const row = () => page.getByRole('table', { name: 'Personer' }).getByRole('row').filter({ hasText: email });
    await row().waitFor();
    const karin = (await stack.agents.owner.get('/people').expect(200)).body.find((p: { email: string }) => p.email === email);
    expect(karin).toMatchObject({ name: 'Karin Holm', canOwnProgrammes: false, active: true });

    // A right, granted and taken back.
    await row().getByLabel('Får äga program: Karin Holm').check();
    await page.locator('#main').getByText('Karin Holm har nu rättigheten ”Får äga program”.').waitFor();
    expect((await stack.agents.owner.get(`/people/${karin.id}`).expect(200)).body.canOwnProgrammes).toBe(true);
    await row().getByLabel('Får äga program: Karin Holm').uncheck();
    await page.locator('#main').getByText('Karin Holm har inte längre rättigheten ”Får äga program”.').waitFor();
    expect((await stack.agents.owner.get(`/people/${karin.id}`).expect(200)).body.canOwnProgrammes).toBe(false);
    // (The last-administrator refusal is shown in accounts.int-spec on a database of its own:
    // this run's shared database always has other administrators.)

    // Karin is responsible for an open item in a programme.
    const { agents, people } = stack;
    const programmeId = randomUUID();
    const programmeName = `Fullföljd utbildning, konton ${stack.run}`;
    await agents.owner
      .post('/programmes')
      .send({ id: programmeId, templateId: 'skr-fullfoljd-utbildning', name: programmeName, programmeStart: todayInStockholm(), steeringGroup: { chairId: people.lars.id, memberIds: [people.member.id] } })
      .expect(201);
    await eventually(async () => expect((await agents.owner.get(`/programmes/${programmeId}`).expect(200)).body.phases[0].status).toBe('open'));
    const itemTitle = 'Kartlägg frånvaron på Björkskolan';
    await agents.owner
      .post(`/programmes/${programmeId}/assignments`)
      .send({ id: randomUUID(), phaseKey: 'forberedelse', title: itemTitle, responsibleId: karin.id, dueDate: addDays(todayInStockholm(), 20) })
      .expect(201);

    // Deactivated: the programme shows her open item as needing a new responsible; then active again.
    await row().getByRole('button', { name: 'Stäng av Karin Holm' }).click();
    await page.locator('#main').getByText('Karin Holm är avstängd.').waitFor();
    expect(await row().textContent()).toContain('Avstängd');
    expect((await stack.agents.owner.get(`/people/${karin.id}`).expect(200)).body.active).toBe(false);
    await check(page, 'admin-people-deactivated', 'Personer');
    await page.goto(`/#/programmes/${programmeId}`);
    const item = page.locator('article', { has: page.getByRole('heading', { name: itemTitle }) });
    await item.getByText('Behöver ny ansvarig', { exact: true }).waitFor();
    await check(page, 'programme-needs-new-responsible', programmeName);
    await page.goto('/#/admin/people');
    await row().getByRole('button', { name: 'Aktivera igen: Karin Holm' }).click();
    await page.locator('#main').getByText('Karin Holm är aktiv igen.').waitFor();
    expect((await stack.agents.owner.get(`/people/${karin.id}`).expect(200)).body.active).toBe(true);

    // A reset link by real e-mail; Karin chooses her password there and signs in with it.
    await row().getByRole('button', { name: 'Skicka länk för nytt lösenord till Karin Holm' }).click();
    await page.locator('#main').getByText(`En länk är skickad till ${email}.`).waitFor();
    const [mail] = await mailbox.waitFor((m) => sentTo(email)(m) && /password-reset\?token=/.test(m.text ?? ''), 1, 60_000);
    const link = /https?:\/\/\S+\/#\/password-reset\?token=[A-Za-z0-9_.%-]+/.exec(mail.text ?? '')![0];
    expect(link.startsWith(base)).toBe(true);
    const karinPage = await newPage();
    await karinPage.goto(link);
    await check(karinPage, 'password-reset', 'Välj ett nytt lösenord');
    const chosen = 'karins-egna-lösenord-2027';
    await karinPage.getByLabel('Nytt lösenord', { exact: true }).fill(chosen);
    await karinPage.getByLabel('Upprepa det nya lösenordet').fill(`${chosen}x`);
    await karinPage.getByRole('button', { name: 'Spara lösenordet' }).click();
    await karinPage.getByText('Lösenorden är inte likadana.').waitFor();
    await karinPage.getByLabel('Upprepa det nya lösenordet').fill(chosen);
    await karinPage.getByRole('button', { name: 'Spara lösenordet' }).click();
    await karinPage.getByText('Ditt nya lösenord är sparat. Logga in med det.').waitFor();
    await signIn(karinPage, email, chosen);
    // The link worked once.
    await karinPage.goto(link);
    await karinPage.getByRole('heading', { level: 1, name: 'Välj ett nytt lösenord' }).waitFor();
    await karinPage.getByLabel('Nytt lösenord', { exact: true }).fill(chosen);
    await karinPage.getByLabel('Upprepa det nya lösenordet').fill(chosen);
    await karinPage.getByRole('button', { name: 'Spara lösenordet' }).click();
    await karinPage.getByRole('alert').filter({ hasText: 'Länken för att välja lösenord gäller inte längre' }).waitFor();
  });

  it('an administrator creates and revokes a SCIM token, with the SCIM address shown, and reads the security log', async () => {
    const page = await newPage();
    await signIn(page, stack.people.owner.email);
    await page.goto('/#/admin/scim');
    await check(page, 'admin-scim', 'SCIM-provisionering');
    expect(await secretValue(page, 'Adress till SCIM (Tenant URL)')).toBe(`${base}/scim/v2`);
    await page.getByLabel('Namn').fill('Entra ID, produktion');
    await page.getByRole('button', { name: 'Skapa SCIM-token' }).click();
    const token = await secretValue(page, 'Din nya token ”Entra ID, produktion”');
    const server = stack.app.getHttpServer();
    await request(server).get('/scim/v2/Users').set('authorization', `Bearer ${token}`).expect(200);
    await check(page, 'admin-scim-token', 'SCIM-provisionering');
    await page.getByRole('table', { name: 'SCIM-tokens' }).getByRole('button', { name: 'Återkalla Entra ID, produktion' }).click();
    await page.getByRole('table', { name: 'SCIM-tokens' }).getByRole('row').filter({ hasText: 'Återkallad' }).waitFor();
    await request(server).get('/scim/v2/Users').set('authorization', `Bearer ${token}`).expect(401);

    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Säkerhetslogg' }).click();
    await check(page, 'admin-security-log', 'Säkerhetslogg');
    await eventually(async () => {
      await page.reload();
      const log = await page.getByRole('table', { name: 'Händelser, senaste först' }).textContent();
      for (const words of ['SCIM-token skapad', 'SCIM-token återkallad', 'Konto avstängt', 'Konto aktiverat igen', 'Rättighet given', 'Rättighet borttagen']) expect(log).toContain(words);
    });
    // One person's entries.
    await page.getByLabel('Person').selectOption({ label: `Anna Lindqvist (${stack.people.owner.email})` });
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(/personId=/);
    await page.getByRole('table', { name: 'Händelser, senaste först' }).waitFor();
  });

  it('checked every page', () => {
    expect([...checked].sort()).toEqual(
      [
        'account',
        'account-en',
        'account-token',
        'account-wrong-password',
        'admin-people',
        'admin-people-deactivated',
        'admin-scim',
        'admin-scim-token',
        'admin-security-log',
        'login',
        'login-en',
        'login-refused',
        'password-reset',
        'programme-needs-new-responsible',
      ].sort(),
    );
  });
});
