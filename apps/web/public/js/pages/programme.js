// One programme: timeline with where it stands today, people and roles, assignments, history.
import { del, get, post } from '../api.js';
import { h, field, showErrors, busy, badge, table, fill, errorText } from '../dom.js';
import { t, formatDate, formatDateTime, loc, todayIso, statusOptions, getLang } from '../i18n.js';
import { loadPeople, personName } from '../people.js';
import { timelineBar, ruleLabel } from '../timeline.js';
import { remindersTable } from '../reminders.js';

const ROLES = ['owner', 'steering_chair', 'steering_member', 'reference', 'team_member', 'responsible', 'secretary'];

export async function render(ctx, notice) {
  const id = ctx.params.id;
  const view = await get(`/programmes/${id}`);
  const ids = [...view.roles.map((r) => r.personId), ...view.assignments.map((a) => a.responsibleId)];
  const people = await loadPeople(ctx.me, ids);
  const audit = await get(`/programmes/${id}/audit`).catch(() => null);
  const history = audit ?? (await get(`/programmes/${id}/history`).catch(() => []));
  const mine = new Set(view.roles.filter((r) => r.personId === ctx.me.personId).map((r) => r.role));
  const isOwner = mine.has('owner');
  // Owners only (the API refuses others); a failed read leaves the section out rather than the page.
  const mailFailures = isOwner ? await get(`/programmes/${id}/mail-failures`).catch(() => null) : null;
  // Owners and the steering group get every planned reminder, others those addressed to them;
  // while the workflow service cannot be asked the section is left out rather than the page.
  const reminders = await get(`/programmes/${id}/reminders`).catch(() => null);
  if (!ctx.isCurrent()) return;
  const p = view.programme;
  ctx.setTitle(p.name);
  const canManage = isOwner || mine.has('steering_chair') || mine.has('steering_member');
  const today = todayIso();
  const rerender = (message) => render(ctx, message);
  const current = view.phases.find((ph) => ph.key === p.currentPhaseKey);
  const roleMembers = [...new Set(view.roles.map((r) => r.personId))];
  const assignable = ctx.me.canOwnProgrammes ? people : roleMembers.map((pid) => ({ id: pid, name: personName(pid) }));

  fill(ctx.main, 
    h('h1', {}, p.name),
    notice ? h('p', { class: 'notice notice--ok', role: 'status' }, notice) : null,
    h(
      'p',
      { class: 'lead' },
      badge(p.status, t(`programmeStatus.${p.status}`)),
      ' ',
      current ? t('programme.currentPhase', { phase: loc(current.name) }) : '',
      ' · ',
      t('programme.period', { from: formatDate(p.startDate), to: formatDate(p.endDate) }),
    ),
    h(
      'nav',
      { 'aria-label': t('programme.sections') },
      h(
        'ul',
        { class: 'row plain-list' },
        ['timeline', 'people', 'assignments', ...(reminders ? ['reminders'] : []), ...(mailFailures ? ['mailFailures'] : []), 'history'].map((s) =>
          h('li', {}, h('a', { href: `#/programmes/${id}`, onclick: jump(`section-${s}`) }, t(`programme.${s}`))),
        ),
      ),
    ),
    timelineSection(view, today),
    reportsSection(view),
    peopleSection(ctx, view, people, isOwner, rerender),
    assignmentsSection(ctx, view, assignable, canManage, isOwner, rerender),
    reminders ? remindersSection(reminders, canManage) : null,
    mailFailures ? mailFailuresSection(mailFailures) : null,
    historySection(view, history, !!audit),
  );
}

/** Mail the SMTP server refused for good (not retried), so the owner can reach those people another way. */
/** What the plan will still send: all of it to those who plan, one's own reminders to the rest. */
function remindersSection(reminders, planner) {
  return h(
    'section',
    { 'aria-labelledby': 'section-reminders' },
    h('h2', { id: 'section-reminders', tabindex: '-1' }, t('programme.reminders')),
    h('p', { class: 'meta' }, t(planner ? 'programmeReminders.leadAll' : 'programmeReminders.leadMine')),
    reminders.length === 0 ? h('p', {}, t(planner ? 'programmeReminders.noneAll' : 'programmeReminders.noneMine')) : remindersTable(reminders, t('programmeReminders.caption', { n: reminders.length })),
  );
}

