// One activity plan: the follow-up report as of a date, per board, with downloads; the programme
// it is linked into; its owners and editors; plan import for those who may import. Its indicators and analyses have pages of
// their own (indicators.js, analyses.js), reached through the plan's menu (planNav).
import { get, post, put, del, request, query } from '../api.js';
import { h, field, showErrors, clearErrors, busy, table, scrollRegion, badge, fill, errorText, fieldErrorText } from '../dom.js';
import { t, todayIso, getLang } from '../i18n.js';

/** The plan's pages: the follow-up report, its indicators, its analyses. */
export function planNav(planId, current) {
  const pages = [
    ['report', `#/follow-up/${planId}`, 'planNav.report'],
    ['indicators', `#/follow-up/${planId}/indicators`, 'planNav.indicators'],
    ['analyses', `#/follow-up/${planId}/analyses`, 'planNav.analyses'],
  ];
  return h(
    'nav',
    { class: 'subnav', 'aria-label': t('planNav.label') },
    h('ul', {}, pages.map(([key, href, label]) => h('li', {}, h('a', { href, 'aria-current': key === current ? 'page' : undefined }, t(label))))),
  );
}

export async function render(ctx) {
  const id = ctx.params.id;
  // The programmes I have a role in name the linked one; without them the section still says what it can.
  const [plan, members, programmes] = await Promise.all([get(`/follow-up/plans/${id}`), get(`/follow-up/plans/${id}/members`), get('/programmes').catch(() => [])]);
  if (!ctx.isCurrent()) return;
  ctx.setTitle(plan.name);
  const asOf = ctx.query.get('asOf') || todayIso();
  const board = ctx.query.get('board') || '';
  const reportBox = h('div', {});
  const downloads = h('div', { class: 'downloads' });

  const form = h(
    'form',
    { novalidate: true, class: 'card', 'aria-label': t('plan.reportForm') },
    h(
      'div',
      { class: 'grid-2' },
      field({ label: t('plan.asOf'), name: 'asOf', kind: 'date', value: asOf, required: true }),
      field({ label: t('plan.board'), name: 'board', kind: 'select', value: board, options: [{ value: '', label: t('plan.allBoards') }, ...plan.boards.map((b) => ({ value: b.code, label: `${b.name} (${b.code})` }))] }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('plan.show'))),
  );
  const load = async (params) => {
    const report = await get(`/follow-up/plans/${id}/report${query({ ...params, lang: getLang() })}`);
    fill(downloads, 
      ...['xlsx', 'pdf', 'docx', 'csv'].map((format) =>
        h('a', { class: 'button-link secondary', href: `/follow-up/plans/${id}/report${query({ ...params, lang: getLang(), format })}`, download: '' }, t(`plan.download.${format}`)),
      ),
    );
    fill(reportBox, reportView(report));
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const params = { asOf: data.get('asOf'), board: data.get('board') };
    busy(form, async () => {
      try {
        clearErrors(form);
        await load(params);
        history.replaceState(null, '', `#/follow-up/${id}${query(params)}`);
        ctx.announce(t('plan.shown'));
      } catch (error) {
        showErrors(form, error);
      }
    });
  });

  // Import is for the plan's owners and editors (the API says who), whatever their other rights.
  const importBox = h('div', {});
  let importShown = false;
  const showImport = (view) => {
    if (view.canEdit === importShown) return;
    importShown = view.canEdit;
    fill(importBox, view.canEdit ? importSection(ctx, id, () => load({ asOf: form.querySelector('[name=asOf]').value, board: form.querySelector('[name=board]').value })) : null);
  };
  const membersBox = h('div', {});
  // Linking is for the plan's owners and editors, into a programme they own.
  const [people, owned] = await Promise.all([members.canManage ? get('/people').catch(() => null) : null, members.canEdit ? ownedProgrammes(ctx.me, programmes) : []]);
  if (!ctx.isCurrent()) return;
  const showMembers = (view, message) => {
    fill(membersBox, membersSection(ctx, id, view, people, showMembers, message));
    showImport(view);
  };
  showMembers(members);

  const programmeBox = h('div', {});
  const showProgramme = (programmeId, message) => {
    fill(programmeBox, programmeSection(id, { programmeId, programmes, owned, canEdit: members.canEdit }, showProgramme, message));
  };
  showProgramme(plan.programmeId);

  fill(ctx.main, 
    h('p', { class: 'meta' }, h('a', { href: '#/follow-up' }, t('followUp.title'))),
    h('h1', {}, plan.name),
    h('p', { class: 'lead' }, `${plan.municipality} · ${plan.year} · ${plan.boards.map((b) => b.name).join(', ')}`),
    planNav(id, 'report'),
    h('section', { 'aria-labelledby': 'report-heading' }, h('h2', { id: 'report-heading' }, t('plan.report')), form, h('h3', {}, t('plan.downloads')), downloads, reportBox),
    programmeBox,
    membersBox,
    importBox,
  );
  try {
    await load({ asOf, board });
  } catch (error) {
    showErrors(form, error);
  }
}

