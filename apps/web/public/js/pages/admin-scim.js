// Administration: SCIM provisioning. The base URL for the identity service, and its bearer
// tokens (POST/GET /admin/scim-tokens, DELETE /admin/scim-tokens/:id): created, shown once, revoked.
import { get, post, del } from '../api.js';
import { h, field, showErrors, busy, fill, clearErrors, errorText } from '../dom.js';
import { t } from '../i18n.js';
import { adminNav, feedback } from '../admin.js';
import { secretBox, tokenTable } from '../tokens.js';

export async function render(ctx) {
  ctx.setTitle(t('admin.scim'));
  const tokens = await get('/admin/scim-tokens');
  if (!ctx.isCurrent()) return;
  const result = feedback();
  const created = h('div', {});
  const list = h('div', {});

  const revoke = async (token) => {
    if (!window.confirm(t('token.revokeConfirm', { name: token.name }))) return;
    result.clear();
    try {
      await del(`/admin/scim-tokens/${token.id}`);
      // The list as the API has it now (with revokedAt as stored).
      tokens.splice(0, tokens.length, ...(await get('/admin/scim-tokens')));
      const text = t('token.revoked', { name: token.name });
      result.ok(text);
      ctx.announce(text);
    } catch (error) {
      result.error(errorText(error));
    }
    fill(list, listOf());
    result.slot.focus();
  };
  const listOf = () => (tokens.length ? tokenTable({ caption: t('admin.scimTokensCaption'), tokens, withExpiry: false, onRevoke: revoke }) : h('p', {}, t('admin.noScimTokens')));

  const form = h(
    'form',
    { class: 'card narrow', novalidate: true, 'aria-labelledby': 'scim-new-token' },
    h('h3', { id: 'scim-new-token' }, t('admin.createScimToken')),
    field({ label: t('admin.scimTokenName'), name: 'name', required: true, hint: t('admin.scimTokenNameHint'), attrs: { autocomplete: 'off', maxlength: '100' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('admin.createScimToken'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    await busy(form, async () => {
      try {
        const token = await post('/admin/scim-tokens', { name: String(data.get('name')).trim() });
        clearErrors(form);
        form.reset();
        tokens.push(token);
        fill(list, listOf());
        fill(created, secretBox({ label: t('account.tokenValue', { name: token.name }), value: token.token, announce: ctx.announce }));
        ctx.announce(t('account.tokenCreated', { name: token.name }));
        created.querySelector('input')?.focus();
      } catch (error) {
        showErrors(form, error);
      }
    });
  });

  fill(list, listOf());
  fill(
    ctx.main,
    h('h1', {}, t('admin.scim')),
    adminNav('scim'),
    h('p', { class: 'lead' }, t('admin.scimLead')),
    secretBox({ label: t('admin.scimUrl'), value: `${location.origin}/scim/v2`, announce: ctx.announce, hint: t('admin.scimUrlHint'), kind: 'card' }),
    h(
      'section',
      { 'aria-labelledby': 'scim-tokens' },
      h('h2', { id: 'scim-tokens' }, t('admin.scimTokens')),
      h('p', {}, t('admin.scimTokensLead')),
      result.slot,
      created,
      list,
      form,
    ),
  );
}