function mailFailuresSection(failures) {
  return h(
    'section',
    { 'aria-labelledby': 'section-mailFailures' },
    h('h2', { id: 'section-mailFailures', tabindex: '-1' }, t('programme.mailFailures')),
    h('p', { class: 'meta' }, t('mailFailures.lead')),
    failures.length === 0
      ? h('p', {}, t('mailFailures.none'))
      : table({
          caption: t('mailFailures.caption'),
          columns: [
            { label: t('mailFailures.recipient'), rowHeader: true, cell: (f) => [f.name ?? f.address, h('div', { class: 'meta' }, f.address)] },
            { label: t('mailFailures.about'), cell: (f) => [f.subject, h('div', { class: 'meta' }, t(`mailFailures.kind.${f.kind}`, {}, f.kind))] },
            { label: t('field.when'), cell: (f) => formatDateTime(f.failedAt) },
            { label: t('mailFailures.answer'), cell: (f) => [badge('rejected', String(f.smtpCode)), ' ', f.smtpText] },
          ],
          rows: failures,
        }),
  );
}

/** The programme's lägesrapport and slutrapport to the boards, as documents. */
function reportsSection(view) {
  const id = view.programme.id;
  const links = (kind) =>
    ['pdf', 'xlsx', 'csv'].map((format) =>
      h('a', { class: 'button-link secondary', href: `/programmes/${id}/reports/${kind}?format=${format}&lang=${getLang()}`, download: '' }, t(`programme.report.${kind}`), ' ', h('span', {}, `(${format.toUpperCase()})`)),
    );
  return h(
    'section',
    { 'aria-labelledby': 'section-reports' },
    h('h2', { id: 'section-reports' }, t('programme.reports')),
    h('p', { class: 'meta' }, t('programme.reportsLead')),
    h('div', { class: 'downloads' }, links('status')),
    h('div', { class: 'downloads' }, links('final')),
  );
}

const jump = (targetId) => (event) => {
  event.preventDefault();
  const target = document.getElementById(targetId);
  target?.scrollIntoView();
  target?.focus();
};

function timelineSection(view, today) {
  const byPhase = (key) => ({
    meetings: view.meetings.filter((m) => m.phaseKey === key).sort((a, b) => a.date.localeCompare(b.date)),
    reports: view.assignments.filter((a) => a.phaseKey === key && a.kind === 'report'),
  });
  const phaseState = (ph) => (ph.status === 'closed' ? 'is-done' : ph.key === view.programme.currentPhaseKey ? 'is-current' : '');
  return h(
    'section',
    { 'aria-labelledby': 'section-timeline' },
    h('h2', { id: 'section-timeline', tabindex: '-1' }, t('programme.timeline')),
    h('p', { class: 'today-marker' }, t('programme.today', { date: formatDate(today, 'full') })),
    timelineBar(view.phases, today),
    h(
      'ol',
      { class: 'timeline' },
      view.phases.map((ph) => {
        const { meetings, reports } = byPhase(ph.key);
        const isCurrent = ph.key === view.programme.currentPhaseKey;
        return h(
          'li',
          { class: phaseState(ph), 'aria-current': isCurrent ? 'step' : undefined },
          h('strong', {}, loc(ph.name)),
          ' ',
          badge(ph.status, t(`phaseStatus.${ph.status}`)),
          h('div', { class: 'meta' }, `${formatDate(ph.startDate)} – ${formatDate(ph.endDate)}`),
          h(
            'ul',
            {},
            meetings.map((m) =>
              h('li', {}, t('programme.meetingLine', { name: loc(m.name), date: formatDate(m.date), time: m.startTime ?? '' }), m.status === 'cancelled' ? ` (${t('programme.cancelled')})` : ''),
            ),
            reports.map((r) => h('li', {}, t('programme.reportLine', { title: r.title, date: formatDate(r.dueDate) }), ' ', badge(r.status, t(`status.${r.status}`)))),
            ph.gate
              ? h(
                  'li',
                  {},
                  h('a', { href: `#/programmes/${view.programme.id}/gates/${encodeURIComponent(ph.key)}` }, t('programme.gateLink', { name: loc(ph.gate.name) })),
                  ' ',
                  badge(ph.gateStatus ?? 'pending', t(`gateStatus.${ph.gateStatus ?? 'pending'}`)),
                  h('span', { class: 'meta' }, ` · ${ruleLabel(ph.gate)} · ${t('programme.decideBy', { date: formatDate(ph.gate.dueDate) })}`),
                )
              : null,
          ),
        );
      }),
    ),
  );
}