function reportView(report) {
  const columns = [t('report.boardGoal'), t('report.activity'), t('report.board'), t('report.due'), t('report.status'), t('report.comment')];
  const body = [];
  let lastGroup = null;
  for (const row of report.rows) {
    const group = [row.perspective, row.municipalGoal].filter(Boolean).join(' › ');
    if (group !== lastGroup) {
      body.push(h('tr', { class: 'report-group' }, h('th', { scope: 'rowgroup', colspan: String(columns.length) }, group || t('report.noGroup'))));
      lastGroup = group;
    }
    body.push(
      h(
        'tr',
        {},
        h('td', {}, [row.boardGoal, row.strategicAssignment].filter(Boolean).join(' › ')),
        h('th', { scope: 'row' }, row.activity),
        h('td', {}, row.boards.join(', ')),
        h('td', {}, row.dueLabel),
        h('td', {}, badge(row.status, row.statusLabel)),
        h('td', {}, row.comment ?? ''),
      ),
    );
  }
  return h(
    'div',
    {},
    h('h3', {}, report.title),
    h('div', { class: 'summary-sentences' }, report.summary.sentences.map((s) => h('p', {}, s))),
    report.rows.length === 0
      ? h('p', { class: 'notice' }, t('plan.noRows'))
      : scrollRegion(
          report.title,
          h('table', {}, h('caption', { class: 'visually-hidden' }, report.title), h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, body)),
          true,
        ),
  );
}

/**
 * The programmes I own among those I have a role in: the one I started (`ownerId`), and those
 * where I was given the owner role (the list does not say my role; the programme's roles do).
 */
async function ownedProgrammes(me, programmes) {
  const checked = await Promise.all(
    programmes.map(async (p) => {
      if (p.ownerId === me.personId) return p;
      const view = await get(`/programmes/${p.id}`).catch(() => null);
      return view?.roles?.some((r) => r.personId === me.personId && r.role === 'owner') ? p : null;
    }),
  );
  return checked.filter(Boolean).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
}

/**
 * The programme the plan is linked into, whose lägesrapport and slutrapport then include its
 * follow-up. Owners and editors link it to a programme they own, or unlink it after a
 * confirmation. `programmeId` is null also when the link is not for me to see (no role in
 * that programme, no part in the plan), so only the plan's members are told it is unlinked.
 */
