// Recording an indicator's values on the indicators page (indicators.js): one value for a period
// in an indicator's card, or many from a table (CSV, XLSX) with per-row errors. `reload(notice)`
// is the page's: it reads the figures again and shows the notice in the card it names.
import { post, request } from '../api.js';
import { h, field, showErrors, clearErrors, busy, fill, uid, showFormErrors } from '../dom.js';
import { t, todayIso } from '../i18n.js';
import { comparePeriods, normalisePeriod, parseNumber, periodLabel } from '../periods.js';
import { importErrorsView } from './plan.js';

/** Record the value (utfall) of a period: effective today. */
export function recordForm(state, indicator, reload) {
  const listId = uid('periods');
  const unit = indicator.unit;
  const form = h(
    'form',
    { novalidate: true, class: 'record-form', 'aria-label': t('indicators.recordFor', { name: indicator.name }) },
    h(
      'div',
      { class: 'grid-2' },
      field({
        label: t('indicators.period'),
        name: 'period',
        required: true,
        hint: t(`indicators.periodHint.${indicator.periodicity}`),
        attrs: { list: listId, autocomplete: 'off', spellcheck: 'false', class: 'input-short' },
      }),
      field({
        label: t('indicators.value'),
        name: 'value',
        required: true,
        hint: unit.kind === 'scale' ? t('indicators.valueHint.scale', { min: unit.min, max: unit.max }) : t(`indicators.valueHint.${unit.kind}`),
        attrs: { inputmode: 'decimal', autocomplete: 'off', class: 'input-short' },
      }),
    ),
    h('datalist', { id: listId }, suggestedPeriods(indicator, state.plan.year).map((p) => h('option', { value: p }, periodLabel(p)))),
    unit.kind === 'scale' ? field({ label: t('indicators.stepText'), name: 'text', hint: t('indicators.stepTextHint') }) : null,
    field({ label: t('indicators.comment'), name: 'comment', kind: 'textarea' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('indicators.recordButton'), h('span', { class: 'visually-hidden' }, ` – ${indicator.name}`))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const period = normalisePeriod(data.get('period'));
    const value = parseNumber(data.get('value'));
    const problems = [];
    if (!period) problems.push({ field: 'period', message: t('indicators.periodRequired') });
    if (value === undefined) problems.push({ field: 'value', message: t('indicators.valueRequired') });
    else if (value === null) problems.push({ field: 'value', message: t('indicators.notANumber') });
    if (problems.length > 0) return showErrors(form, { errors: problems });
    const body = { period, value };
    const text = String(data.get('text') ?? '').trim();
    const comment = String(data.get('comment') ?? '').trim();
    if (text) body.text = text;
    if (comment) body.comment = comment;
    busy(form, async () => {
      try {
        clearErrors(form);
        const saved = await post(`/follow-up/plans/${state.planId}/indicators/${indicator.id}/values`, body);
        await reload({ indicatorId: indicator.id, text: t(saved.recorded ? 'indicators.recorded' : 'indicators.unchanged', { period: periodLabel(saved.period) }) });
      } catch (error) {
        showFormErrors(form, error);
      }
    });
  });
  return form;
}

/** The periods a value is likely for: those of the plan's year, those with a target or a figure. */
function suggestedPeriods(indicator, year) {
  const own = { year: [`${year}`], term: [`${year}-VT`, `${year}-HT`], month: Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`) }[indicator.periodicity] ?? [];
  return [...new Set([...own, ...Object.keys(indicator.targets ?? {}), ...indicator.figures.periods.map((p) => p.period)])].sort(comparePeriods);
}

// ---------------------------------------------------------------- import

export function importSection(state, reload) {
  const result = h('div', { tabindex: '-1', class: 'feedback' });
  const form = h(
    'form',
    { novalidate: true, class: 'card', 'aria-labelledby': 'import-values-heading' },
    h(
      'div',
      { class: 'grid-2' },
      field({ label: t('plan.file'), name: 'file', kind: 'file', required: true, hint: t('plan.fileHint'), attrs: { accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }),
      field({ label: t('indicators.importAsOf'), name: 'asOf', kind: 'date', value: todayIso(), required: true, hint: t('indicators.importAsOfHint') }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('plan.import'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    busy(form, async () => {
      fill(result);
      try {
        clearErrors(form);
        const res = await request('POST', `/follow-up/plans/${state.planId}/indicator-imports`, data);
        await reload();
        fill(result, h('p', { class: 'notice notice--ok', role: 'status' }, t('indicators.imported', res)));
        result.focus();
      } catch (error) {
        const view = importErrorsView(error);
        if (!view) return showFormErrors(form, error);
        fill(result, view);
        result.focus();
      }
    });
  });
  return h(
    'section',
    { 'aria-labelledby': 'import-values-heading' },
    h('h2', { id: 'import-values-heading' }, t('indicators.importHeading')),
    h('p', { class: 'meta' }, t('indicators.importLead')),
    form,
    result,
  );
}
