// The console's shell: sign-in, the page chosen by the fragment (#/projections, #/audit).

import { client } from './api.js';
import { mountAudit } from './audit.js';
import { fill, h, notice } from './dom.js';
import { mountProjections } from './projections.js';
import { claims, forgetToken, keepToken, rolesOf, storedToken, takeTokenFromFragment } from './session.js';

const PAGES = { projections: mountProjections, audit: mountAudit };
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const signOut = document.getElementById('sign-out');
let unmount = null;

function signInPage(reason) {
  if (unmount) unmount();
  unmount = null;
  nav.hidden = true;
  signOut.hidden = true;
  fill(who);
  const token = h('textarea', { id: 'token', rows: 4, placeholder: 'eyJhbGciOi…', spellcheck: 'false', autocomplete: 'off' });
  const message = h('div', {});
  if (reason) notice(message, 'error', reason);
  fill(main, h('section', { class: 'sign-in' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'Paste a Tasklog token (a JWT). The console keeps it in this tab only and sends it to this ',
      'server’s API as a bearer token; what you may see and do is what the token’s roles allow ',
      '(operator: projections; auditor: the event log and verification).'),
    h('p', { class: 'hint' }, 'Or open the link ', h('code', {}, '/console#token=…'), ' that ', h('code', {}, 'tasklog dev'), ' prints.'),
    message,
    h('form', { onsubmit: (event) => {
      event.preventDefault();
      const value = token.value.trim();
      if (!value) return;
      keepToken(value);
      start(value);
    } }, token, h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'sign-in' }, 'Sign in')))));
}

function start(token) {
  const tokenClaims = claims(token);
  const roles = rolesOf(tokenClaims);
  fill(who, tokenClaims?.sub ? `${tokenClaims.sub}` : 'signed in',
    roles.length ? h('span', { class: 'roles' }, roles.join(', ')) : h('span', { class: 'roles none' }, 'no roles'));
  nav.hidden = false;
  signOut.hidden = false;
  const api = client(token, () => {
    forgetToken();
    signInPage('The token was refused (401): it may have expired. Paste a new one.');
  });
  const context = { api, roles };
  const route = () => {
    const name = (window.location.hash.match(/^#\/(\w+)/) || [])[1];
    const page = PAGES[name] ? name : 'projections';
    for (const link of nav.querySelectorAll('a')) link.classList.toggle('active', link.dataset.page === page);
    if (unmount) unmount();
    const container = h('div', { class: 'page', id: `page-${page}` });
    fill(main, container);
    unmount = PAGES[page](container, context);
  };
  window.onhashchange = route;
  route();
}

signOut.addEventListener('click', () => {
  forgetToken();
  window.onhashchange = null;
  window.history.replaceState(null, '', window.location.pathname);
  signInPage(null);
});

const fromFragment = takeTokenFromFragment();
if (fromFragment) keepToken(fromFragment);
const token = fromFragment || storedToken();
if (token) start(token);
else signInPage(null);