function programmeSection(planId, state, show, message) {
  const { programmeId, programmes, owned, canEdit } = state;
  const linked = programmeId ? programmes.find((p) => p.id === programmeId) : null;
  const linkedName = linked?.name ?? t('planProgramme.theProgramme');
  const feedback = h('div', { id: 'programme-feedback', class: 'feedback', tabindex: '-1' }, message ? h('p', { class: 'notice notice--ok', role: 'status' }, message) : null);
  // After a change the button pressed is gone: focus the confirmation, which says what happened.
  const changed = (next, text) => {
    show(next, text);
    document.getElementById('programme-feedback')?.focus();
  };

  let current;
  if (linked) current = h('p', {}, t('planProgramme.linkedTo'), ' ', h('a', { href: `#/programmes/${linked.id}` }, linked.name), '.');
  else if (programmeId) current = h('p', {}, t('planProgramme.linkedHidden'));
  else current = h('p', {}, t(canEdit ? 'planProgramme.none' : 'planProgramme.noneVisible'));

  const refusal = h('div', {});
  const unlink =
    canEdit && programmeId
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: async (event) => {
              const button = event.currentTarget;
              if (!window.confirm(t('planProgramme.unlinkConfirm', { name: linkedName }))) return;
              button.disabled = true;
              try {
                fill(refusal);
                const next = await put(`/follow-up/plans/${planId}/programme`, { programmeId: null });
                changed(next.programmeId, t('planProgramme.unlinked', { name: linkedName }));
              } catch (error) {
                button.disabled = false;
                fill(refusal, h('p', { class: 'error-summary', role: 'alert' }, errorText(error)));
              }
            },
          },
          t('planProgramme.unlink'),
        )
      : null;

  const choices = owned.filter((p) => p.id !== programmeId);
  const form = canEdit && choices.length > 0 ? linkForm(planId, choices, changed) : null;

  return h(
    'section',
    { 'aria-labelledby': 'programme-heading' },
    h('h2', { id: 'programme-heading' }, t('planProgramme.heading')),
    h('p', { class: 'meta' }, t('planProgramme.lead')),
    feedback,
    current,
    unlink ? h('div', { class: 'actions' }, unlink) : null,
    refusal,
    form,
  );
}

function linkForm(planId, choices, changed) {
  const form = h(
    'form',
    { novalidate: true, class: 'card narrow' },
    field({
      label: t('planProgramme.programme'),
      name: 'programmeId',
      kind: 'select',
      required: true,
      hint: t('planProgramme.hint'),
      options: [{ value: '', label: t('planProgramme.choose') }, ...choices.map((p) => ({ value: p.id, label: p.name }))],
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('planProgramme.link'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const programme = choices.find((p) => p.id === String(new FormData(form).get('programmeId')));
    if (!programme) return showErrors(form, { errors: [{ field: 'programmeId', message: t('planProgramme.chooseProgramme') }] });
    busy(form, async () => {
      try {
        clearErrors(form);
        const next = await put(`/follow-up/plans/${planId}/programme`, { programmeId: programme.id });
        changed(next.programmeId, t('planProgramme.linked', { name: programme.name }));
      } catch (error) {
        // A refusal names no field (e.g. 403 programme_owner_required): it is about the choice, so it goes beside it.
        const beside = error.errors?.length ? error : { status: error.status, code: error.code, errors: [{ field: 'programmeId', code: error.code, message: errorText(error) }] };
        showErrors(form, beside);
      }
    });
  });
  return form;
}

/**
 * The plan's owners and editors. Owners (and administrators) add editors from everyone they
 * may list, and remove editors after a confirmation; owners themselves stay.
 */
function membersSection(ctx, planId, view, people, show, message) {
  const refusal = h('div', {});
  const heading = h('h2', { id: 'members-heading', tabindex: '-1' }, t('planMembers.heading'));
  // After a change the button pressed is gone: focus the heading the status follows.
  const changed = async (next, text) => {
    show(next, text);
    ctx.announce(text);
    document.getElementById('members-heading')?.focus();
  };
  const removeButton = (member) => {
    const button = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        dataset: { person: member.personId },
        onclick: async () => {
          if (!window.confirm(t('planMembers.removeConfirm', { name: member.name }))) return;
          button.disabled = true;
          try {
            fill(refusal);
            await del(`/follow-up/plans/${planId}/editors/${member.personId}`);
            await changed(await get(`/follow-up/plans/${planId}/members`), t('planMembers.removed', { name: member.name }));
          } catch (error) {
            button.disabled = false;
            fill(refusal, h('p', { class: 'error-summary', role: 'alert' }, errorText(error)));
          }
        },
      },
      t('planMembers.remove'),
      // The name follows the visible text, so the accessible name starts with what is seen.
      h('span', { class: 'visually-hidden' }, ` – ${member.name}`),
    );
    return button;
  };
  const columns = [
    { label: t('field.name'), rowHeader: true, cell: (m) => (m.personId === ctx.me.personId ? `${m.name} ${t('planMembers.you')}` : m.name) },
    { label: t('field.role'), cell: (m) => t(`planMembers.role.${m.role}`, {}, m.role) },
  ];
  if (view.canManage) columns.push({ label: t('planMembers.actions'), cell: (m) => (m.role === 'editor' ? removeButton(m) : '') });

  return h(
    'section',
    { 'aria-labelledby': 'members-heading' },
    heading,
    h('p', { class: 'meta' }, t('planMembers.lead')),
    message ? h('p', { class: 'notice notice--ok', role: 'status' }, message) : null,
    refusal,
    table({ caption: t('planMembers.caption'), hideCaption: true, columns, rows: view.members }),
    view.canManage && people ? addEditorForm(planId, view, people, changed) : null,
  );
}

