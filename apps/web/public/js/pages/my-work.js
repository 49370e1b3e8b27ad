// My work: what is due or overdue for me, nearest first; act on it straight from the list.
import { get, post } from '../api.js';
import { h, field, showErrors, busy, badge, errorText, fill } from '../dom.js';
import { t, formatDate, statusOptions, addDaysIso } from '../i18n.js';

export async function render(ctx, notice) {
  ctx.setTitle(t('myWork.title'));
  const focusItem = ctx.query.get('item');
  let data;
  try {
    data = await get('/my-work');
  } catch (error) {
    if (error.status === 401) throw error;
    fill(ctx.main, h('h1', {}, t('myWork.title')), h('p', { role: 'alert' }, errorText(error)));
    return;
  }
  if (!ctx.isCurrent()) return;
  // Nearest first, in three groups: overdue, the next two weeks, later.
  const soon = addDaysIso(data.today, 14);
  const groups = [
    ['overdue', data.items.filter((i) => i.overdue)],
    ['soon', data.items.filter((i) => !i.overdue && i.dueDate <= soon)],
    ['later', data.items.filter((i) => !i.overdue && i.dueDate > soon)],
  ].filter(([, items]) => items.length > 0);
  const list = groups.map(([key, items]) =>
    h(
      'section',
      { 'aria-labelledby': `group-${key}` },
      h('h2', { id: `group-${key}`, class: 'group-heading' }, t(`myWork.group.${key}`), ' ', h('span', { class: 'meta' }, `(${items.length})`)),
      h('ul', { class: 'plain-list' }, items.map((item) => h('li', {}, itemCard(ctx, item, focusItem)))),
    ),
  );
  const overdue = data.items.filter((i) => i.overdue).length;
  fill(ctx.main, 
    h('h1', {}, t('myWork.title')),
    notice ? h('p', { class: 'notice notice--ok', role: 'status' }, notice) : null,
    h('p', { class: 'lead' }, t('myWork.lead', { today: formatDate(data.today, 'full') }), ' ', t('myWork.commentHint')),
    data.items.length === 0
      ? h('p', { class: 'notice notice--ok' }, t('myWork.empty'))
      : h('p', {}, t('myWork.count', { n: data.items.length }), overdue > 0 ? ` ${t('myWork.overdueCount', { n: overdue })}` : ''),
    list,
  );
  if (focusItem) {
    const target = ctx.main.querySelector(`[data-item="${CSS.escape(focusItem)}"]`);
    if (target) {
      target.scrollIntoView({ block: 'center' });
      target.querySelector('h3')?.focus();
    }
  }
}

function itemCard(ctx, item, focusItem) {
  const headingId = `item-${item.kind}-${item.id}`;
  const due = h(
    'span',
    { class: `due${item.overdue ? ' due--overdue' : ''}` },
    item.overdue ? t('myWork.overdueSince', { date: formatDate(item.dueDate) }) : t('myWork.dueOn', { date: formatDate(item.dueDate) }),
  );
  const head = h(
    'div',
    { class: 'work-item__head' },
    h('h3', { class: 'work-item__title', id: headingId, tabindex: '-1' }, item.title),
    badge(item.kind === 'gate' ? 'open' : item.status, item.kind === 'gate' ? t('kind.gate') : t(`kind.${item.kind}`)),
    item.overdue ? badge('overdue', t('myWork.overdue')) : null,
  );
  const meta = h(
    'p',
    { class: 'meta' },
    h('a', { href: `#/programmes/${item.programmeId}` }, item.programmeName),
    ' · ',
    due,
    item.kind !== 'gate' ? ` · ${t('field.status')}: ${t(`status.${item.status}`)}` : '',
  );
  const card = h('article', {
    class: `card work-item${focusItem === item.id ? ' card--highlight' : ''}`,
    'aria-labelledby': headingId,
    dataset: { item: item.id },
  }, head, meta);
  if (item.kind === 'gate') {
    card.append(h('p', {}, h('a', { class: 'button-link', href: `#/programmes/${item.programmeId}/gates/${encodeURIComponent(item.id)}` }, t('myWork.decide'))));
    return card;
  }
  card.append(statusForm(ctx, item));
  return card;
}

function statusForm(ctx, item) {
  const base = `/programmes/${item.programmeId}/assignments/${item.id}`;
  const form = h(
    'form',
    { novalidate: true, class: 'work-form', 'aria-label': t('myWork.formLabel', { title: item.title }) },
    field({ label: t('field.status'), name: 'status', kind: 'select', value: item.status, options: statusOptions() }),
    field({ label: t('field.comment'), name: 'comment', kind: 'textarea', value: item.comment ?? '', attrs: { rows: '1' } }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', value: 'status' }, t('myWork.saveStatus')),
      h('button', { type: 'submit', value: 'complete', class: 'secondary' }, t('myWork.markDone')),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const action = event.submitter?.value ?? 'status';
    const data = new FormData(form);
    const comment = String(data.get('comment') ?? '').trim();
    await busy(form, async () => {
      try {
        let message;
        if (action === 'complete') {
          await post(`${base}/complete`, comment ? { comment } : {});
          message = t('myWork.done', { title: item.title });
        } else {
          await post(`${base}/status`, { status: data.get('status'), ...(comment ? { comment } : {}) });
          message = t('myWork.saved', { title: item.title });
        }
        await render({ ...ctx, query: new URLSearchParams() }, message);
        ctx.announce(message);
        ctx.main.querySelector('h1')?.focus();
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return form;
}
