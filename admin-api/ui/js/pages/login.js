// Sign in: POST /auth/login sets the httpOnly session cookie; the UI keeps only the user's profile.
import { api } from '../api.js';
import { h } from '../dom.js';
import { field, showErrors, clearErrors } from '../form.js';
import { t } from '../i18n.js';

export async function render(ctx) {
  ctx.title(t('login.title'));
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('login.submit'));
  const form = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form);
    submit.disabled = true;
    try {
      const reply = await api('POST', '/auth/login', { email: email.value.trim(), password: password.value });
      password.value = '';
      await ctx.onSignedIn(reply.user);
    } catch (error) {
      const err = error.status === 401 ? Object.assign(error, { code: 'wrong-credentials' }) : error;
      if (!err.details.length && !email.value) err.details = [{ field: 'email', message: t('form.required') }];
      showErrors(form, err, { email: t('login.email'), password: t('login.password') });
    } finally {
      submit.disabled = false;
    }
  } },
  field({ label: t('login.email'), control: email }),
  field({ label: t('login.password'), control: password }),
  submit);
  ctx.main.append(h('div', { class: 'login card' }, h('h1', {}, t('login.title')), h('p', { class: 'muted' }, t('login.intro')), form));
}
