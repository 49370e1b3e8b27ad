// Shared by My account (API tokens) and SCIM (SCIM tokens): a secret shown once with a copy
// button, and a token list with each token's state and a revoke button.
import { h, table, badge, uid } from './dom.js';
import { t, formatDateTime } from './i18n.js';

/** A value to copy (a new token, shown this once): a read-only field to select and a copy button. */
export function secretBox({ label, value, announce, hint = t('account.tokenOnce'), kind = 'notice notice--ok' }) {
  const id = uid('secret');
  const input = h('input', { type: 'text', id, readonly: true, value, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id}-hint` });
  const copy = async () => {
    input.select();
    try {
      await window.navigator.clipboard.writeText(value);
      announce(t('account.copied'));
    } catch {
      // No clipboard access (e.g. a browser setting): the text is selected for the person to copy.
      announce(t('account.copyFailed'));
    }
  };
  return h(
    'div',
    { class: `${kind} secret-box`, role: 'group', 'aria-labelledby': `${id}-label` },
    h('label', { for: id, id: `${id}-label`, class: 'label' }, label),
    h('p', { id: `${id}-hint` }, hint),
    h('div', { class: 'secret' }, input, h('button', { type: 'button', class: 'secondary', onclick: copy }, t('account.copy'))),
  );
}

function state(token) {
  if (token.revokedAt) return badge('inactive', t('token.revokedAt', { date: formatDateTime(token.revokedAt) }));
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) return badge('inactive', t('token.expired'));
  return badge('active', t('token.active'));
}

/** Tokens, newest first, with created, (expires,) last used, state and a revoke button for live ones. */
export function tokenTable({ caption, tokens, withExpiry, onRevoke }) {
  const live = (tok) => !tok.revokedAt && !(tok.expiresAt && new Date(tok.expiresAt).getTime() <= Date.now());
  const rows = [...tokens].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  return table({
    caption,
    rows,
    columns: [
      { label: t('token.name'), cell: (tok) => tok.name, rowHeader: true },
      { label: t('token.created'), cell: (tok) => formatDateTime(tok.createdAt) },
      withExpiry ? { label: t('token.expires'), cell: (tok) => (tok.expiresAt ? formatDateTime(tok.expiresAt) : '–') } : null,
      { label: t('token.lastUsed'), cell: (tok) => (tok.lastUsedAt ? formatDateTime(tok.lastUsedAt) : t('token.never')) },
      { label: t('token.status'), cell: state },
      {
        label: t('admin.actions'),
        cell: (tok) =>
          live(tok)
            ? h('button', { type: 'button', class: 'secondary', 'aria-label': t('token.revokeLabel', { name: tok.name }), onclick: () => onRevoke(tok) }, t('token.revoke'))
            : '',
      },
    ].filter(Boolean),
  });
}
