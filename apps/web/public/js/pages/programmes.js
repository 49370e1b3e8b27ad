// The programmes I have a role in.
import { get } from '../api.js';
import { h, table, badge, fill } from '../dom.js';
import { t, formatDate } from '../i18n.js';

export async function render(ctx) {
  ctx.setTitle(t('programmes.title'));
  const list = await get('/programmes');
  if (!ctx.isCurrent()) return;
  fill(ctx.main, 
    h('h1', {}, t('programmes.title')),
    h('p', { class: 'lead' }, t('programmes.lead')),
    h(
      'p',
      { class: 'row' },
      ctx.me.canOwnProgrammes ? h('a', { class: 'button-link', href: '#/programmes/new' }, t('programmes.start')) : null,
      h('a', { href: '#/templates' }, t('templates.link')),
    ),
    list.length === 0
      ? h('p', { class: 'notice' }, t('programmes.empty'))
      : table({
          caption: t('programmes.caption'),
          columns: [
            { label: t('field.name'), rowHeader: true, cell: (p) => h('a', { href: `#/programmes/${p.id}` }, p.name) },
            { label: t('field.status'), cell: (p) => badge(p.status, t(`programmeStatus.${p.status}`)) },
            { label: t('programmes.period'), cell: (p) => `${formatDate(p.startDate)} – ${formatDate(p.endDate)}` },
            { label: t('programmes.role'), cell: (p) => (p.ownerId === ctx.me.personId ? t('role.owner') : '') },
          ],
          rows: list,
        }),
  );
}
