// A phase gate: what is being decided (the snapshot), who has decided what, and my decision.
import { get, post } from '../api.js';
import { h, field, showErrors, busy, badge, table, uid, fill } from '../dom.js';
import { t, formatDate, formatDateTime, loc } from '../i18n.js';
import { loadPeople, personName } from '../people.js';
import { ruleLabel } from '../timeline.js';

const DECISIONS = ['approve', 'approve_with_conditions', 'send_back', 'abstain'];

export async function render(ctx, notice) {
  const { id, phaseKey } = ctx.params;
  const [view, gate] = await Promise.all([get(`/programmes/${id}`), get(`/programmes/${id}/gates/${encodeURIComponent(phaseKey)}`)]);
  const ids = [...view.roles.map((r) => r.personId), ...gate.rounds.flatMap((r) => r.snapshot.map((s) => s.responsibleId))];
  const people = await loadPeople(ctx.me, ids);
  if (!ctx.isCurrent()) return;
  const phase = view.phases.find((p) => p.key === phaseKey);
  const round = gate.rounds.at(-1);
  const title = loc(gate.definition.name);
  ctx.setTitle(title);
  const isOwner = view.roles.some((r) => r.personId === ctx.me.personId && r.role === 'owner');
  const isMember = round?.members.some((m) => m.personId === ctx.me.personId);
  const rerender = (message) => render(ctx, message);

  fill(ctx.main, 
    h('p', { class: 'meta' }, h('a', { href: `#/programmes/${id}` }, view.programme.name), ` › ${phase ? loc(phase.name) : phaseKey}`),
    h('h1', {}, title),
    notice ? h('p', { class: 'notice notice--ok', role: 'status' }, notice) : null,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('field.status')),
      h('dd', {}, badge(gate.status, t(`gateStatus.${gate.status}`))),
      h('dt', {}, t('gate.rule')),
      h('dd', {}, ruleLabel(round ?? gate.definition)),
      h('dt', {}, t('gate.decideBy')),
      h('dd', {}, formatDate(round?.dueDate ?? gate.definition.dueDate, 'full')),
      round ? [h('dt', {}, t('gate.round')), h('dd', {}, String(round.round), round.reason ? ` – ${round.reason}` : '')] : null,
    ),
    round ? snapshotSection(round) : h('p', { class: 'notice' }, t('gate.notOpen')),
    round ? decisionsSection(round) : null,
    round && gate.status === 'open' && isMember ? decisionForm(ctx, view, round, people, rerender) : null,
    round && gate.status === 'open' && !isMember ? h('p', { class: 'notice' }, t('gate.notMember')) : null,
    isOwner && round ? ownerActs(ctx, gate, rerender) : null,
  );
}

function snapshotSection(round) {
  return h(
    'section',
    { 'aria-labelledby': 'gate-snapshot' },
    h('h2', { id: 'gate-snapshot' }, t('gate.snapshot')),
    h('p', { class: 'meta' }, t('gate.snapshotLead', { date: formatDateTime(round.openedAt) })),
    table({
      caption: t('gate.snapshot'),
      hideCaption: true,
      columns: [
        { label: t('field.title'), rowHeader: true, cell: (s) => s.title },
        { label: t('field.kind'), cell: (s) => t(`kind.${s.kind}`, {}, s.kind) },
        { label: t('field.responsible'), cell: (s) => personName(s.responsibleId) },
        { label: t('field.dueDate'), cell: (s) => formatDate(s.dueDate) },
        { label: t('field.status'), cell: (s) => badge(s.status, t(`status.${s.status}`, {}, s.status)) },
      ],
      rows: round.snapshot,
    }),
  );
}

function decisionsSection(round) {
  const latest = new Map();
  for (const d of round.decisions) latest.set(d.personId, d);
  return h(
    'section',
    { 'aria-labelledby': 'gate-decisions' },
    h('h2', { id: 'gate-decisions' }, t('gate.decisions')),
    table({
      caption: t('gate.decisions'),
      hideCaption: true,
      columns: [
        { label: t('gate.member'), rowHeader: true, cell: (m) => m.name ?? personName(m.personId) },
        { label: t('gate.decision'), cell: (m) => (latest.get(m.personId) ? badge(latest.get(m.personId).decision, t(`decision.${latest.get(m.personId).decision}`)) : t('gate.notDecided')) },
        { label: t('field.comment'), cell: (m) => decisionText(latest.get(m.personId)) },
        { label: t('field.when'), cell: (m) => (latest.get(m.personId) ? formatDateTime(latest.get(m.personId).decidedAt) : '') },
      ],
      rows: round.members,
    }),
    round.decisions.length > latest.size ? h('p', { class: 'meta' }, t('gate.changedMinds', { n: round.decisions.length - latest.size })) : null,
  );
}

