// Defining and changing an indicator on the indicators page (indicators.js): the section with the
// form for a new one, and the same form in a card to change one. The callbacks (`reload`, `saved`)
// are the page's: they read the figures again and say what changed.
import { post, request } from '../api.js';
import { h, field, choices, showErrors, clearErrors, busy, fill, showFormErrors } from '../dom.js';
import { t } from '../i18n.js';
import { comparePeriods, normalisePeriod, numberText, parseNumber } from '../periods.js';

const UNIT_KINDS = ['percent', 'count', 'scale'];
const DIRECTIONS = ['higher', 'lower'];
const PERIODICITIES = ['term', 'year', 'month'];
const SOURCES = ['manual', 'import', 'kolada'];

export function defineSection(ctx, state, reload) {
  const box = h('div', {});
  const feedback = h('div', { tabindex: '-1', class: 'feedback' });
  const fresh = () => {
    fill(
      box,
      definitionForm(state, null, async (saved) => {
        await reload();
        fresh();
        fill(feedback, h('p', { class: 'notice notice--ok', role: 'status' }, t('indicators.saved', { name: saved.name })));
        feedback.focus();
      }),
    );
  };
  fresh();
  return h(
    'section',
    { 'aria-labelledby': 'define-heading' },
    h('h2', { id: 'define-heading' }, t('indicators.define')),
    h('p', { class: 'meta' }, t('indicators.defineLead')),
    feedback,
    box,
  );
}

/**
 * The definition of an indicator: a new one (POST, with an id chosen here so a repeated send
 * returns the same) or a change (PUT). `saved(indicator)` runs after the API accepted it.
 */
