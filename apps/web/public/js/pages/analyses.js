// A follow-up plan's analyses and judgements (analys och bedömning), grouped by period: each
// goal's, strategic assignment's or indicator's current version with its status and state. The
// plan's owners and editors write new versions and mark them ready; an owner approves them and
// approves a period's report, which locks the period's analyses.
import { get, post } from '../api.js';
import { h, field, showErrors, clearErrors, busy, fill, badge, errorText, showFormErrors } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { comparePeriods, normalisePeriod, periodLabel } from '../periods.js';
import { planNav } from './plan.js';

const KINDS = ['goal', 'assignment', 'indicator'];
const STATUSES = ['on_track', 'partly', 'not_on_track'];

export async function render(ctx) {
  const id = ctx.params.id;
  const [plan, first] = await Promise.all([get(`/follow-up/plans/${id}`), get(`/follow-up/plans/${id}/analyses`)]);
  if (!ctx.isCurrent()) return;
  ctx.setTitle(`${t('analyses.title')} – ${plan.name}`);
  const state = { planId: id, view: first };
  const listBox = h('div', {});
  let writer = null;

  /** Shows the analyses; a notice ({ slot, kind, text }) goes to its slot, which gets the focus. */
  const showList = (notice) => {
    fill(listBox, analysesView(state, actions, notice));
    if (notice) listBox.querySelector(`[data-slot="${CSS.escape(notice.slot)}"]`)?.focus();
  };
  const reload = async (notice) => {
    state.view = await get(`/follow-up/plans/${id}/analyses`);
    showList(notice);
  };
  /** Runs an act; afterwards the list again, with the outcome (or the refusal, in words) beside what was acted on. */
  const act = async (button, slot, work, success) => {
    button.disabled = true;
    try {
      const result = await work();
      await reload({ slot, kind: 'ok', text: success(result) });
    } catch (error) {
      button.disabled = false;
      await reload().catch(() => null);
      showList({ slot, kind: 'error', text: refusalText(error) });
    }
  };
  const actions = {
    markReady: (button, a) =>
      act(button, a.id, () => post(`/follow-up/plans/${id}/analyses/${a.id}/ready`, { version: a.current.version }), (r) => t('analyses.markedReady', { version: r.current.version, subject: r.subject })),
    approve: (button, a) =>
      act(button, a.id, () => post(`/follow-up/plans/${id}/analyses/${a.id}/approve`, { version: a.current.version }), (r) => t('analyses.approved', { version: r.current.version, subject: r.subject })),
    approvePeriod: (button, period) => {
      if (!window.confirm(t('analyses.approvePeriodConfirm', { period: periodLabel(period) }))) return;
      return act(button, `period:${period}`, () => post(`/follow-up/plans/${id}/periods/${encodeURIComponent(period)}/approval`, {}), () => t('analyses.periodApproved', { period: periodLabel(period) }));
    },
    newVersion: (a) => writer?.prefill(a),
  };

  const writeSection = () => {
    if (!state.view.canEdit) return h('p', { class: 'notice' }, t('analyses.readOnly'));
    if (state.view.subjects.length === 0) return h('p', { class: 'notice' }, t('analyses.noSubjects'));
    writer = writeForm(state, async (saved) => {
      await reload({ slot: saved.id, kind: 'ok', text: t('analyses.drafted', { version: saved.current.version, subject: saved.subject, period: periodLabel(saved.period) }) });
      writer.reset();
    });
    return h(
      'section',
      { 'aria-labelledby': 'write-heading' },
      h('h2', { id: 'write-heading', tabindex: '-1' }, t('analyses.writeHeading')),
      h('p', { class: 'meta' }, t('analyses.writeLead')),
      writer.form,
    );
  };

  showList();
  fill(
    ctx.main,
    h('p', { class: 'meta' }, h('a', { href: '#/follow-up' }, t('followUp.title')), ' › ', h('a', { href: `#/follow-up/${id}` }, plan.name)),
    h('h1', {}, t('analyses.title')),
    h('p', { class: 'lead' }, `${plan.name} · ${plan.municipality} · ${plan.year}`),
    planNav(id, 'analyses'),
    h('p', {}, t('analyses.lead')),
    listBox,
    writeSection(),
  );
}