function decisionText(d) {
  if (!d) return '';
  const conditions = (d.conditions ?? []).map((c) => t('gate.conditionLine', { title: c.title, who: personName(c.responsibleId), date: formatDate(c.dueDate) }));
  return [d.comment, ...conditions].filter(Boolean).join(' · ');
}

function decisionForm(ctx, view, round, people, rerender) {
  const options = [{ value: '', label: t('start.choose') }, ...people.map((p) => ({ value: p.id, label: p.name }))];
  const errorId = uid('decision-error');
  const radios = h(
    'fieldset',
    { 'data-field': 'decision', 'aria-describedby': errorId },
    h('legend', {}, t('gate.decision')),
    h(
      'div',
      { class: 'choices choices--stack' },
      DECISIONS.map((d) => {
        const rid = uid('decision');
        return h('label', { class: 'choice', for: rid }, h('input', { type: 'radio', id: rid, name: 'decision', value: d }), h('span', {}, t(`decision.${d}`)));
      }),
    ),
    h('span', { class: 'field-error', id: errorId }),
  );
  const conditions = h('div', {});
  const addCondition = () => {
    const i = conditions.children.length;
    conditions.append(
      h(
        'fieldset',
        {},
        h('legend', {}, t('gate.condition', { n: i + 1 })),
        field({ label: t('field.title'), name: `conditions.${i}.title`, required: true }),
        h(
          'div',
          { class: 'grid-2' },
          field({ label: t('field.responsible'), name: `conditions.${i}.responsibleId`, kind: 'select', options, required: true }),
          field({ label: t('field.dueDate'), name: `conditions.${i}.dueDate`, kind: 'date', required: true }),
        ),
      ),
    );
    conditions.lastElementChild.querySelector('input').focus();
  };
  const conditionsBox = h(
    'div',
    { hidden: true },
    h('p', { class: 'hint' }, t('gate.conditionsHint')),
    conditions,
    h('div', { class: 'actions actions--spaced' }, h('button', { type: 'button', class: 'secondary', onclick: addCondition }, t('gate.addCondition'))),
  );
  const form = h(
    'form',
    { novalidate: true, class: 'card' },
    radios,
    conditionsBox,
    field({ label: t('field.comment'), name: 'comment', kind: 'textarea', hint: t('gate.commentHint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('gate.submit'))),
  );
  form.addEventListener('change', (event) => {
    if (event.target.name !== 'decision') return;
    const withConditions = event.target.value === 'approve_with_conditions';
    conditionsBox.hidden = !withConditions;
    if (withConditions && conditions.children.length === 0) addCondition();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const decision = data.get('decision');
    const body = { decision: decision ?? '' };
    const comment = String(data.get('comment') ?? '').trim();
    if (comment) body.comment = comment;
    if (decision === 'approve_with_conditions') {
      body.conditions = [...conditions.children].map((_, i) => ({
        title: String(data.get(`conditions.${i}.title`) ?? '').trim(),
        responsibleId: data.get(`conditions.${i}.responsibleId`),
        dueDate: data.get(`conditions.${i}.dueDate`),
      }));
    }
    busy(form, async () => {
      try {
        await post(`/programmes/${view.programme.id}/gates/${encodeURIComponent(ctx.params.phaseKey)}/decisions`, body);
        const message = t('gate.recorded', { decision: t(`decision.${decision}`) });
        await rerender(message);
        ctx.announce(message);
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return h('section', { 'aria-labelledby': 'gate-mine' }, h('h2', { id: 'gate-mine' }, t('gate.myDecision')), form);
}

function ownerActs(ctx, gate, rerender) {
  const act = gate.status === 'open' ? 'withdraw' : gate.status === 'rejected' || gate.status === 'withdrawn' ? 'reopen' : null;
  if (!act) return null;
  const form = h(
    'form',
    { novalidate: true, class: 'card' },
    field({ label: t('field.reason'), name: 'reason', kind: 'textarea', required: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t(`gate.${act}`))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    busy(form, async () => {
      try {
        await post(`/programmes/${ctx.params.id}/gates/${encodeURIComponent(ctx.params.phaseKey)}/${act}`, { reason: String(data.get('reason') ?? '') });
        await rerender(t(`gate.${act}Done`));
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return h('section', { 'aria-labelledby': 'gate-owner' }, h('h2', { id: 'gate-owner' }, t(`gate.${act}Heading`)), form);
}
