// Start a programme from a template: dates and people, then the whole plan (POST /programmes/preview)
// with every reminder it will send, before anything starts (POST /programmes).
import { get, post } from '../api.js';
import { h, field, choices, showErrors, clearErrors, busy, table, fill } from '../dom.js';
import { t, formatDate, loc, todayIso, addDaysIso } from '../i18n.js';
import { remindersTable } from '../reminders.js';
import { loadPeople, personName } from '../people.js';
import { timelineBar, ruleLabel } from '../timeline.js';

// Template roles filled elsewhere in the form (or by the programme itself).
const NAMED_ELSEWHERE = new Set(['programme_owner', 'steering_group', 'reference_group', 'secretary', 'boards']);

export async function render(ctx) {
  ctx.setTitle(t('start.title'));
  if (!ctx.me.canOwnProgrammes) {
    fill(ctx.main, h('h1', {}, t('start.title')), h('p', { role: 'alert' }, t('start.notAllowed')));
    return;
  }
  const [templates, people] = await Promise.all([get('/templates'), loadPeople(ctx.me)]);
  if (!ctx.isCurrent()) return;
  const latest = new Map();
  for (const tpl of templates) if (!latest.has(tpl.id) || latest.get(tpl.id).version < tpl.version) latest.set(tpl.id, tpl);
  const byId = (id) => latest.get(id);
  const personOptions = (empty) => [...(empty ? [{ value: '', label: empty }] : []), ...people.map((p) => ({ value: p.id, label: p.name }))];
  const programmeId = crypto.randomUUID();

  const initialTemplate = ctx.query.get('template') || (latest.has('skr-fullfoljd-utbildning') ? 'skr-fullfoljd-utbildning' : [...latest.keys()][0]);
  const templateField = field({
    label: t('start.template'),
    name: 'templateId',
    kind: 'select',
    value: initialTemplate,
    options: [...latest.values()].map((tpl) => ({ value: tpl.id, label: loc(tpl.definition.name) })),
  });
  const templateInfo = h('p', { class: 'meta' });
  const datesBox = h('fieldset', {}, h('legend', {}, t('start.dates')));
  const responsiblesBox = h('fieldset', {}, h('legend', {}, t('start.responsibles')));
  const preview = h('section', { 'aria-labelledby': 'preview-heading', hidden: true });
  const startButton = h('button', { type: 'submit', value: 'start', hidden: true }, t('start.start'));

  const form = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, t('start.programme')),
      templateField,
      templateInfo,
      field({ label: t('field.name'), name: 'name', required: true, hint: t('start.nameHint') }),
      field({ label: t('start.programmeStart'), name: 'programmeStart', kind: 'date', required: true, value: addDaysIso(todayIso(), 14) }),
    ),
    datesBox,
    h(
      'fieldset',
      {},
      h('legend', {}, t('start.people')),
      field({ label: t('start.chair'), name: 'steeringGroup.chairId', kind: 'select', required: true, options: personOptions(t('start.choose')) }),
      choices({ legend: t('start.members'), name: 'steeringGroup.memberIds', options: personOptions() }),
      choices({ legend: t('start.referenceGroup'), name: 'referenceGroupIds', options: personOptions(), hint: t('start.referenceHint') }),
      field({ label: t('start.secretary'), name: 'secretaryId', kind: 'select', options: personOptions(t('start.nobody')) }),
    ),
    responsiblesBox,
    h('div', { class: 'actions' }, h('button', { type: 'submit', value: 'preview', class: 'secondary' }, t('start.preview'))),
    preview,
    h('div', { class: 'actions' }, startButton),
  );
  const select = form.querySelector('[name="templateId"]');
  const startInput = form.querySelector('[name="programmeStart"]');

  const fillDates = () => {
    const start = startInput.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) return;
    for (const input of datesBox.querySelectorAll('input[data-offset]')) {
      if (!input.dataset.touched) input.value = addDaysIso(start, Number(input.dataset.offset));
    }
  };
  const showTemplate = () => {
    const tpl = byId(select.value);
    const def = tpl.definition;
    templateInfo.textContent = loc(def.description) ?? '';
    const dateGrid = h('div', { class: 'grid-auto' });
    fill(datesBox, h('legend', {}, t('start.dates')), h('span', { class: 'hint', id: 'dates-hint' }, t('start.datesHint'), ' ', t('field.dateFormat')), dateGrid);
    for (const param of def.dateParameters ?? []) {
      const offsets = Array.isArray(param.defaultOffsetDays) ? param.defaultOffsetDays : [param.defaultOffsetDays];
      offsets.forEach((offset, i) => {
        const series = param.kind === 'series';
        const f = field({
          label: series ? `${loc(param.label)} ${i + 1}` : loc(param.label),
          name: series ? `dates.${param.key}.${i}` : `dates.${param.key}`,
          kind: 'date',
          formatHint: false,
          attrs: { 'aria-describedby': 'dates-hint' },
        });
        const input = f.querySelector('input');
        if (offset !== undefined && offset !== null) input.dataset.offset = offset;
        input.addEventListener('input', () => (input.dataset.touched = '1'));
        dateGrid.append(f);
      });
    }
    const roles = new Set();
    for (const phase of def.phases ?? []) for (const a of phase.assignments ?? []) if (a.responsibleRole && !NAMED_ELSEWHERE.has(a.responsibleRole)) roles.add(a.responsibleRole);
    const roleNames = new Map((def.roles ?? []).map((r) => [r.key, loc(r.name)]));
    fill(responsiblesBox, h('legend', {}, t('start.responsibles')), h('span', { class: 'hint' }, t('start.responsiblesHint')));
    for (const role of roles) {
      responsiblesBox.append(field({ label: roleNames.get(role) ?? role, name: `responsibles.${role}`, kind: 'select', options: personOptions(t('start.ownerDefault')) }));
    }
    responsiblesBox.hidden = roles.size === 0;
    fillDates();
    hidePreview();
  };
  const hidePreview = () => {
    preview.hidden = true;
    startButton.hidden = true;
  };
  select.addEventListener('change', showTemplate);
  for (const type of ['input', 'change']) {
    startInput.addEventListener(type, () => {
      fillDates();
      hidePreview();
    });
  }
  form.addEventListener('input', (event) => {
    if (event.target !== startInput && event.target !== select) hidePreview();
  });
  showTemplate();

  const body = () => {
    const data = new FormData(form);
    const dates = {};
    for (const [key, value] of data.entries()) {
      if (!key.startsWith('dates.') || !value) continue;
      const [, param, index] = key.split('.');
      if (index === undefined) dates[param] = value;
      else (dates[param] ??= []).push(value);
    }
    const responsibles = {};
    for (const [key, value] of data.entries()) if (key.startsWith('responsibles.') && value) responsibles[key.slice('responsibles.'.length)] = value;
    const chairId = String(data.get('steeringGroup.chairId') ?? '');
    return {
      id: programmeId,
      templateId: data.get('templateId'),
      name: String(data.get('name') ?? '').trim(),
      programmeStart: data.get('programmeStart'),
      dates,
      steeringGroup: { chairId, memberIds: data.getAll('steeringGroup.memberIds').filter((id) => id !== chairId) },
      referenceGroupIds: data.getAll('referenceGroupIds'),
      ...(data.get('secretaryId') ? { secretaryId: data.get('secretaryId') } : {}),
      responsibles,
    };
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const action = event.submitter?.value ?? 'preview';
    await busy(form, async () => {
      try {
        if (action === 'start') {
          const res = await post('/programmes', body());
          ctx.announce(t('start.started', { name: res.programme?.programme?.name ?? '' }));
          ctx.navigate(`#/programmes/${programmeId}`);
          return;
        }
        const plan = await post('/programmes/preview', body());
        clearErrors(form);
        renderPreview(preview, plan);
        preview.hidden = false;
        startButton.hidden = false;
        preview.querySelector('h2').focus();
        ctx.announce(t('start.previewReady', { n: plan.reminders.length }));
      } catch (error) {
        hidePreview();
        if (error.status === 401) return;
        showErrors(form, error);
      }
    });
  });

  fill(ctx.main, h('h1', {}, t('start.title')), h('p', { class: 'lead' }, t('start.lead')), form);
}