/** A refusal in words; "owner required" here is about approving. */
function refusalText(error) {
  if (error?.code === 'plan_owner_required') return t('analyses.ownerRequired');
  return errorText(error);
}

function analysesView(state, actions, notice) {
  const view = state.view;
  const approvals = new Map(view.approvedPeriods.map((p) => [p.period, p]));
  const periods = [...new Set([...view.analyses.map((a) => a.period), ...approvals.keys()])].sort((a, b) => comparePeriods(b, a));
  if (periods.length === 0) return h('p', { class: 'notice' }, t('analyses.empty'));
  const slot = (key) =>
    h(
      'div',
      { class: 'feedback', tabindex: '-1', dataset: { slot: key } },
      notice?.slot === key
        ? notice.kind === 'ok'
          ? h('p', { class: 'notice notice--ok', role: 'status' }, notice.text)
          : h('p', { class: 'error-summary', role: 'alert' }, notice.text)
        : null,
    );
  return periods.map((period) => {
    const approval = approvals.get(period);
    const inPeriod = view.analyses
      .filter((a) => a.period === period)
      .sort((x, y) => KINDS.indexOf(x.subjectKind) - KINDS.indexOf(y.subjectKind) || x.subject.localeCompare(y.subject, 'sv'));
    const locked = Boolean(approval) || inPeriod.some((a) => a.locked);
    const headingId = `period-${period}`;
    const approveButton =
      view.canApprove && !locked
        ? h('button', { type: 'button', class: 'secondary', onclick: (event) => actions.approvePeriod(event.currentTarget, period) }, t('analyses.approvePeriod', { period: periodLabel(period) }))
        : null;
    return h(
      'section',
      { class: 'analysis-period', 'aria-labelledby': headingId, dataset: { period } },
      h('h2', { id: headingId }, periodLabel(period), locked ? [' ', badge('locked', t('analyses.lockedBadge'))] : null),
      locked ? h('p', { class: 'notice notice--locked' }, lockedText(period, approval)) : null,
      slot(`period:${period}`),
      inPeriod.map((a) => analysisCard(view, a, locked, actions, slot(a.id))),
      approveButton ? h('div', { class: 'actions actions--spaced' }, approveButton) : null,
    );
  });
}

function lockedText(period, approval) {
  if (!approval) return t('analyses.lockedPlain', { period: periodLabel(period) });
  const vars = { period: periodLabel(period), date: formatDate(approval.approvedOn), name: approval.approvedByName };
  return approval.approvedByName ? t('analyses.locked', vars) : t('analyses.lockedNoName', vars);
}

function analysisCard(view, a, locked, actions, feedback) {
  const current = a.current;
  const headingId = `analysis-${a.id}`;
  const hidden = h('span', { class: 'visually-hidden' }, ` – ${a.subject}`);
  const buttons = [];
  if (!locked && view.canEdit) {
    buttons.push(h('button', { type: 'button', class: 'secondary', onclick: () => actions.newVersion(a) }, t('analyses.newVersion'), hidden.cloneNode(true)));
    if (current.state === 'draft') buttons.push(h('button', { type: 'button', onclick: (event) => actions.markReady(event.currentTarget, a) }, t('analyses.markReady'), hidden.cloneNode(true)));
  }
  if (!locked && view.canApprove && current.state === 'ready') {
    buttons.push(h('button', { type: 'button', onclick: (event) => actions.approve(event.currentTarget, a) }, t('analyses.approve'), hidden.cloneNode(true)));
  }
  const earlier = a.versions.filter((v) => v.version !== current.version).reverse();
  return h(
    'article',
    { class: 'card analysis', 'aria-labelledby': headingId, dataset: { analysis: a.id } },
    h('h3', { id: headingId }, h('span', { class: 'analysis__kind' }, `${t(`analyses.kind.${a.subjectKind}`)}: `), a.subject),
    feedback,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('analyses.status')),
      h('dd', {}, badge(`status-${current.status}`, t(`analysisStatus.${current.status}`))),
      h('dt', {}, t('analyses.state')),
      h('dd', {}, badge(`state-${current.state}`, t(`analysisState.${current.state}`))),
      h('dt', {}, t('analyses.version')),
      h('dd', {}, String(current.version)),
      h('dt', {}, t('analyses.written')),
      h('dd', {}, formatDate(current.writtenOn)),
    ),
    h('p', { class: 'analysis__text' }, current.text),
    a.approved && a.approved.version !== current.version ? h('p', { class: 'meta' }, t('analyses.approvedVersion', { version: a.approved.version, date: formatDate(a.approved.approvedOn) })) : null,
    earlier.length > 0
      ? h(
          'details',
          {},
          h('summary', {}, t('analyses.versions', { n: earlier.length })),
          h(
            'ul',
            { class: 'plain-list analysis__versions' },
            earlier.map((v) =>
              h(
                'li',
                {},
                h('p', { class: 'meta' }, t('analyses.versionLine', { version: v.version, state: t(`analysisState.${v.state}`).toLocaleLowerCase('sv-SE'), date: formatDate(v.writtenOn) })),
                h('p', { class: 'analysis__text' }, v.text),
              ),
            ),
          ),
        )
      : null,
    buttons.length > 0 ? h('div', { class: 'actions' }, buttons) : null,
  );
}

