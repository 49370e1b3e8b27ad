// Sign in with e-mail and password (POST /auth/login sets the session cookie).
import { post } from '../api.js';
import { h, field, showErrors, busy, fill } from '../dom.js';
import { t } from '../i18n.js';

export async function render(ctx) {
  ctx.setTitle(t('login.title'));
  const next = ctx.query.get('next') || '/';
  if (ctx.me) return ctx.navigate(`#${next.startsWith('/') ? next : '/'}`);
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'login-heading' },
    h('h2', { id: 'login-heading', class: 'visually-hidden' }, t('login.title')),
    field({ label: t('login.email'), name: 'email', kind: 'email', required: true, attrs: { autocomplete: 'username' } }),
    field({ label: t('login.password'), name: 'password', kind: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('login.submit'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    await busy(form, async () => {
      try {
        const me = await post('/auth/login', { email: String(data.get('email')).trim(), password: String(data.get('password')) }, { quiet401: true });
        await ctx.setMe(me);
        ctx.announce(t('login.welcome', { name: me.name }));
        ctx.navigate(`#${next.startsWith('/') ? next : '/'}`);
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  fill(ctx.main, 
    h('h1', {}, t('login.title')),
    h('p', { class: 'lead' }, t('login.lead')),
    h('div', { style: 'max-width: 28rem' }, form),
  );
}
