// The signed link in a reminder e-mail (/l/<token> redirects here): the item, and marking it done.
// Signed in as the responsible person, it opens My work on that item instead.
import { get, post } from '../api.js';
import { h, field, showErrors, busy, errorText, fill } from '../dom.js';
import { t, formatDate } from '../i18n.js';

export async function render(ctx, notice) {
  const token = ctx.params.token;
  let item;
  try {
    item = await get(`/links/${token}`, { quiet401: true });
  } catch (error) {
    ctx.setTitle(t('link.title'));
    fill(ctx.main, h('h1', {}, t('link.title')), h('p', { role: 'alert', class: 'error-summary' }, linkError(error)), signInHint(ctx));
    return;
  }
  if (!ctx.isCurrent()) return;
  if (!notice && !item.done && ctx.me && ctx.me.personId === item.responsible.id) {
    return ctx.navigate(`#/?item=${encodeURIComponent(item.itemId)}`);
  }
  ctx.setTitle(item.title);
  const facts = [
    [t('field.programme'), item.programme.name],
    [t('field.dueDate'), formatDate(item.dueDate, 'full')],
    [t('field.responsible'), item.responsible.name],
    [t('field.status'), t(`status.${item.done ? 'done' : item.status}`)],
    item.description ? [t('field.description'), item.description] : null,
    item.comment ? [t('field.comment'), item.comment] : null,
  ].filter(Boolean);
  const form = h(
    'form',
    { novalidate: true, class: 'card' },
    field({ label: t('link.comment'), name: 'comment', kind: 'textarea' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('myWork.markDone'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const comment = String(new FormData(form).get('comment') ?? '').trim();
    busy(form, async () => {
      try {
        await post(`/links/${token}/complete`, comment ? { comment } : {}, { quiet401: true });
        await render(ctx, t('link.thanks'));
        ctx.announce(t('link.thanks'));
      } catch (error) {
        error.message = linkError(error);
        showErrors(form, error);
      }
    });
  });
  fill(ctx.main, 
    h('p', { class: 'meta' }, t('link.kicker')),
    h('h1', {}, item.title),
    notice ? h('p', { class: 'notice notice--ok', role: 'status' }, notice) : null,
    h('dl', { class: 'facts' }, facts.map(([dt, dd]) => [h('dt', {}, dt), h('dd', {}, dd)])),
    item.done ? (notice ? null : h('p', { class: 'notice notice--ok' }, t('link.alreadyDone'))) : form,
    signInHint(ctx),
  );
}

function signInHint(ctx) {
  return ctx.me ? h('p', {}, h('a', { href: '#/' }, t('link.toMyWork'))) : h('p', { class: 'meta' }, t('link.signInHint'), ' ', h('a', { href: '#/login' }, t('login.title')));
}

function linkError(error) {
  if (error.status === 410) return t('link.expired');
  if (error.status === 403) return t('link.notYours');
  if (error.status === 404 || error.status === 400) return t('link.invalid');
  return errorText(error);
}