export function definitionForm(state, existing, saved, cancel) {
  const newId = crypto.randomUUID();
  const unit = existing?.unit ?? { kind: 'percent' };
  const source = existing?.source ?? { kind: 'manual' };
  const scaleBox = h(
    'div',
    { class: 'grid-2', hidden: unit.kind !== 'scale' },
    field({ label: t('indicators.scaleMin'), name: 'unit.min', value: unit.kind === 'scale' ? String(unit.min) : '1', attrs: { inputmode: 'numeric', autocomplete: 'off', class: 'input-short' } }),
    field({ label: t('indicators.scaleMax'), name: 'unit.max', value: unit.kind === 'scale' ? String(unit.max) : '5', attrs: { inputmode: 'numeric', autocomplete: 'off', class: 'input-short' } }),
  );
  const kpiBox = h(
    'div',
    { hidden: source.kind !== 'kolada' },
    field({ label: t('indicators.kpiId'), name: 'source.kpiId', value: source.kind === 'kolada' ? source.kpiId : '', hint: t('indicators.kpiHint'), attrs: { autocomplete: 'off', spellcheck: 'false', class: 'input-short' } }),
  );

  // Targets: one row per period, added and removed; names stay unique, labels follow the order.
  const rows = h('div', { class: 'target-rows' });
  let rowCounter = 0;
  const renumber = () =>
    [...rows.children].forEach((row, i) => {
      row.querySelector('[data-label=period]').textContent = t('indicators.targetPeriod', { n: i + 1 });
      row.querySelector('[data-label=value]').textContent = t('indicators.targetValue', { n: i + 1 });
      row.querySelector('[data-label=remove]').textContent = t('indicators.removeTarget', { n: i + 1 });
    });
  const addRow = (period = '', value = '') => {
    const n = rowCounter++;
    const periodField = field({ label: '', name: `targets.${n}.period`, value: period, attrs: { autocomplete: 'off', spellcheck: 'false', class: 'input-short' } });
    const valueField = field({ label: '', name: `targets.${n}.value`, value, attrs: { inputmode: 'decimal', autocomplete: 'off', class: 'input-short' } });
    periodField.querySelector('label').dataset.label = 'period';
    valueField.querySelector('label').dataset.label = 'value';
    const row = h(
      'div',
      { class: 'target-row', dataset: { row: String(n) } },
      periodField,
      valueField,
      h(
        'div',
        { class: 'actions target-row__remove' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            dataset: { label: 'remove' },
            onclick: () => {
              row.remove();
              renumber();
              addButton.focus();
            },
          },
          '',
        ),
      ),
    );
    rows.append(row);
    renumber();
    return row;
  };
  const addButton = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: () => addRow().querySelector('input').focus(),
    },
    t('indicators.addTarget'),
  );
  const targets = Object.entries(existing?.targets ?? {}).sort(([a], [b]) => comparePeriods(a, b));
  if (targets.length === 0) addRow();
  for (const [period, value] of targets) addRow(period, numberText(value));

  const responsibleOptions = [{ value: '', label: t('indicators.none') }, ...state.people.map((p) => ({ value: p.id, label: p.name }))];
  if (existing?.responsibleId && !state.people.some((p) => p.id === existing.responsibleId)) {
    responsibleOptions.push({ value: existing.responsibleId, label: existing.responsibleName ?? existing.responsibleId });
  }

  const form = h(
    'form',
    { novalidate: true, class: existing ? 'definition-form' : 'card definition-form', 'aria-label': existing ? t('indicators.editHeading', { name: existing.name }) : t('indicators.define') },
    field({ label: t('indicators.name'), name: 'name', value: existing?.name, required: true }),
    field({ label: t('indicators.description'), name: 'description', kind: 'textarea', value: existing?.description }),
    h(
      'div',
      { class: 'grid-auto' },
      field({ label: t('indicators.unit'), name: 'unit.kind', kind: 'select', value: unit.kind, options: UNIT_KINDS.map((k) => ({ value: k, label: t(`unit.${k}`) })) }),
      field({ label: t('indicators.direction'), name: 'direction', kind: 'select', value: existing?.direction ?? 'higher', options: DIRECTIONS.map((d) => ({ value: d, label: t(`direction.${d}`) })) }),
      field({ label: t('indicators.periodicity'), name: 'periodicity', kind: 'select', value: existing?.periodicity ?? 'term', options: PERIODICITIES.map((p) => ({ value: p, label: t(`periodicity.${p}`) })) }),
    ),
    scaleBox,
    h(
      'fieldset',
      {},
      h('legend', {}, t('indicators.baseline')),
      h('span', { class: 'hint' }, t('indicators.baselineHint')),
      h(
        'div',
        { class: 'grid-2' },
        field({ label: t('indicators.baselinePeriod'), name: 'baseline.period', value: existing?.baseline?.period, attrs: { autocomplete: 'off', spellcheck: 'false', class: 'input-short' } }),
        field({ label: t('indicators.baselineValue'), name: 'baseline.value', value: existing?.baseline ? numberText(existing.baseline.value) : '', attrs: { inputmode: 'decimal', autocomplete: 'off', class: 'input-short' } }),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('indicators.targets')),
      h('span', { class: 'hint' }, `${t('indicators.targetsHint')} ${t('analyses.periodHint')}`),
      rows,
      h('div', { class: 'actions actions--spaced' }, addButton),
    ),
    h(
      'div',
      { class: 'grid-2' },
      field({ label: t('indicators.responsible'), name: 'responsibleId', kind: 'select', value: existing?.responsibleId ?? '', options: responsibleOptions, hint: t('indicators.responsibleHint') }),
      field({
        label: t('indicators.reportWithinLabel'),
        name: 'reportWithinWorkingDays',
        value: String(existing?.reportWithinWorkingDays ?? 10),
        hint: t('indicators.reportWithinHint'),
        attrs: { inputmode: 'numeric', autocomplete: 'off', class: 'input-short' },
      }),
    ),
    h(
      'div',
      { class: 'grid-2' },
      field({ label: t('indicators.source'), name: 'source.kind', kind: 'select', value: source.kind, options: SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) })) }),
      kpiBox,
    ),
    state.activities.length > 0
      ? choices({
          legend: t('indicators.activities'),
          name: 'activityIds',
          hint: t('indicators.activitiesHint'),
          options: state.activities.map((a) => ({ value: a.id, label: a.text })),
          checked: existing?.activityIds ?? [],
        })
      : h('p', { class: 'meta' }, t('indicators.noActivities')),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, t('indicators.save')),
      cancel ? h('button', { type: 'button', class: 'secondary', onclick: cancel }, t('indicators.cancel')) : null,
    ),
  );
  form.querySelector('fieldset[data-field=activityIds] .choices')?.classList.add('choices--scroll');
  form.addEventListener('change', (event) => {
    if (event.target.name === 'unit.kind') scaleBox.hidden = event.target.value !== 'scale';
    if (event.target.name === 'source.kind') kpiBox.hidden = event.target.value !== 'kolada';
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = (name) => String(data.get(name) ?? '').trim();
    const problems = [];
    const number = (name, { required = false } = {}) => {
      const n = parseNumber(data.get(name));
      if (n === null) problems.push({ field: name, message: t('indicators.notANumber') });
      if (n === undefined && required) problems.push({ field: name, message: t('indicators.valueRequired') });
      return n ?? undefined;
    };
    const name = text('name');
    if (!name) problems.push({ field: 'name', message: t('indicators.nameRequired') });
    const kind = text('unit.kind');
    const unitBody = kind === 'scale' ? { kind, min: number('unit.min', { required: true }), max: number('unit.max', { required: true }) } : { kind };
    const baselinePeriod = normalisePeriod(data.get('baseline.period'));
    const baselineValue = number('baseline.value');
    if (Boolean(baselinePeriod) !== (baselineValue !== undefined) && !problems.some((p) => p.field === 'baseline.value')) {
      problems.push({ field: baselinePeriod ? 'baseline.value' : 'baseline.period', message: t('indicators.baselineBoth') });
    }
    // The API names a target's problem by its period ("targets.2022-VT"): the row that says it.
    const targetRow = new Map();
    const targetsBody = {};
    for (const row of rows.children) {
      const n = row.dataset.row;
      const period = normalisePeriod(data.get(`targets.${n}.period`));
      const value = number(`targets.${n}.value`);
      if (!period && value === undefined) continue;
      if (!period || value === undefined) {
        if (!problems.some((p) => p.field === `targets.${n}.value`)) problems.push({ field: period ? `targets.${n}.value` : `targets.${n}.period`, message: t('indicators.targetBoth') });
        continue;
      }
      targetRow.set(period, n);
      targetsBody[period] = value;
    }
    const sourceKind = text('source.kind');
    const within = number('reportWithinWorkingDays');
    if (problems.length > 0) return showErrors(form, { errors: problems });
    const body = {
      name,
      description: text('description'),
      unit: unitBody,
      direction: text('direction'),
      periodicity: text('periodicity'),
      baseline: baselinePeriod ? { period: baselinePeriod, value: baselineValue } : null,
      targets: targetsBody,
      responsibleId: text('responsibleId') || null,
      source: sourceKind === 'kolada' ? { kind: sourceKind, kpiId: text('source.kpiId') } : { kind: sourceKind },
      activityIds: data.getAll('activityIds').map(String),
    };
    if (within !== undefined) body.reportWithinWorkingDays = within;
    busy(form, async () => {
      try {
        clearErrors(form);
        const result = existing
          ? await request('PUT', `/follow-up/plans/${state.planId}/indicators/${existing.id}`, body)
          : await post(`/follow-up/plans/${state.planId}/indicators`, { id: newId, ...body });
        await saved(result);
      } catch (error) {
        const errors = (error.errors ?? []).map((e) => {
          const target = /^targets\.(.+)$/.exec(e.field ?? '');
          if (target && targetRow.has(target[1])) {
            return { ...e, field: `targets.${targetRow.get(target[1])}.${e.code === 'invalid_period' ? 'period' : 'value'}` };
          }
          if (/^activityIds\[\d+\]$/.test(e.field ?? '')) return { ...e, field: 'activityIds' };
          return e;
        });
        showFormErrors(form, Object.assign(error, { errors }));
      }
    });
  });
  return form;
}
