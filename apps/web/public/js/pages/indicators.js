// A follow-up plan's indicators (indikatorer): each with its figures per period as of a date, its
// chart, linked activities and the reminders still to come to report its values. The plan's
// owners and editors, and an indicator's responsible person, record values; owners and editors
// define and change indicators and import values from a table. This module is the page (the
// as-of control and the cards); the forms are in indicator-form.js (define, change) and
// indicator-values.js (record, import), which never import this one.
import { get, query } from '../api.js';
import { h, field, clearErrors, busy, table, fill, showFormErrors } from '../dom.js';
import { t, todayIso, getLang, formatDate, formatDateTime } from '../i18n.js';
import { periodLabel } from '../periods.js';
import { reminderLabel } from '../reminders.js';
import { planNav } from './plan.js';
import { defineSection, definitionForm } from './indicator-form.js';
import { importSection, recordForm } from './indicator-values.js';

export async function render(ctx) {
  const id = ctx.params.id;
  const state = { planId: id, asOf: ctx.query.get('asOf') || todayIso(), view: null, reminders: new Map(), charts: new Map(), people: [], activities: [] };
  const [plan] = await Promise.all([get(`/follow-up/plans/${id}`), loadFigures(state)]);
  if (!ctx.isCurrent()) return;
  state.plan = plan;
  if (state.view.canEdit) await loadChoices(ctx, state);
  if (!ctx.isCurrent()) return;
  ctx.setTitle(`${t('indicators.title')} – ${plan.name}`);

  const listBox = h('div', { class: 'indicator-list' });
  const showList = (notice) => {
    fill(
      listBox,
      state.view.indicators.length === 0
        ? h('p', { class: 'notice' }, t('indicators.empty'))
        : state.view.indicators.map((indicator) => indicatorCard(ctx, state, indicator, notice?.indicatorId === indicator.id ? notice.text : null, reload)),
    );
  };
  /** Figures again (after a change or for another date); a notice in a card gets the focus. */
  async function reload(notice) {
    await loadFigures(state);
    showList(notice);
    if (notice?.indicatorId) listBox.querySelector(`[data-notice-for="${notice.indicatorId}"]`)?.focus();
  }

  const asOfForm = h(
    'form',
    { novalidate: true, class: 'card', 'aria-label': t('indicators.asOfForm') },
    field({ label: t('indicators.asOf'), name: 'asOf', kind: 'date', value: state.asOf, required: true, hint: t('indicators.asOfHint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('indicators.show'))),
  );
  asOfForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const asOf = String(new FormData(asOfForm).get('asOf') ?? '').trim();
    const before = state.asOf;
    busy(asOfForm, async () => {
      try {
        clearErrors(asOfForm);
        state.asOf = asOf;
        await reload();
        history.replaceState(null, '', `#/follow-up/${id}/indicators${query({ asOf })}`);
        ctx.announce(t('indicators.shown', { date: formatDate(asOf) }));
      } catch (error) {
        state.asOf = before;
        showFormErrors(asOfForm, error);
      }
    });
  });

  showList();
  fill(
    ctx.main,
    h('p', { class: 'meta' }, h('a', { href: '#/follow-up' }, t('followUp.title')), ' › ', h('a', { href: `#/follow-up/${id}` }, plan.name)),
    h('h1', {}, t('indicators.title')),
    h('p', { class: 'lead' }, `${plan.name} · ${plan.municipality} · ${plan.year}`),
    planNav(id, 'indicators'),
    h('p', {}, t('indicators.lead')),
    asOfForm,
    listBox,
    state.view.canEdit ? defineSection(ctx, state, reload) : null,
    state.view.canEdit ? importSection(state, reload) : null,
  );
}

/** The indicators with their figures as of the state's date, each one's chart and its reminders still to come. */
async function loadFigures(state) {
  const view = await get(`/follow-up/plans/${state.planId}/indicators${query({ asOf: state.asOf, lang: getLang() })}`);
  const [reminders, charts] = await Promise.all([
    Promise.all(view.indicators.map((i) => get(`/follow-up/plans/${state.planId}/indicators/${i.id}/reminders`).then((r) => r.reminders, () => null))),
    Promise.all(view.indicators.map((i) => chartImage(chartUrl(state, i)))),
  ]);
  state.view = view;
  state.reminders = new Map(view.indicators.map((i, n) => [i.id, reminders[n]]));
  state.charts = new Map(view.indicators.map((i, n) => [i.id, charts[n]]));
}

const chartUrl = (state, indicator) => `/follow-up/plans/${state.planId}/indicators/${indicator.id}/chart.svg${query({ asOf: state.asOf, lang: getLang() })}`;

/**
 * The chart (GET …/chart.svg) as a data: URL, read afresh each time. Used as the img's source
 * directly, the browser would show the first drawing of that address for the rest of the page's
 * life (its list of available images ignores no-store), so a value just recorded would not show.
 * Null when the chart cannot be read: the card then goes without it.
 */
async function chartImage(url) {
  try {
    const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'image/svg+xml' } });
    if (!res.ok) return null;
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(await res.text())}`;
  } catch {
    return null;
  }
}

/**
 * What an editor chooses from: people (everyone for those who may list them, else the plan's
 * owners and editors) and the plan's activities as they stand today.
 */
async function loadChoices(ctx, state) {
  const [people, members, report] = await Promise.all([
    ctx.me.canOwnProgrammes || ctx.me.isAdmin ? get('/people').catch(() => null) : null,
    get(`/follow-up/plans/${state.planId}/members`).catch(() => null),
    get(`/follow-up/plans/${state.planId}/report${query({ lang: getLang() })}`).catch(() => null),
  ]);
  const list = people ?? (members?.members ?? []).map((m) => ({ id: m.personId, name: m.name }));
  state.people = list.filter((p) => p.active !== false).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  state.activities = (report?.rows ?? []).map((r) => ({ id: r.activityId, text: r.activity }));
}

// ---------------------------------------------------------------- one indicator

function indicatorCard(ctx, state, indicator, notice, reload) {
  const f = indicator.figures;
  const headingId = `indicator-${indicator.id}`;
  const mayRecord = state.view.canEdit || (indicator.responsibleId !== null && indicator.responsibleId === ctx.me.personId);
  const editBox = h('div', {});
  const editButton = state.view.canEdit
    ? h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-expanded': 'false',
          onclick: () => {
            if (editBox.childElementCount > 0) return;
            editButton.setAttribute('aria-expanded', 'true');
            const close = () => {
              fill(editBox);
              editButton.setAttribute('aria-expanded', 'false');
              editButton.focus();
            };
            fill(
              editBox,
              h('h3', {}, t('indicators.editHeading', { name: indicator.name })),
              definitionForm(state, indicator, async (saved) => reload({ indicatorId: saved.id, text: t('indicators.changed', { name: saved.name }) }), close),
            );
            editBox.querySelector('input')?.focus();
          },
        },
        t('indicators.edit'),
        h('span', { class: 'visually-hidden' }, ` – ${indicator.name}`),
      )
    : null;
  const reminders = state.reminders.get(indicator.id);
  return h(
    'article',
    { class: 'card indicator', 'aria-labelledby': headingId, dataset: { indicator: indicator.id } },
    h('h2', { id: headingId }, indicator.name),
    notice ? h('p', { class: 'notice notice--ok', role: 'status', tabindex: '-1', dataset: { noticeFor: indicator.id } }, notice) : null,
    indicator.description ? h('p', {}, indicator.description) : null,
    h(
      'dl',
      { class: 'facts' },
      fact(t('indicators.unit'), f.unitLabel),
      fact(t('indicators.direction'), f.directionLabel),
      fact(t('indicators.periodicity'), t(`periodicity.${indicator.periodicity}`)),
      fact(t('indicators.baseline'), f.baseline ? t('indicators.baselineOf', { value: f.baseline.valueLabel, period: f.baseline.periodLabel }) : t('indicators.noBaseline')),
      fact(t('indicators.responsible'), indicator.responsibleName ?? t('indicators.noResponsible')),
      fact(t('indicators.source'), sourceLabel(indicator.source)),
      fact(t('indicators.reportWithin'), t('indicators.reportWithinValue', { n: indicator.reportWithinWorkingDays })),
    ),
    state.charts.get(indicator.id)
      ? h('img', { class: 'chart', src: state.charts.get(indicator.id), alt: chartAlt(indicator), width: '640', height: '320', dataset: { source: chartUrl(state, indicator) } })
      : null,
    f.periods.length === 0
      ? h('p', { class: 'meta' }, t('indicators.noFigures', { date: formatDate(state.asOf) }))
      : table({
          caption: t('indicators.figuresCaption', { name: indicator.name }),
          hideCaption: true,
          columns: [
            { label: t('indicators.period'), rowHeader: true, cell: (p) => p.periodLabel },
            { label: t('indicators.target'), cell: (p) => p.targetLabel },
            {
              label: t('indicators.outcome'),
              cell: (p) => [p.valueLabel, p.text ? h('span', { class: 'cell-note' }, p.text) : null, p.comment ? h('span', { class: 'cell-note meta' }, p.comment) : null],
            },
            // Attainment in words and colour, never colour alone.
            { label: t('indicators.attainment'), cell: (p) => h('span', { class: `attainment attainment--${p.attainment}` }, p.attainmentLabel) },
            { label: t('indicators.trend'), cell: (p) => p.trendLabel },
          ],
          rows: f.periods,
        }),
    h('h3', {}, t('indicators.linked')),
    f.linkedActivities.length === 0 ? h('p', { class: 'meta' }, t('indicators.noLinked')) : h('ul', { class: 'linked-activities' }, f.linkedActivities.map((a) => h('li', {}, a))),
    h('h3', {}, t('indicators.reminders')),
    remindersView(indicator, reminders),
    h('h3', {}, t('indicators.record')),
    mayRecord
      ? recordForm(state, indicator, reload)
      : h('p', { class: 'meta' }, indicator.responsibleName ? t('indicators.recordNotAllowedName', { name: indicator.responsibleName }) : t('indicators.recordNotAllowed')),
    editButton ? h('div', { class: 'actions actions--spaced' }, editButton) : null,
    editBox,
  );
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function sourceLabel(source) {
  if (source?.kind === 'kolada') return source.kpiId ? t('source.koladaKpi', { kpiId: source.kpiId }) : t('source.kolada');
  return t(`source.${source?.kind ?? 'manual'}`);
}

/** The chart in one sentence per period, for those who do not see it. */
function chartAlt(indicator) {
  const f = indicator.figures;
  const periods = f.periods.map((p) => t('indicators.chartPeriod', { period: p.periodLabel, target: p.targetLabel, value: p.valueLabel, attainment: p.attainmentLabel.toLocaleLowerCase(getLang() === 'en' ? 'en-GB' : 'sv-SE') }));
  return [t('indicators.chartAlt', { name: indicator.name }), ...(periods.length > 0 ? periods : [t('indicators.chartEmpty')])].join(' ');
}

function remindersView(indicator, reminders) {
  if (!indicator.responsibleId) return h('p', { class: 'meta' }, t('indicators.remindersNoResponsible'));
  if (reminders === null || reminders === undefined) return null;
  if (reminders.length === 0) return h('p', { class: 'meta' }, t('indicators.noReminders'));
  return table({
    caption: t('indicators.remindersCaption', { name: indicator.name, n: reminders.length }),
    tall: true,
    columns: [
      { label: t('indicators.reminderAt'), rowHeader: true, cell: (r) => formatDateTime(r.at) },
      { label: t('field.kind'), cell: (r) => (r.kind === 'escalation' ? t('indicators.escalation') : reminderLabel({ kind: r.kind, reminderKey: r.key })) },
      { label: t('indicators.reminderPeriod'), cell: (r) => periodLabel(r.period) },
      { label: t('indicators.reminderDeadline'), cell: (r) => formatDate(r.deadline) },
      { label: t('indicators.reminderTo'), cell: (r) => t(`indicators.audience.${r.audience}`, {}, r.audience) },
    ],
    rows: reminders,
  });
}
