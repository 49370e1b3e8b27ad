// Administration: the security log (GET /admin/security-log), latest first, in words;
// #/admin/security-log?personId=… shows one person's entries.
import { get, query } from '../api.js';
import { h, field, fill, table, codeText } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { adminNav } from '../admin.js';

const LIMIT = 200;

/** The entry's detail in words: which right, via what, which protocol; other keys as they are. */
function detailText(detail) {
  if (!detail || typeof detail !== 'object') return '';
  const parts = [];
  for (const [key, value] of Object.entries(detail)) {
    // Ids say nothing to a reader; the names are in their own columns.
    if (value === null || value === undefined || value === '' || /Id$/.test(key)) continue;
    if (key === 'right') parts.push(t(`right.${value}`, {}, String(value)));
    else if (key === 'via') parts.push(t('admin.via', { via: value }));
    else if (key === 'reason' || key === 'code') parts.push(codeText(String(value)) || String(value));
    else if (key === 'protocol') parts.push(String(value).toUpperCase());
    else if (key === 'rights' && typeof value === 'object') parts.push(Object.entries(value).map(([r, on]) => `${t(`right.${r}`, {}, r)}: ${on ? '✓' : '–'}`).join(', '));
    else parts.push(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`);
  }
  return parts.join(' · ');
}

export async function render(ctx) {
  ctx.setTitle(t('admin.log'));
  const personId = ctx.query.get('personId') ?? '';
  const [entries, people] = await Promise.all([get(`/admin/security-log${query({ personId, limit: LIMIT })}`), get('/people')]);
  if (!ctx.isCurrent()) return;

  const filter = h(
    'form',
    { class: 'card work-form', 'aria-labelledby': 'log-filter' },
    h('h2', { id: 'log-filter', class: 'visually-hidden' }, t('admin.logFilter')),
    field({
      label: t('admin.logPerson'),
      name: 'personId',
      kind: 'select',
      value: personId,
      options: [{ value: '', label: t('admin.logEveryone') }, ...[...people].sort((a, b) => a.name.localeCompare(b.name, 'sv')).map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }))],
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('admin.logShow'))),
  );
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = String(new FormData(filter).get('personId') ?? '');
    ctx.navigate(`#/admin/security-log${query({ personId: chosen })}`);
  });

  const who = (id, name) => (id ? name || id.slice(0, 8) : t('admin.logSystem'));
  const log = entries.length
    ? table({
        caption: t('admin.logCaption'),
        rows: entries,
        tall: true,
        columns: [
          { label: t('admin.logAt'), cell: (e) => h('time', { datetime: e.at }, formatDateTime(e.at)) },
          { label: t('admin.logAction'), cell: (e) => t(`securityAction.${e.action}`, {}, e.action) },
          { label: t('admin.logActor'), cell: (e) => who(e.actorPersonId, e.actorName) },
          { label: t('admin.logSubject'), cell: (e) => (e.subjectPersonId ? e.subjectName || e.subjectPersonId.slice(0, 8) : '–') },
          { label: t('admin.logDetail'), cell: (e) => detailText(e.detail) },
        ],
      })
    : h('p', {}, t('admin.logEmpty'));

  fill(ctx.main, h('h1', {}, t('admin.log')), adminNav('log'), h('p', { class: 'lead' }, t('admin.logLead')), filter, log);
}
