// Programme templates: each one's latest version, owner and co-owners; the owner (or an
// administrator) adds and removes co-owners here. Publishing stays with the API.
import { del, get, post } from '../api.js';
import { h, field, showErrors, busy, fill, errorText } from '../dom.js';
import { t, loc } from '../i18n.js';

export async function render(ctx, notice) {
  ctx.setTitle(t('templates.title'));
  const templates = await get('/templates');
  const owners = await Promise.all(templates.map((tpl) => get(`/templates/${encodeURIComponent(tpl.id)}/owners`)));
  // Only those who may pick co-owners need everyone's names (and only they may list people).
  const people = owners.some((o) => o.canManage) ? await get('/people').catch(() => []) : [];
  if (!ctx.isCurrent()) return;
  const rerender = (message) => render(ctx, message);
  const rows = templates
    .map((tpl, i) => ({ tpl, owners: owners[i], name: loc(tpl.definition?.name) || tpl.id }))
    .sort((a, b) => a.name.localeCompare(b.name));
  fill(
    ctx.main,
    h('h1', {}, t('templates.title')),
    notice ? h('p', { class: 'notice notice--ok', role: 'status' }, notice) : null,
    h('p', { class: 'lead' }, t('templates.lead')),
    rows.length === 0 ? h('p', { class: 'notice' }, t('templates.empty')) : rows.map((row, i) => templateSection(ctx, row, i, people, rerender)),
  );
}

function templateSection(ctx, { tpl, owners, name }, index, people, rerender) {
  const headingId = `template-${index}`;
  const owner = owners.owners.find((o) => o.role === 'owner');
  const coOwners = owners.owners.filter((o) => o.role === 'co_owner');
  // A refusal from a remove button shows here, in the user's language.
  const refusal = h('div', { 'aria-live': 'polite' });
  const ownerText = owners.reserved ? t('templates.shipped') : owner ? owner.name : t('templates.noOwner');
  return h(
    'section',
    { class: 'card', 'aria-labelledby': headingId, dataset: { templateId: tpl.id } },
    h('h2', { id: headingId }, name),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('templates.id')),
      h('dd', {}, h('code', {}, tpl.id)),
      h('dt', {}, t('templates.version')),
      h('dd', {}, String(tpl.version)),
      h('dt', {}, t('templates.owner')),
      h('dd', {}, ownerText),
      owners.reserved ? null : [h('dt', {}, t('templates.coOwners')), h('dd', {}, coOwnerList(ctx, tpl, name, coOwners, owners.canManage, refusal, rerender))],
    ),
    owners.reserved ? h('p', { class: 'meta' }, t('templates.shippedHint')) : null,
    owners.canPublish ? h('p', { class: 'meta' }, t('templates.youMayPublish', { version: tpl.version + 1 })) : null,
    refusal,
    owners.canManage ? addForm(ctx, tpl, name, owners.owners, people, rerender) : null,
  );
}

function coOwnerList(ctx, tpl, templateName, coOwners, canManage, refusal, rerender) {
  if (coOwners.length === 0) return t('templates.noCoOwners');
  return h(
    'ul',
    { class: 'plain-list' },
    coOwners.map((person) => {
      if (!canManage) return h('li', {}, person.name);
      const button = h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: async () => {
            if (!window.confirm(t('templates.removeConfirm', { name: person.name, template: templateName }))) return;
            button.disabled = true;
            try {
              await del(`/templates/${encodeURIComponent(tpl.id)}/co-owners/${person.personId}`);
              const done = t('templates.removed', { name: person.name, template: templateName });
              await rerender(done);
              ctx.announce(done);
            } catch (error) {
              button.disabled = false;
              // A 404 here means someone removed them first; the API words it only in English.
              const message = error?.status === 404 && !error.code ? t('templates.notCoOwner') : errorText(error);
              refusal.replaceChildren(h('p', { class: 'error-summary', role: 'alert' }, message));
            }
          },
        },
        t('templates.remove', { name: person.name }),
      );
      return h('li', { class: 'row' }, h('span', {}, person.name), button);
    }),
  );
}

function addForm(ctx, tpl, templateName, current, people, rerender) {
  const taken = new Set(current.map((o) => o.personId));
  const options = people.filter((p) => !taken.has(p.id) && p.active !== false).map((p) => ({ value: p.id, label: p.name }));
  const form = h(
    'form',
    { novalidate: true, 'aria-label': t('templates.addCoOwnerTo', { name: templateName }) },
    h('h3', {}, t('templates.addCoOwner')),
    field({ label: t('field.person'), name: 'personId', kind: 'select', required: true, options: [{ value: '', label: t('start.choose') }, ...options] }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('templates.addCoOwner'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const personId = String(new FormData(form).get('personId') ?? '');
    if (!personId) {
      showErrors(form, { errors: [{ field: 'personId', message: t('templates.choosePerson') }] });
      return;
    }
    const name = options.find((o) => o.value === personId)?.label ?? '';
    busy(form, async () => {
      try {
        await post(`/templates/${encodeURIComponent(tpl.id)}/co-owners`, { personId });
        const done = t('templates.added', { name, template: templateName });
        await rerender(done);
        ctx.announce(done);
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return form;
}
