// Follow-up: the activity plans (verksamhetsplaner), and a new plan for those who may create one.
import { get, post } from '../api.js';
import { h, field, showErrors, busy, table, fill } from '../dom.js';
import { t, formatDate } from '../i18n.js';

export async function render(ctx) {
  ctx.setTitle(t('followUp.title'));
  const plans = await get('/follow-up/plans');
  if (!ctx.isCurrent()) return;
  fill(ctx.main, 
    h('h1', {}, t('followUp.title')),
    h('p', { class: 'lead' }, t('followUp.lead')),
    plans.length === 0
      ? h('p', { class: 'notice' }, t('followUp.empty'))
      : table({
          caption: t('followUp.caption'),
          columns: [
            { label: t('field.name'), rowHeader: true, cell: (p) => h('a', { href: `#/follow-up/${p.id}` }, p.name) },
            { label: t('followUp.municipality'), cell: (p) => p.municipality },
            { label: t('followUp.year'), cell: (p) => String(p.year) },
            { label: t('followUp.boards'), cell: (p) => p.boards.map((b) => b.code).join(', ') },
            { label: t('followUp.activities'), cell: (p) => String(p.activities ?? 0) },
            { label: t('followUp.lastChange'), cell: (p) => (p.lastEffectiveOn ? formatDate(p.lastEffectiveOn) : '–') },
          ],
          rows: plans,
        }),
    ctx.me.canOwnProgrammes ? newPlanForm(ctx) : null,
  );
}

function newPlanForm(ctx) {
  const boardRow = (i) =>
    h(
      'div',
      { class: 'grid-2' },
      field({ label: t('followUp.boardCode', { n: i + 1 }), name: `boards.${i}.code`, hint: i === 0 ? t('followUp.boardCodeHint') : undefined }),
      field({ label: t('followUp.boardName', { n: i + 1 }), name: `boards.${i}.name` }),
    );
  const form = h(
    'form',
    { novalidate: true, class: 'card' },
    h('div', { class: 'grid-2' }, field({ label: t('field.name'), name: 'name', required: true }), field({ label: t('followUp.municipality'), name: 'municipality', required: true })),
    field({ label: t('followUp.year'), name: 'year', kind: 'number', required: true, value: String(new Date().getFullYear()), attrs: { inputmode: 'numeric' } }),
    h('fieldset', { 'data-field': 'boards' }, h('legend', {}, t('followUp.boards')), [0, 1, 2].map(boardRow), h('span', { class: 'field-error', id: 'boards-error' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('followUp.create'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const boards = [0, 1, 2]
      .map((i) => ({ code: String(data.get(`boards.${i}.code`) ?? '').trim(), name: String(data.get(`boards.${i}.name`) ?? '').trim() }))
      .filter((b) => b.code || b.name);
    busy(form, async () => {
      try {
        const plan = await post('/follow-up/plans', {
          id: crypto.randomUUID(),
          name: String(data.get('name') ?? '').trim(),
          municipality: String(data.get('municipality') ?? '').trim(),
          year: Number(data.get('year')),
          boards,
        });
        ctx.announce(t('followUp.created'));
        ctx.navigate(`#/follow-up/${plan.id}`);
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return h('section', { 'aria-labelledby': 'new-plan' }, h('h2', { id: 'new-plan' }, t('followUp.newPlan')), form);
}