function addEditorForm(planId, view, people, changed) {
  const taken = new Set(view.members.map((m) => m.personId));
  const candidates = people.filter((p) => p.active !== false && !taken.has(p.id)).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const headingId = 'add-editor-heading';
  if (candidates.length === 0) return h('div', {}, h('h3', { id: headingId }, t('planMembers.addHeading')), h('p', { class: 'meta' }, t('planMembers.noCandidates')));
  const form = h(
    'form',
    { novalidate: true, class: 'card narrow', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, t('planMembers.addHeading')),
    field({
      label: t('planMembers.person'),
      name: 'personId',
      kind: 'select',
      required: true,
      options: [{ value: '', label: t('planMembers.choose') }, ...candidates.map((p) => ({ value: p.id, label: p.name }))],
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('planMembers.add'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const person = candidates.find((p) => p.id === String(new FormData(form).get('personId')));
    if (!person) return showErrors(form, { errors: [{ field: 'personId', message: t('planMembers.choosePerson') }] });
    busy(form, async () => {
      try {
        clearErrors(form);
        const next = await post(`/follow-up/plans/${planId}/editors`, { personId: person.id });
        await changed(next, t('planMembers.added', { name: person.name }));
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return form;
}

function importSection(ctx, id, reload) {
  const result = h('div', {});
  const form = h(
    'form',
    { novalidate: true, class: 'card' },
    h(
      'div',
      { class: 'grid-2' },
      field({ label: t('plan.file'), name: 'file', kind: 'file', required: true, hint: t('plan.fileHint'), attrs: { accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }),
      field({ label: t('plan.importAsOf'), name: 'asOf', kind: 'date', value: todayIso(), required: true, hint: t('plan.importAsOfHint') }),
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
        const res = await request('POST', `/follow-up/plans/${id}/imports`, data);
        fill(result, 
          h('p', { class: 'notice notice--ok', role: 'status' }, t('plan.imported', { rows: res.rows, created: res.created, changed: res.changed, unchanged: res.unchanged })),
        );
        await reload();
      } catch (error) {
        const view = importErrorsView(error);
        if (!view) return showErrors(form, error);
        fill(result, view);
      }
    });
  });
  return h('section', { 'aria-labelledby': 'import-heading' }, h('h2', { id: 'import-heading' }, t('plan.importHeading')), h('p', { class: 'meta' }, t('plan.importLead')), form, result);
}

/**
 * A refused import's problems per row (`errors[]` with `row`): a summary and a table of row,
 * column, value and problem; null when the refusal is about no row (show it on the form).
 * Also the indicator import's display (indicator-values.js).
 */
export function importErrorsView(error) {
  const rows = error.errors?.filter((e) => e.row !== undefined) ?? [];
  if (rows.length === 0) return null;
  return [
    h('div', { class: 'error-summary', role: 'alert' }, h('p', {}, t('plan.importFailed', { n: rows.length })), h('p', { class: 'api-message' }, error.message)),
    table({
      caption: t('plan.rowErrors', { n: rows.length }),
      columns: [
        { label: t('plan.row'), rowHeader: true, cell: (e) => String(e.row) },
        { label: t('plan.column'), cell: (e) => e.column ?? '' },
        { label: t('plan.value'), cell: (e) => e.value ?? '' },
        { label: t('plan.problem'), cell: (e) => fieldErrorText(e) },
      ],
      rows,
    }),
  ];
}
