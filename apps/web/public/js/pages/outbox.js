// Development only: the e-mails the embedded SMTP server received for the signed-in person, as they would see them.
import { get } from '../api.js';
import { h, table, errorText, fill } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';

export async function render(ctx) {
  if (ctx.params.id) return message(ctx, ctx.params.id);
  ctx.setTitle(t('outbox.title'));
  let data;
  try {
    data = await get('/dev/outbox');
  } catch (error) {
    if (error.status === 401) throw error;
    fill(ctx.main, h('h1', {}, t('outbox.title')), h('p', { role: 'alert' }, error.status === 404 ? t('outbox.unavailable') : errorText(error)));
    return;
  }
  if (!ctx.isCurrent()) return;
  fill(ctx.main, 
    h('h1', {}, t('outbox.title')),
    h('p', { class: 'lead' }, t('outbox.lead')),
    data.messages.length === 0
      ? h('p', { class: 'notice' }, t('outbox.empty'))
      : table({
          caption: t('outbox.caption', { n: data.messages.length }),
          tall: true,
          columns: [
            { label: t('outbox.subject'), rowHeader: true, cell: (m) => h('a', { href: `#/outbox/${encodeURIComponent(m.id)}` }, m.subject || t('outbox.noSubject')) },
            { label: t('outbox.to'), cell: (m) => m.to.join(', ') },
            { label: t('outbox.received'), cell: (m) => formatDateTime(m.receivedAt) },
          ],
          rows: data.messages,
        }),
  );
}

// The HTML body loads from its own address: mail styles itself inline, which this page's policy
// forbids, and the frame's sandbox keeps any script in it from running.
async function message(ctx, id) {
  const m = await get(`/dev/outbox/${encodeURIComponent(id)}`);
  if (!ctx.isCurrent()) return;
  ctx.setTitle(m.subject || t('outbox.noSubject'));
  fill(ctx.main, 
    h('p', { class: 'meta' }, h('a', { href: '#/outbox' }, t('outbox.back'))),
    h('h1', {}, m.subject || t('outbox.noSubject')),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('outbox.from')),
      h('dd', {}, m.from),
      h('dt', {}, t('outbox.to')),
      h('dd', {}, (m.to ?? []).join(', ')),
      h('dt', {}, t('outbox.date')),
      h('dd', {}, formatDateTime(m.date ?? m.receivedAt)),
      m.attachments?.length
        ? [h('dt', {}, t('outbox.attachments')), h('dd', {}, m.attachments.map((a) => `${a.filename} (${a.contentType}, ${a.size} B)`).join(', '))]
        : null,
    ),
    m.html
      ? h('iframe', { class: 'mail-body', title: t('outbox.bodyTitle', { subject: m.subject ?? '' }), sandbox: '', src: `/dev/outbox/${encodeURIComponent(id)}/body` })
      : h('pre', { class: 'mail-text' }, m.text ?? ''),
    m.html && m.text ? h('details', {}, h('summary', {}, t('outbox.plainText')), h('pre', { class: 'mail-text' }, m.text)) : null,
  );
}