function peopleSection(ctx, view, people, isOwner, rerender) {
  const byPerson = new Map();
  for (const r of view.roles) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  const rows = [...byPerson.entries()].map(([personId, roles]) => ({ personId, roles })).sort((a, b) => personName(a.personId).localeCompare(personName(b.personId)));
  const canRevoke = isOwner && view.programme.status !== 'completed';
  const refusal = h('div', { 'aria-live': 'polite' });
  const columns = [
    { label: t('field.person'), rowHeader: true, cell: (r) => personName(r.personId) },
    { label: t('field.roles'), cell: (r) => [...new Set(r.roles.map((x) => t(`role.${x.role}`) + (x.team ? ` (${x.team})` : '')))].join(', ') },
  ];
  if (canRevoke) columns.push({ label: t('roles.actions'), cell: (r) => revokeButtons(ctx, view, r, refusal, rerender) });
  const section = h(
    'section',
    { 'aria-labelledby': 'section-people' },
    h('h2', { id: 'section-people', tabindex: '-1' }, t('programme.people')),
    refusal,
    table({ caption: t('programme.peopleCaption'), columns, rows }),
    canRevoke ? h('p', { class: 'meta' }, t('roles.followsAssignments')) : null,
  );
  if (isOwner && ctx.me.canOwnProgrammes) {
    const form = h(
      'form',
      { novalidate: true, class: 'card' },
      h('h3', {}, t('programme.grantRole')),
      h(
        'div',
        { class: 'grid-2' },
        field({ label: t('field.person'), name: 'personId', kind: 'select', options: [{ value: '', label: t('start.choose') }, ...people.map((p) => ({ value: p.id, label: p.name }))] }),
        field({ label: t('field.role'), name: 'role', kind: 'select', options: ROLES.filter((r) => r !== 'owner').map((r) => ({ value: r, label: t(`role.${r}`) })) }),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('programme.grant'))),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      busy(form, async () => {
        try {
          await post(`/programmes/${view.programme.id}/roles`, { personId: data.get('personId'), role: data.get('role') });
          await rerender(t('programme.granted'));
          ctx.announce(t('programme.granted'));
        } catch (error) {
          showErrors(form, error);
        }
      });
    });
    section.append(h('details', {}, h('summary', {}, t('programme.grantRole')), form));
  }
  return section;
}

/**
 * The owner's revoke buttons for one person: every role but the last owner's and a
 * responsible role that still has items (it goes with the last item by itself).
 */
function revokeButtons(ctx, view, row, refusal, rerender) {
  const owners = view.roles.filter((r) => r.role === 'owner').length;
  const holdsItems = view.assignments.some((a) => a.responsibleId === row.personId);
  const revocable = [...new Set(row.roles.map((r) => r.role))].filter((role) => !(role === 'owner' && owners < 2) && !(role === 'responsible' && holdsItems));
  const name = personName(row.personId);
  return h(
    'div',
    { class: 'row' },
    revocable.map((role) => {
      const roleName = t(`role.${role}`);
      const button = h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          dataset: { person: row.personId, role },
          onclick: async () => {
            if (!window.confirm(t('roles.revokeConfirm', { role: roleName, name }))) return;
            button.disabled = true;
            try {
              await del(`/programmes/${view.programme.id}/roles/${row.personId}/${role}`);
              const done = t('roles.revoked', { role: roleName, name });
              await rerender(done);
              ctx.announce(done);
            } catch (error) {
              button.disabled = false;
              refusal.replaceChildren(h('p', { class: 'error-summary', role: 'alert' }, errorText(error)));
            }
          },
        },
        t('roles.revoke', { role: roleName }),
        // The name follows the visible text, so the accessible name starts with what is seen.
        h('span', { class: 'visually-hidden' }, ` – ${name}`),
      );
      return button;
    }),
  );
}