function renderPreview(section, plan) {
  const def = plan.definition;
  const phaseName = new Map(def.phases.map((p) => [p.key, loc(p.name)]));
  const assignments = [...def.assignments].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const meetings = [...def.meetings].sort((a, b) => a.date.localeCompare(b.date));
  fill(section, 
    h('h2', { id: 'preview-heading', tabindex: '-1' }, t('start.planHeading')),
    h('p', {}, t('start.planLead', { phases: def.phases.length, meetings: meetings.length, items: assignments.length, reminders: plan.reminders.length })),
    h('h3', {}, t('start.phases')),
    timelineBar(def.phases, todayIso()),
    h(
      'ol',
      { class: 'timeline' },
      def.phases.map((p) =>
        h(
          'li',
          {},
          h('strong', {}, loc(p.name)),
          ` ${formatDate(p.startDate)} – ${formatDate(p.endDate)}`,
          p.gate ? h('ul', {}, h('li', {}, t('start.gateLine', { name: loc(p.gate.name), rule: ruleLabel(p.gate), date: formatDate(p.gate.dueDate) }))) : null,
        ),
      ),
    ),
    h('h3', {}, t('start.meetings')),
    table({
      caption: t('start.meetings'),
      hideCaption: true,
      columns: [
        { label: t('field.meeting'), rowHeader: true, cell: (m) => loc(m.name) },
        { label: t('field.date'), cell: (m) => formatDate(m.date, 'full') },
        { label: t('field.phase'), cell: (m) => phaseName.get(m.phaseKey) ?? m.phaseKey },
      ],
      rows: meetings,
    }),
    h('h3', {}, t('start.deadlines')),
    table({
      caption: t('start.deadlines'),
      hideCaption: true,
      columns: [
        { label: t('field.title'), rowHeader: true, cell: (a) => a.title },
        { label: t('field.kind'), cell: (a) => t(`kind.${a.kind}`) },
        { label: t('field.phase'), cell: (a) => phaseName.get(a.phaseKey) ?? a.phaseKey },
        { label: t('field.responsible'), cell: (a) => personName(a.responsibleId) },
        { label: t('field.dueDate'), cell: (a) => formatDate(a.dueDate) },
      ],
      rows: assignments,
    }),
    h('h3', {}, t('start.reminders', { n: plan.reminders.length })),
    h('p', { class: 'meta' }, t('start.remindersLead')),
    remindersTable(plan.reminders, t('start.remindersCaption')),
  );
}

