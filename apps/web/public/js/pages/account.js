// My account: change password (where local passwords are on), sign out everywhere, my API tokens, my data.
import { get, post, del } from '../api.js';
import { h, field, showErrors, busy, fill, clearErrors, errorText } from '../dom.js';
import { t } from '../i18n.js';
import { secretBox, tokenTable } from '../tokens.js';

export async function render(ctx) {
  ctx.setTitle(t('account.title'));
  const [methods, tokens] = await Promise.all([ctx.signInMethods(), get('/auth/tokens')]);
  if (!ctx.isCurrent()) return;
  const rerender = () => render(ctx);
  fill(
    ctx.main,
    h('h1', {}, t('account.title')),
    h('p', { class: 'lead' }, t('account.lead', { name: ctx.me.name, email: ctx.me.email })),
    passwordSection(ctx, methods.local),
    tokensSection(ctx, tokens, rerender),
    personalDataSection(),
    everywhereSection(ctx),
  );
}

/** GDPR art. 15 and 20: the person's own data as a JSON file (the API answers with an attachment). */
function personalDataSection() {
  return h(
    'section',
    { 'aria-labelledby': 'account-personal-data' },
    h('h2', { id: 'account-personal-data' }, t('personalData.heading')),
    h('p', {}, t('personalData.lead')),
    h('div', { class: 'actions' }, h('a', { class: 'button-link secondary', href: '/auth/me/personal-data', download: '' }, t('personalData.download'))),
  );
}

function passwordSection(ctx, local) {
  const section = h('section', { 'aria-labelledby': 'account-password' }, h('h2', { id: 'account-password' }, t('account.password')));
  if (!local) {
    section.append(h('p', {}, t('account.passwordElsewhere')));
    return section;
  }
  const status = h('div', { role: 'status', class: 'status-slot' });
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true, 'aria-labelledby': 'account-password' },
    field({ label: t('account.currentPassword'), name: 'currentPassword', kind: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
    field({ label: t('account.newPassword'), name: 'newPassword', kind: 'password', required: true, hint: t('account.newPasswordHint'), attrs: { autocomplete: 'new-password' } }),
    field({ label: t('account.repeatPassword'), name: 'repeatPassword', kind: 'password', required: true, attrs: { autocomplete: 'new-password' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('account.changePassword'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const currentPassword = String(data.get('currentPassword'));
    const newPassword = String(data.get('newPassword'));
    fill(status);
    // The two new ones must match before anything is sent.
    if (newPassword !== String(data.get('repeatPassword'))) {
      showErrors(form, { errors: [{ field: 'repeatPassword', code: 'password_mismatch', message: t('code.password_mismatch') }] });
      return;
    }
    await busy(form, async () => {
      try {
        await post('/auth/password', { currentPassword, newPassword });
        clearErrors(form);
        form.reset();
        fill(status, h('p', { class: 'notice notice--ok' }, t('account.passwordChanged')));
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  section.append(status, form);
  return section;
}

function tokensSection(ctx, tokens, rerender) {
  const section = h(
    'section',
    { 'aria-labelledby': 'account-tokens' },
    h('h2', { id: 'account-tokens', tabindex: '-1' }, t('account.tokens')),
    h('p', {}, t('account.tokensLead')),
  );
  const created = h('div', { class: 'created-slot' });
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'account-new-token' },
    h('h3', { id: 'account-new-token' }, t('account.newToken')),
    field({ label: t('account.tokenName'), name: 'name', required: true, hint: t('account.tokenNameHint'), attrs: { maxlength: '100', autocomplete: 'off' } }),
    field({ label: t('account.tokenDays'), name: 'expiresInDays', kind: 'number', value: '90', required: true, hint: t('account.tokenDaysHint'), attrs: { min: '1', max: '365', step: '1', inputmode: 'numeric' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('account.createToken'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const days = String(data.get('expiresInDays')).trim();
    await busy(form, async () => {
      try {
        const token = await post('/auth/tokens', { name: String(data.get('name')).trim(), expiresInDays: days === '' ? undefined : Number(days) });
        clearErrors(form);
        form.reset();
        tokens.push(token);
        fill(list, listOf(tokens));
        fill(created, secretBox({ label: t('account.tokenValue', { name: token.name }), value: token.token, announce: ctx.announce }));
        ctx.announce(t('account.tokenCreated', { name: token.name }));
        created.querySelector('input')?.focus();
      } catch (error) {
        showErrors(form, error);
      }
    });
  });

  const revoke = async (token) => {
    if (!window.confirm(t('token.revokeConfirm', { name: token.name }))) return;
    try {
      await del(`/auth/tokens/${token.id}`);
      ctx.announce(t('token.revoked', { name: token.name }));
      await rerender();
      ctx.main.querySelector('#account-tokens')?.focus();
    } catch (error) {
      fill(created, h('p', { class: 'error-summary', role: 'alert' }, errorText(error)));
    }
  };
  const listOf = (all) => (all.length ? tokenTable({ caption: t('account.tokensCaption'), tokens: all, withExpiry: true, onRevoke: revoke }) : h('p', {}, t('account.noTokens')));
  const list = h('div', {}, listOf(tokens));
  section.append(created, list, form);
  return section;
}

function everywhereSection(ctx) {
  const button = h('button', { type: 'button', class: 'secondary' }, t('account.everywhere'));
  const slot = h('div', {});
  button.addEventListener('click', async () => {
    if (!window.confirm(t('account.everywhereConfirm'))) return;
    button.disabled = true;
    try {
      await post('/auth/sign-out-everywhere');
      ctx.forgetMe();
      ctx.navigate('#/login?signedOut=everywhere');
    } catch (error) {
      button.disabled = false;
      fill(slot, h('p', { class: 'error-summary', role: 'alert' }, errorText(error)));
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'account-everywhere' },
    h('h2', { id: 'account-everywhere' }, t('account.everywhere')),
    h('p', {}, t('account.everywhereLead')),
    slot,
    h('div', { class: 'actions' }, button),
  );
}