function assignmentsSection(ctx, view, assignable, canManage, isOwner, rerender) {
  const pid = view.programme.id;
  const phaseName = new Map(view.phases.map((ph) => [ph.key, loc(ph.name)]));
  const personOptions = (empty) => [...(empty ? [{ value: '', label: empty }] : []), ...assignable.map((p) => ({ value: p.id, label: p.name }))];
  const act = (form, path, payload, message) =>
    busy(form, async () => {
      try {
        await post(`/programmes/${pid}/assignments${path}`, payload());
        await rerender(message);
        ctx.announce(message);
      } catch (error) {
        showErrors(form, error);
      }
    });
  const section = h('section', { 'aria-labelledby': 'section-assignments' }, h('h2', { id: 'section-assignments', tabindex: '-1' }, t('programme.assignments')));

  if (canManage) {
    const open = view.phases.filter((ph) => ph.status !== 'closed');
    const form = h(
      'form',
      { novalidate: true, class: 'card' },
      h(
        'div',
        { class: 'grid-2' },
        field({ label: t('field.title'), name: 'title', required: true }),
        field({ label: t('field.phase'), name: 'phaseKey', kind: 'select', value: view.programme.currentPhaseKey, options: open.map((ph) => ({ value: ph.key, label: loc(ph.name) })) }),
        field({ label: t('field.responsible'), name: 'responsibleId', kind: 'select', options: personOptions(t('start.choose')) }),
        field({ label: t('field.dueDate'), name: 'dueDate', kind: 'date', required: true }),
      ),
      field({ label: t('field.description'), name: 'description', kind: 'textarea' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('programme.createAssignment'))),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const payload = () => {
        const out = { id: crypto.randomUUID(), title: String(data.get('title')).trim(), phaseKey: data.get('phaseKey'), dueDate: data.get('dueDate') };
        if (data.get('responsibleId')) out.responsibleId = data.get('responsibleId');
        if (String(data.get('description')).trim()) out.description = String(data.get('description')).trim();
        return out;
      };
      act(form, '', payload, t('programme.created', { title: String(data.get('title')).trim() }));
    });
    section.append(h('details', {}, h('summary', {}, t('programme.newAssignment')), form));
  }

  const items = [...view.assignments].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title));
  const list = h('ul', { class: 'plain-list' });
  for (const a of items) {
    const headingId = `assignment-${a.id}`;
    const done = a.status === 'done';
    const moved = a.originalDueDate && a.originalDueDate !== a.dueDate;
    const card = h(
      'article',
      { class: 'card', 'aria-labelledby': headingId, dataset: { assignment: a.id } },
      h(
        'div',
        { class: 'work-item__head' },
        h('h3', { class: 'work-item__title', id: headingId }, a.title),
        badge(a.status, t(`status.${a.status}`)),
        a.kind !== 'assignment' ? badge('kind', t(`kind.${a.kind}`)) : null,
        !done && a.dueDate < todayIso() ? badge('overdue', t('myWork.overdue')) : null,
        // The responsible person is deactivated and the item is still open.
        a.needsNewResponsible ? badge('needs_new_responsible', t('programme.needsNewResponsible')) : null,
      ),
      h(
        'p',
        { class: 'meta' },
        `${phaseName.get(a.phaseKey) ?? a.phaseKey} · ${t('field.responsible')}: ${personName(a.responsibleId)} · ${t('field.dueDate')}: ${formatDate(a.dueDate)}`,
        moved ? ` (${t('programme.movedFrom', { date: formatDate(a.originalDueDate) })})` : '',
      ),
      a.comment ? h('p', {}, `${t('field.comment')}: ${a.comment}`) : null,
    );
    const isResponsible = a.responsibleId === ctx.me.personId;
    if (!done && (canManage || isResponsible)) card.append(assignmentActions(a, { canManage, isOwner, isResponsible, personOptions, act }));
    list.append(h('li', {}, card));
  }
  section.append(items.length ? list : h('p', {}, t('programme.noAssignments')));
  return section;
}

function assignmentActions(a, { canManage, isOwner, isResponsible, personOptions, act }) {
  const forms = [];
  if (isOwner || isResponsible) {
    const f = h(
      'form',
      { novalidate: true },
      h('h4', {}, t('programme.recordStatus')),
      h('div', { class: 'grid-2' }, field({ label: t('field.status'), name: 'status', kind: 'select', value: a.status, options: statusOptions() }), field({ label: t('field.comment'), name: 'comment', kind: 'textarea', value: a.comment ?? '' })),
      h('div', { class: 'actions' }, h('button', { type: 'submit', value: 'status' }, t('myWork.saveStatus')), h('button', { type: 'submit', value: 'complete', class: 'secondary' }, t('myWork.markDone'))),
    );
    f.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(f);
      const comment = String(data.get('comment') ?? '').trim();
      if (event.submitter?.value === 'complete') act(f, `/${a.id}/complete`, () => (comment ? { comment } : {}), t('myWork.done', { title: a.title }));
      else act(f, `/${a.id}/status`, () => ({ status: data.get('status'), ...(comment ? { comment } : {}) }), t('myWork.saved', { title: a.title }));
    });
    forms.push(f);
  }
  if (canManage) {
    const reassign = h(
      'form',
      { novalidate: true },
      h('h4', {}, t('programme.reassign')),
      field({ label: t('programme.newResponsible'), name: 'responsibleId', kind: 'select', value: a.responsibleId ?? '', options: personOptions(t('start.choose')) }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('programme.reassignButton'))),
    );
    reassign.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(reassign);
      act(reassign, `/${a.id}/responsible`, () => ({ responsibleId: data.get('responsibleId') }), t('programme.reassigned', { title: a.title }));
    });
    const deadline = h(
      'form',
      { novalidate: true },
      h('h4', {}, t('programme.moveDeadline')),
      h('div', { class: 'grid-2' }, field({ label: t('programme.newDueDate'), name: 'dueDate', kind: 'date', value: a.dueDate }), field({ label: t('field.reason'), name: 'reason', kind: 'textarea', required: true, hint: t('programme.reasonHint') })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('programme.moveButton'))),
    );
    deadline.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(deadline);
      act(deadline, `/${a.id}/deadline`, () => ({ dueDate: data.get('dueDate'), reason: String(data.get('reason') ?? '') }), t('programme.moved', { title: a.title }));
    });
    forms.push(reassign, deadline);
  }
  return h('details', {}, h('summary', {}, t('programme.change'), h('span', { class: 'visually-hidden' }, `: ${a.title}`)), forms);
}

