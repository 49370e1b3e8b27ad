// Administration: people. Add a person; per person the rights (PATCH /admin/people/:id/rights),
// deactivate or reactivate, and a link for choosing a new password (local passwords only).
import { get, post, patch } from '../api.js';
import { h, field, showErrors, busy, fill, clearErrors, errorText, table, badge } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { adminNav, feedback } from '../admin.js';

const RIGHTS = ['canOwnProgrammes', 'isAdmin'];

export async function render(ctx) {
  ctx.setTitle(t('admin.people'));
  const [people, methods] = await Promise.all([get('/people'), ctx.signInMethods()]);
  if (!ctx.isCurrent()) return;
  const result = feedback();
  const say = (text) => {
    result.ok(text);
    ctx.announce(text);
  };
  const list = h('div', {});
  const sorted = () => [...people].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const replace = (person) => {
    const i = people.findIndex((p) => p.id === person.id);
    if (i >= 0) people[i] = person;
    else people.push(person);
  };
  /** Redraws the table and puts focus back on the same control of the same person. */
  const redraw = (personId, control) => {
    fill(list, peopleTable());
    const again = personId && list.querySelector(`[data-person="${personId}"][data-control="${control}"]`);
    (again ?? result.slot).focus();
  };

  const act = async (person, control, request, success) => {
    result.clear();
    try {
      const updated = await request();
      if (updated?.id) replace(updated);
      say(success(updated ?? person));
    } catch (error) {
      result.error(errorText(error));
    }
    redraw(person.id, control);
  };

  const rightBox = (person, right) => {
    const input = h('input', {
      type: 'checkbox',
      checked: Boolean(person[right]),
      'aria-label': t('admin.rightFor', { right: t(`right.${right}`), name: person.name }),
      dataset: { person: person.id, control: right },
    });
    input.addEventListener('change', () =>
      act(
        person,
        right,
        () => patch(`/admin/people/${person.id}/rights`, { [right]: input.checked }),
        (p) => t(p[right] ? 'admin.rightGranted' : 'admin.rightRevoked', { name: p.name, right: t(`right.${right}`) }),
      ),
    );
    return h('label', { class: 'choice' }, input, h('span', { 'aria-hidden': 'true' }, t(`right.${right}`)));
  };

  const actions = (person) => {
    const isMe = person.id === ctx.me.personId;
    const buttons = [];
    if (person.active && !isMe) {
      buttons.push(
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': t('admin.deactivateLabel', { name: person.name }),
            dataset: { person: person.id, control: 'activation' },
            onclick: () => {
              if (!window.confirm(t('admin.deactivateConfirm', { name: person.name }))) return;
              act(person, 'activation', () => post(`/admin/people/${person.id}/deactivate`), (p) => t('admin.deactivated', { name: p.name }));
            },
          },
          t('admin.deactivate'),
        ),
      );
    }
    if (!person.active) {
      buttons.push(
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': t('admin.reactivateLabel', { name: person.name }),
            dataset: { person: person.id, control: 'activation' },
            onclick: () => {
              if (!window.confirm(t('admin.reactivateConfirm', { name: person.name }))) return;
              act(person, 'activation', () => post(`/admin/people/${person.id}/reactivate`), (p) => t('admin.reactivated', { name: p.name }));
            },
          },
          t('admin.reactivate'),
        ),
      );
    }
    if (methods.local && person.active) {
      buttons.push(
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': t('admin.sendResetLabel', { name: person.name }),
            dataset: { person: person.id, control: 'reset' },
            onclick: () => {
              if (!window.confirm(t('admin.sendResetConfirm', { email: person.email }))) return;
              act(
                person,
                'reset',
                () => post(`/admin/people/${person.id}/password-reset`).then((answer) => ({ ...person, expiresAt: answer?.expiresAt })),
                (p) => t('admin.resetSent', { email: person.email, date: formatDateTime(p.expiresAt) }),
              );
            },
          },
          t('admin.sendReset'),
        ),
      );
    }
    return h('div', { class: 'row-actions' }, buttons);
  };

  const peopleTable = () =>
    table({
      caption: t('admin.peopleCaption'),
      rows: sorted(),
      columns: [
        { label: t('admin.name'), cell: (p) => [p.name, p.id === ctx.me.personId ? ` ${t('admin.you')}` : ''], rowHeader: true },
        { label: t('admin.email'), cell: (p) => p.email },
        { label: t('admin.rights'), cell: (p) => h('div', { class: 'rights' }, RIGHTS.map((r) => rightBox(p, r))) },
        {
          label: t('admin.status'),
          cell: (p) =>
            p.active ? badge('active', t('admin.active')) : badge('inactive', p.deactivatedAt ? t('admin.inactive', { date: formatDateTime(p.deactivatedAt) }) : t('admin.inactiveNoDate')),
        },
        { label: t('admin.actions'), cell: actions },
      ],
    });

  const form = addForm((person) => {
    replace(person);
    say(t(methods.local ? 'admin.addedLocal' : 'admin.added', { name: person.name }));
    fill(list, peopleTable());
  });

  fill(list, peopleTable());
  fill(
    ctx.main,
    h('h1', {}, t('admin.people')),
    adminNav('people'),
    h('p', { class: 'lead' }, t('admin.peopleLead')),
    result.slot,
    list,
    h('section', { 'aria-labelledby': 'admin-add-person' }, h('h2', { id: 'admin-add-person' }, t('admin.addPerson')), form),
  );
}

function addForm(onAdded) {
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true, 'aria-labelledby': 'admin-add-person' },
    field({ label: t('admin.name'), name: 'name', required: true, attrs: { autocomplete: 'off', maxlength: '200' } }),
    field({ label: t('admin.email'), name: 'email', kind: 'email', required: true, attrs: { autocomplete: 'off' } }),
    field({ label: t('admin.unit'), name: 'organisationUnit', hint: t('admin.unitHint'), attrs: { autocomplete: 'off', maxlength: '200' } }),
    h('div', { class: 'field' }, h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'canOwnProgrammes', value: 'true' }), h('span', {}, t('right.canOwnProgrammes')))),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('admin.add'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const unit = String(data.get('organisationUnit')).trim();
    await busy(form, async () => {
      try {
        const person = await post('/people', {
          name: String(data.get('name')).trim(),
          email: String(data.get('email')).trim(),
          organisationUnit: unit || undefined,
          canOwnProgrammes: data.get('canOwnProgrammes') === 'true',
        });
        clearErrors(form);
        form.reset();
        onAdded(person);
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return form;
}