/** A new version (a draft): what it is about, the period, the overall status and the text. */
function writeForm(state, saved) {
  const subjectField = field({ label: t('analyses.subject'), name: 'subject', kind: 'select', required: true, options: [] });
  const select = subjectField.querySelector('select');
  select.append(h('option', { value: '' }, t('analyses.choose')));
  for (const kind of KINDS) {
    const list = state.view.subjects.filter((s) => s.kind === kind);
    if (list.length > 0) select.append(h('optgroup', { label: t(`analyses.kinds.${kind}`) }, list.map((s) => h('option', { value: `${s.kind}:${s.key}` }, s.title))));
  }
  const form = h(
    'form',
    { novalidate: true, class: 'card', 'aria-labelledby': 'write-heading' },
    subjectField,
    h(
      'div',
      { class: 'grid-2' },
      field({ label: t('analyses.period'), name: 'period', required: true, hint: t('analyses.periodHint'), attrs: { autocomplete: 'off', spellcheck: 'false', class: 'input-short' } }),
      field({
        label: t('analyses.status'),
        name: 'status',
        kind: 'select',
        required: true,
        options: [{ value: '', label: t('analyses.choose') }, ...STATUSES.map((s) => ({ value: s, label: t(`analysisStatus.${s}`) }))],
      }),
    ),
    field({ label: t('analyses.text'), name: 'text', kind: 'textarea', required: true, attrs: { rows: '8' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('analyses.writeButton'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const subject = String(data.get('subject') ?? '');
    const period = normalisePeriod(data.get('period'));
    const status = String(data.get('status') ?? '');
    const text = String(data.get('text') ?? '').trim();
    const problems = [];
    if (!subject) problems.push({ field: 'subject', message: t('analyses.chooseSubject') });
    if (!period) problems.push({ field: 'period', message: t('indicators.periodRequired') });
    if (!status) problems.push({ field: 'status', message: t('analyses.chooseStatus') });
    if (!text) problems.push({ field: 'text', message: t('analyses.textRequired') });
    if (problems.length > 0) return showErrors(form, { errors: problems });
    const colon = subject.indexOf(':');
    busy(form, async () => {
      try {
        clearErrors(form);
        const result = await post(`/follow-up/plans/${state.planId}/analyses`, { subjectKind: subject.slice(0, colon), subject: subject.slice(colon + 1), period, text, status });
        await saved(result);
      } catch (error) {
        showFormErrors(form, error);
      }
    });
  });
  const control = (name) => form.querySelector(`[name="${name}"]`);
  return {
    form,
    /** The form filled from an analysis (its subject, period, status and text), for a new version. */
    prefill(a) {
      clearErrors(form);
      control('subject').value = `${a.subjectKind}:${a.subjectKey}`;
      control('period').value = a.period;
      control('status').value = a.current.status;
      control('text').value = a.current.text;
      control('text').focus();
      control('text').scrollIntoView({ block: 'center' });
    },
    reset() {
      form.reset();
      clearErrors(form);
    },
  };
}