function historySection(view, events, withNames) {
  const id = view.programme.id;
  const rows = [...events].reverse();
  return h(
    'section',
    { 'aria-labelledby': 'section-history' },
    h('h2', { id: 'section-history', tabindex: '-1' }, t('programme.history')),
    withNames ? h('p', {}, h('a', { href: `/programmes/${id}/audit?format=csv`, download: '' }, t('programme.auditCsv'))) : null,
    table({
      caption: t('programme.historyCaption'),
      tall: true,
      columns: [
        { label: t('field.when'), rowHeader: true, cell: (e) => formatDateTime(e.occurredAt) },
        { label: t('field.who'), cell: (e) => e.actorName ?? (e.actorId ? personName(e.actorId) : t('programme.system')) },
        { label: t('field.what'), cell: (e) => t(`event.${e.type}`, {}, e.type) },
        { label: t('field.details'), cell: (e) => eventDetails(e, view) },
      ],
      rows,
    }),
  );
}

function eventDetails(e, view) {
  const d = e.data ?? {};
  const title = (id) => view.assignments.find((a) => a.id === id)?.title ?? '';
  const phase = (key) => loc(view.phases.find((p) => p.key === key)?.name) || key;
  const meeting = (key) => loc(view.meetings.find((m) => m.key === key)?.name) || key;
  const arrow = (a, b) => `${a} → ${b}`;
  switch (e.type) {
    case 'assignment_created':
      return [d.assignment?.title, d.assignment?.dueDate ? formatDate(d.assignment.dueDate) : null, d.assignment?.responsibleId ? personName(d.assignment.responsibleId) : null].filter(Boolean).join(' · ');
    case 'assignment_reassigned':
      return `${title(d.assignmentId)} · ${arrow(personName(d.from), personName(d.to))}`;
    case 'status_recorded':
      return [title(d.assignmentId), arrow(t(`status.${d.from}`, {}, d.from), t(`status.${d.to}`, {}, d.to)), d.comment].filter(Boolean).join(' · ');
    case 'assignment_completed':
      return [title(d.assignmentId), d.comment].filter(Boolean).join(' · ');
    case 'deadline_moved':
      return [title(d.assignmentId), arrow(formatDate(d.from), formatDate(d.to)), d.reason].filter(Boolean).join(' · ');
    case 'role_granted':
      return `${personName(d.grant?.personId)} · ${t(`role.${d.grant?.role}`, {}, d.grant?.role)}`;
    case 'role_revoked':
      return [personName(d.grant?.personId), t(`role.${d.grant?.role}`, {}, d.grant?.role), d.reason === 'revoked' ? null : t(`roles.reason.${d.reason}`, {}, d.reason)].filter(Boolean).join(' · ');
    case 'phase_opened':
    case 'phase_closed':
      return phase(d.phaseKey);
    case 'meeting_invited':
    case 'meeting_moved':
    case 'meeting_cancelled':
      return [meeting(d.meetingKey), d.to?.date ? formatDate(d.to.date) : d.date ? formatDate(d.date) : null, d.reason].filter(Boolean).join(' · ');
    default:
      if (e.type.startsWith('gate_')) return [phase(d.phaseKey ?? e.subjectId), d.decision ? t(`decision.${d.decision}`, {}, d.decision) : null, d.comment, d.reason].filter(Boolean).join(' · ');
      return '';
  }
}
