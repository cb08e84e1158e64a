// The operators' page: read models' status and lag, rebuilds with their progress, dead letters.
//
// Short polling of GET /api/v1/ops/projections (every 2 s, every second while a rebuild
// runs): the status is read from PostgreSQL, where the projector processes write their
// heartbeats, so a push stream would poll the same tables on the server for each open
// page; one small GET from each open console costs less than a held connection per
// viewer and passes any proxy unchanged.

import { explain } from './api.js';
import { lagChart } from './chart.js';
import { count, duration, fill, h, notice, short, when } from './dom.js';

const POLL_MS = 2000;
const REBUILD_POLL_MS = 1000;
const WINDOW_MS = 5 * 60 * 1000;
const RATE_WINDOW_MS = 5000;
const SWAP_SHOWN_MS = 60 * 1000;
const LETTERS = (name) => `/api/v1/ops/projections/${encodeURIComponent(name)}/dead-letters`;

export function mountProjections(root, ctx) {
  const state = {
    stopped: false,
    timer: null,
    samples: [],
    versions: {},
    rebuilds: {},
    swaps: {},
    pending: {},
    letters: {},
    lastStatuses: [],
  };
  const message = h('div', { id: 'projections-message' });
  const table = h('table', { class: 'grid', id: 'projections-table' });
  const chart = h('div', { class: 'chart', id: 'lag-chart' });
  const letters = h('div', { id: 'dead-letters' });
  const activity = h('ul', { class: 'activity', id: 'activity' });
  fill(
    root,
    h('section', {},
      h('h1', {}, 'Projections'),
      h('p', { class: 'hint' }, 'Each read model’s serving version, status and lag, refreshed every 2 s. ',
        'A rebuild builds a new version beside the serving one and swaps it in one transaction.'),
      message,
      table),
    h('section', {}, h('h2', {}, 'Lag over the last 5 minutes'), chart),
    h('section', {}, h('h2', {}, 'Dead letters'),
      h('p', { class: 'hint' }, 'Events parked after failing repeatedly. Fix the cause, then retry each one: ',
        'it is folded into the serving version exactly once, or stays parked with one more attempt.'),
      letters),
    h('section', {}, h('h2', {}, 'Activity'), activity),
  );

  function log(text) {
    activity.prepend(h('li', {}, h('time', {}, new Date().toLocaleTimeString('sv-SE')), ' ', text));
  }

  function schedule(ms) {
    if (!state.stopped) state.timer = window.setTimeout(poll, ms);
  }

  async function poll() {
    window.clearTimeout(state.timer);
    if (state.stopped) return;
    let statuses;
    try {
      statuses = (await ctx.api.json('GET', '/api/v1/ops/projections')).body;
    } catch (error) {
      notice(message, 'error', explain(error, 'operator'));
      if (error.status === 403 || error.status === 401) {
        fill(table);
        fill(chart);
        fill(letters, h('p', { class: 'hint' }, 'Not available without the operator role.'));
        return; // polling again would only repeat the refusal
      }
      schedule(POLL_MS);
      return;
    }
    if (state.stopped) return;
    notice(message, null, null);
    const now = Date.now();
    observe(statuses, now);
    state.lastStatuses = statuses;
    renderTable(statuses, now);
    renderChart(statuses, now);
    await refreshLetters(statuses);
    const busy = statuses.some((s) => s.rebuild) || Object.keys(state.pending).length > 0;
    schedule(busy ? REBUILD_POLL_MS : POLL_MS);
  }

  function observe(statuses, now) {
    state.samples.push({ at: now, lags: Object.fromEntries(statuses.map((s) => [s.name, s.lag_events])) });
    state.samples = state.samples.filter((s) => now - s.at <= WINDOW_MS);
    for (const s of statuses) {
      const before = state.versions[s.name];
      if (before !== undefined && s.version > before) {
        state.swaps[s.name] = { from: before, to: s.version, at: now };
        delete state.pending[s.name];
        log(`${s.name}: version ${s.version} serves (swapped from version ${before}).`);
      }
      state.versions[s.name] = s.version;
      if (s.rebuild) {
        const track = state.rebuilds[s.name] || { version: s.rebuild.version, points: [] };
        track.points.push([now, s.rebuild.position]);
        track.points = track.points.filter(([at]) => now - at <= RATE_WINDOW_MS);
        state.rebuilds[s.name] = track;
      } else {
        delete state.rebuilds[s.name];
      }
    }
  }

  function rebuildProgress(s, now) {
    const pending = state.pending[s.name];
    const rebuild = s.rebuild || (pending ? { version: pending, position: 0, head: s.head } : null);
    if (!rebuild) return null;
    const points = state.rebuilds[s.name]?.points || [];
    let rate = null;
    if (points.length >= 2) {
      const [[t0, p0], [t1, p1]] = [points[0], points[points.length - 1]];
      rate = t1 > t0 ? ((p1 - p0) * 1000) / (t1 - t0) : null;
    }
    const left = Math.max(rebuild.head - rebuild.position, 0);
    const eta = rate && rate > 0 ? left / rate : null;
    const percent = rebuild.head > 0 ? Math.min(100, (100 * rebuild.position) / rebuild.head) : 0;
    return h('div', { class: 'rebuild', 'data-name': s.name },
      h('div', {}, `Rebuilding version ${rebuild.version}: ${count(rebuild.position)} of ${count(rebuild.head)} events`),
      h('progress', { max: Math.max(rebuild.head, 1), value: rebuild.position, 'aria-label': `rebuild of ${s.name}` }),
      h('div', { class: 'hint' },
        `${percent.toFixed(1)} % · ${rate === null ? '– ' : count(Math.round(rate))} events/s · ETA ${duration(eta)}`,
        rebuild.started_at ? ` · started ${when(rebuild.started_at)}` : ''));
  }

  function renderTable(statuses, now) {
    const head = h('tr', {}, ['Read model', 'Version', 'Status', 'Position', 'Head', 'Lag (events)', 'Lag (s)',
      'Dead letters', 'Rebuild'].map((c) => h('th', {}, c)));
    const rows = statuses.map((s) => {
      const swap = state.swaps[s.name];
      const swapped = swap && now - swap.at <= SWAP_SHOWN_MS
        ? h('div', { class: 'swapped' }, `Swapped: version ${swap.to} serves (was ${swap.from})`)
        : null;
      const progress = rebuildProgress(s, now);
      const button = h('button', {
        type: 'button', class: 'rebuild-button', 'data-name': s.name,
        disabled: Boolean(s.rebuild || state.pending[s.name]),
        onclick: () => startRebuild(s.name),
      }, 'Rebuild');
      return h('tr', { 'data-name': s.name },
        h('td', { class: 'name' }, s.name),
        h('td', { class: 'num' }, s.version),
        h('td', {}, h('span', { class: `badge ${s.status}` }, s.status),
          s.error ? h('div', { class: 'error-text' }, short(s.error, 120)) : null),
        h('td', { class: 'num' }, count(s.position)),
        h('td', { class: 'num' }, count(s.head)),
        h('td', { class: 'num' }, count(s.lag_events)),
        h('td', { class: 'num' }, s.lag_seconds.toFixed(1)),
        h('td', { class: 'num' }, count(s.dead_letters)),
        h('td', { class: 'rebuild-cell' }, progress || button, swapped));
    });
    fill(table, h('thead', {}, head), h('tbody', {}, rows));
  }

  function renderChart(statuses, now) {
    fill(chart, lagChart(state.samples, statuses.map((s) => s.name), WINDOW_MS, now));
  }

  async function startRebuild(name) {
    try {
      const { body } = await ctx.api.json('POST', `/api/v1/ops/projections/${encodeURIComponent(name)}/rebuild`);
      state.pending[name] = body.rebuild_version;
      log(`${name}: rebuild to version ${body.rebuild_version} requested.`);
    } catch (error) {
      notice(message, 'error', error.status === 409
        ? `A rebuild of ${name} is already running.`
        : explain(error, 'operator'));
    }
    await poll();
  }

  async function refreshLetters(statuses) {
    const parked = statuses.filter((s) => s.dead_letters > 0);
    const found = {};
    for (const s of parked) {
      try {
        found[s.name] = (await ctx.api.json('GET', LETTERS(s.name))).body;
      } catch (error) {
        found[s.name] = error;
      }
    }
    state.letters = found;
    renderLetters();
  }

  function renderLetters() {
    const names = Object.keys(state.letters);
    if (names.length === 0) {
      fill(letters, h('p', { class: 'empty' }, 'No parked events: every read model folds every event.'));
      return;
    }
    fill(letters, names.map((name) => {
      const list = state.letters[name];
      if (!Array.isArray(list)) return h('p', { class: 'notice error' }, `${name}: ${explain(list, 'operator')}`);
      return h('div', { class: 'letters', 'data-name': name },
        h('h3', {}, `${name} (version ${list[0]?.version ?? '–'})`),
        h('table', { class: 'grid' },
          h('thead', {}, h('tr', {}, ['Position', 'Event', 'Task', 'Attempts', 'Parked', 'Error', ''].map((c) => h('th', {}, c)))),
          h('tbody', {}, list.map((letter) => h('tr', { 'data-position': letter.position },
            h('td', { class: 'num' }, count(letter.position)),
            h('td', {}, letter.type || '–'),
            h('td', { class: 'mono' }, letter.task_id || '–'),
            h('td', { class: 'num' }, letter.attempts),
            h('td', {}, when(letter.parked_at)),
            h('td', { class: 'error-text' }, letter.error),
            h('td', {}, h('button', {
              type: 'button', class: 'retry-button',
              onclick: (event) => retry(name, letter.position, event.currentTarget),
            }, 'Retry')))))));
    }));
  }

  async function retry(name, position, button) {
    button.disabled = true;
    try {
      const { body } = await ctx.api.json('POST', `${LETTERS(name)}/${position}/retry`);
      if (body.outcome === 'folded') {
        log(`${name}: the event at position ${position} was folded; its dead letter is gone.`);
        notice(message, 'ok', `Folded the event at position ${position} into ${name}.`);
      } else {
        log(`${name}: the event at position ${position} failed again (attempt ${body.attempts}).`);
        notice(message, 'error', `The event at position ${position} failed again (attempt ${body.attempts}): ${body.error}`);
      }
    } catch (error) {
      notice(message, 'error', explain(error, 'operator'));
    }
    await poll();
  }

  poll();
  return () => {
    state.stopped = true;
    window.clearTimeout(state.timer);
  };
}
