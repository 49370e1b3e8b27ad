// Administration: people. Add a person; per person the rights (PATCH /admin/people/:id/rights),
// deactivate or reactivate, a link for choosing a new password (local passwords only), a
// download of their data; and erasure of a person's data with a reason.
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
    // An erased person's account stays closed for good (the API answers 409 erased).
    const erased = isErased(person);
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
    if (!person.active && !erased) {
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
    buttons.push(
      h(
        'a',
        { class: 'button-link secondary', href: `/admin/people/${person.id}/personal-data`, download: '', 'aria-label': t('personalData.exportLabel', { name: person.name }) },
        t('personalData.export'),
      ),
    );
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

  const erasure = erasureForm(ctx, () => people, async (person, answer) => {
    const fresh = await get('/people');
    people.splice(0, people.length, ...fresh);
    say(t('personalData.erased', { name: person.name, pseudonym: answer.pseudonym }));
    fill(list, peopleTable());
    result.slot.focus();
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
    h(
      'section',
      { 'aria-labelledby': 'admin-erase-person' },
      h('h2', { id: 'admin-erase-person' }, t('personalData.eraseHeading')),
      h('p', {}, t('personalData.eraseLead')),
      erasure,
    ),
  );
}

/** Erased people have the pseudonym's address, which can never receive mail (.invalid). */
const isErased = (person) => person.email.endsWith('@erased.invalid');

/** Erasure (radering): whom, why, a confirm; the reason goes to the security log. */
function erasureForm(ctx, people, onErased) {
  // Oneself and people already erased (their address is the pseudonym's) cannot be chosen.
  const candidates = () =>
    people()
      .filter((p) => p.id !== ctx.me.personId && !isErased(p))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const options = () => [{ value: '', label: t('personalData.choose') }, ...candidates().map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }))];
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true, 'aria-labelledby': 'admin-erase-person' },
    field({ label: t('personalData.person'), name: 'personId', kind: 'select', required: true, options: options() }),
    field({ label: t('personalData.reason'), name: 'reason', kind: 'textarea', required: true, hint: t('personalData.reasonHint'), attrs: { maxlength: '1000' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('personalData.erase'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const person = people().find((p) => p.id === String(data.get('personId')));
    if (!person) {
      showErrors(form, { errors: [{ field: 'personId', code: 'person_required', message: t('code.person_required') }] });
      return;
    }
    if (!window.confirm(t('personalData.eraseConfirm', { name: person.name }))) return;
    await busy(form, async () => {
      try {
        const answer = await post(`/admin/people/${person.id}/erasure`, { reason: String(data.get('reason')) });
        clearErrors(form);
        form.reset();
        await onErased(person, answer);
        const select = form.querySelector('select');
        fill(select, options().map((o) => h('option', { value: o.value }, o.label)));
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return form;
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
