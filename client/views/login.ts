import { ApiError } from '../api';
import type { View } from '../app-context';
import { announce } from '../announce';
import { h, uniqueId } from '../dom';
import { navigate } from '../router';

/** The demo accounts, shown as help text only. */
const DEMO_HINT = 'Demo accounts: staff@, drafter@, drafter2@, drafter3@, committee@, delegate@, member@, lapsed@demo.test, password demo';

/** Where to go after signing in: `next` when it is an in-app path, else the document list. */
function nextPath(query: URLSearchParams): string {
  const next = query.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && next !== '/login' ? next : '/documents';
}

/**
 * The sign-in page: email and password, the error in words on failure, and a
 * note when the session ended on its own.
 */
export const loginView: View = ({ app, query, signal }) => {
  const emailId = uniqueId('email');
  const passwordId = uniqueId('password');
  const errorId = uniqueId('login-error');
  const email = h('input', {
    class: 'input',
    attrs: { id: emailId, name: 'email', type: 'email', autocomplete: 'username', required: true, inputmode: 'email', spellcheck: 'false' },
  });
  const password = h('input', {
    class: 'input',
    attrs: { id: passwordId, name: 'password', type: 'password', autocomplete: 'current-password', required: true },
  });
  const error = h('div', { class: 'alert alert--error', attrs: { id: errorId, role: 'alert', hidden: true } });
  const submit = h('button', { class: 'btn btn--primary btn--block', attrs: { type: 'submit' } }, 'Sign in');

  const notice =
    app.session.endedBecause === 'expired'
      ? h('p', { class: 'alert alert--info', attrs: { role: 'status' } }, 'Your session ended. Sign in again to continue; edits made on this device are kept.')
      : null;

  const showError = (message: string) => {
    error.textContent = message;
    error.hidden = false;
    email.setAttribute('aria-describedby', errorId);
    password.setAttribute('aria-describedby', errorId);
  };

  const form = h(
    'form',
    {
      class: 'form',
      attrs: { novalidate: true, 'aria-labelledby': 'login-heading' },
      on: {
        submit: async (event) => {
          event.preventDefault();
          error.hidden = true;
          if (!email.value.trim() || !password.value) {
            showError('Enter your email address and password.');
            (email.value.trim() ? password : email).focus();
            return;
          }
          submit.disabled = true;
          submit.textContent = 'Signing in…';
          try {
            const { token, user } = await app.api.login(email.value.trim(), password.value);
            if (signal.aborted) return;
            app.session.start(token, user);
            announce(`Signed in as ${user.name}`);
            navigate(nextPath(query), { replace: true });
          } catch (caught) {
            if (signal.aborted) return;
            if (caught instanceof ApiError && caught.status === 401) {
              showError('That email and password do not match an account. Check both and try again.');
              password.select();
              password.focus();
            } else {
              showError(caught instanceof Error ? caught.message : 'Signing in failed. Try again.');
            }
          } finally {
            submit.disabled = false;
            submit.textContent = 'Sign in';
          }
        },
      },
    },
    error,
    h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: emailId } }, 'Email'), email),
    h('div', { class: 'field' }, h('label', { class: 'label', attrs: { for: passwordId } }, 'Password'), password),
    submit,
  );

  const element = h(
    'div',
    { class: 'login' },
    h(
      'section',
      { class: 'card login__card', attrs: { 'aria-labelledby': 'login-heading' } },
      h('h1', { class: 'login__heading', attrs: { id: 'login-heading', tabindex: '-1' } }, 'Sign in to Plenary'),
      h('p', { class: 'login__lede' }, 'Draft, amend and sign convention texts together.'),
      notice,
      form,
      h('p', { class: 'help-text login__hint' }, DEMO_HINT),
    ),
  );
  return { element, title: 'Sign in' };
};
