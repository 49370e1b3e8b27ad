// Sign in: a button per identity provider (GET /auth/methods) and, where local passwords are
// on, e-mail and password (POST /auth/login sets the session cookie). A provider's refusal
// comes back as #/login?error=<code>.
import { post } from '../api.js';
import { h, field, showErrors, busy, fill, codeText } from '../dom.js';
import { t } from '../i18n.js';

/** Where to go after signing in: a path inside the app, else My work. */
const target = (query) => {
  const next = query.get('next') || '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
};

/** A 429 (too many failed sign-ins) says how many minutes to wait, in the user's language. */
const withWait = (failure) => {
  const minutes = Math.max(1, Math.ceil(Number(failure.body?.retryAfterSeconds) / 60 || 1));
  const message = minutes === 1 ? t('login.tooManyAttempts.one') : t('login.tooManyAttempts.other', { minutes });
  const errors = failure.errors.length > 0 ? failure.errors.map((e) => ({ field: e.field, message })) : [];
  return { status: failure.status, code: errors.length > 0 ? null : failure.code, message, errors };
};

export async function render(ctx) {
  ctx.setTitle(t('login.title'));
  const next = target(ctx.query);
  if (ctx.me) return ctx.navigate(`#${next}`);
  const methods = await ctx.signInMethods();
  const providers = methods.providers ?? [];

  const error = ctx.query.get('error');
  const notices = [];
  if (error) notices.push(h('div', { class: 'error-summary', role: 'alert' }, codeText(error) || codeText('sign_in_failed')));
  if (ctx.query.get('reset') === 'done') notices.push(h('p', { class: 'notice notice--ok', role: 'status' }, t('login.resetDone')));
  if (ctx.query.get('signedOut') === 'everywhere') notices.push(h('p', { class: 'notice notice--ok', role: 'status' }, t('login.signedOutEverywhere')));

  // The provider sends the browser back to this page of the app (a local path; the API checks it).
  const returnTo = `/#${next}`;
  const providerList = providers.length
    ? h(
        'section',
        { class: 'card', 'aria-labelledby': 'login-providers' },
        h('h2', { id: 'login-providers', class: 'visually-hidden' }, t('login.providers')),
        h(
          'ul',
          { class: 'plain-list sign-in-providers' },
          providers.map((p) =>
            h('li', {}, h('a', { class: 'button-link', href: `${p.loginUrl}?returnTo=${encodeURIComponent(returnTo)}`, dataset: { provider: p.id } }, t('login.with', { name: p.displayName }))),
          ),
        ),
      )
    : null;

  let form = null;
  if (methods.local) {
    form = h(
      'form',
      { class: 'card', novalidate: true, 'aria-labelledby': 'login-heading' },
      h('h2', { id: 'login-heading', class: providers.length ? undefined : 'visually-hidden' }, providers.length ? t('login.orPassword') : t('login.passwordForm')),
      field({ label: t('login.email'), name: 'email', kind: 'email', required: true, attrs: { autocomplete: 'username' } }),
      field({ label: t('login.password'), name: 'password', kind: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('login.submit'))),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      await busy(form, async () => {
        try {
          const me = await post('/auth/login', { email: String(data.get('email')).trim(), password: String(data.get('password')) }, { quiet401: true });
          await ctx.setMe(me);
          ctx.announce(t('login.welcome', { name: me.name }));
          ctx.navigate(`#${next}`);
        } catch (failure) {
          showErrors(form, failure.status === 429 ? withWait(failure) : failure);
        }
      });
    });
  }

  const lead = methods.local && !providers.length ? t('login.lead') : providers.length ? t('login.leadSso') : t('login.noMethods');
  fill(ctx.main, h('h1', {}, t('login.title')), ...notices, h('p', { class: 'lead' }, lead), h('div', { class: 'narrow' }, providerList, form));
}
