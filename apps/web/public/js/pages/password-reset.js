// The link from a password-reset e-mail: #/password-reset?token=… (public). Choosing a new
// password (POST /auth/password-reset) ends every session of the person; then sign in.
import { post } from '../api.js';
import { h, field, showErrors, busy, fill, codeText } from '../dom.js';
import { t } from '../i18n.js';

export async function render(ctx) {
  ctx.setTitle(t('reset.title'));
  const token = ctx.query.get('token') ?? '';
  if (!token) {
    fill(
      ctx.main,
      h('h1', {}, t('reset.title')),
      h('div', { class: 'error-summary', role: 'alert' }, codeText('reset_link_invalid')),
      h('p', {}, h('a', { href: '#/login' }, t('reset.toLogin'))),
    );
    return;
  }
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'reset-heading' },
    h('h2', { id: 'reset-heading', class: 'visually-hidden' }, t('reset.title')),
    field({ label: t('account.newPassword'), name: 'newPassword', kind: 'password', required: true, hint: t('account.newPasswordHint'), attrs: { autocomplete: 'new-password' } }),
    field({ label: t('account.repeatPassword'), name: 'repeatPassword', kind: 'password', required: true, attrs: { autocomplete: 'new-password' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('reset.submit'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const newPassword = String(data.get('newPassword'));
    if (newPassword !== String(data.get('repeatPassword'))) {
      showErrors(form, { errors: [{ field: 'repeatPassword', code: 'password_mismatch', message: t('code.password_mismatch') }] });
      return;
    }
    await busy(form, async () => {
      try {
        await post('/auth/password-reset', { token, newPassword }, { quiet401: true });
        ctx.forgetMe();
        ctx.navigate('#/login?reset=done');
      } catch (error) {
        // A refused link (errors[] for `token`, which has no control) is said at the top of the form.
        showErrors(form, error.errors?.some((e) => e.field === 'token') ? { ...error, errors: error.errors.filter((e) => e.field !== 'token'), code: 'reset_link_invalid' } : error);
      }
    });
  });
  fill(ctx.main, h('h1', {}, t('reset.title')), h('p', { class: 'lead' }, t('reset.lead')), h('div', { class: 'narrow' }, form));
}
