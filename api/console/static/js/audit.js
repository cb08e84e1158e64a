// The auditors' page: the event log (filters, pages, NDJSON download), a task's history
// with a version slider and time travel, and verification runs.
//
// A plain user's token is refused (403) on the event log and on verification; the
// history of the user's own tasks still works (another user's task is 404, as in the API).

import { explain } from './api.js';
import { count, duration, fill, h, instant, notice, short, when } from './dom.js';

const EVENTS = '/api/v1/audit/events';
const VERIFY = '/api/v1/audit/verify';
const TASKS = '/api/v1/tasks';
// The event types of GET /api/v1/audit/events?type= (the names history shows).
const EVENT_TYPES = ['TaskCreated', 'TaskTitleChanged', 'TaskDescriptionChanged', 'TaskPriorityChanged',
  'TaskTagsChanged', 'TaskDueChanged', 'TaskRecurrenceChanged', 'TaskReminderChanged', 'TaskCompleted',
  'TaskReopened', 'TaskDeleted', 'TaskReminderFired'];
const VERIFY_POLL_MS = 1000;

function field(label, input) {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

export function mountAudit(root, ctx) {
  const stopped = { value: false };
  const log = eventLog(ctx, (taskId) => history.open(taskId));
  const history = taskHistory(ctx);
  const verify = verification(ctx, stopped);
  fill(root, log.element, history.element, verify.element);
  log.search();
  history.listOwnTasks();
  verify.showLatest();
  return () => {
    stopped.value = true;
    verify.stop();
  };
}

// -- the event log ------------------------------------------------------------------------

function eventLog(ctx, openTask) {
  const inputs = {
    user_id: h('input', { name: 'user_id', placeholder: 'any user (sub)', autocomplete: 'off' }),
    task_id: h('input', { name: 'task_id', placeholder: 'any task (id)', autocomplete: 'off', size: 36 }),
    type: h('select', { name: 'type' }, h('option', { value: '' }, 'any type'),
      EVENT_TYPES.map((t) => h('option', { value: t }, t))),
    since: h('input', { name: 'since', type: 'datetime-local', step: 1 }),
    until: h('input', { name: 'until', type: 'datetime-local', step: 1 }),
    limit: h('input', { name: 'limit', type: 'number', min: 1, max: 1000, value: '25' }),
  };
  const message = h('div', { id: 'log-message' });
  const table = h('table', { class: 'grid', id: 'log-table' });
  const pager = h('div', { class: 'pager', id: 'log-pager' });
  const previous = h('button', { type: 'button', id: 'log-previous', onclick: () => turn(-1) }, '← Previous');
  const next = h('button', { type: 'button', id: 'log-next', onclick: () => turn(1) }, 'Next →');
  const pageLabel = h('span', { id: 'log-page' });
  const state = { afters: [0], page: 0, nextAfter: null };

  const form = h('form', { id: 'log-filters', class: 'filters', onsubmit: (event) => { event.preventDefault(); search(); } },
    field('User', inputs.user_id), field('Task', inputs.task_id), field('Event type', inputs.type),
    field('Since', inputs.since), field('Until', inputs.until), field('Per page', inputs.limit),
    h('div', { class: 'actions' },
      h('button', { type: 'submit' }, 'Search'),
      h('button', { type: 'button', id: 'log-download', onclick: download }, 'Download NDJSON')));

  const element = h('section', { id: 'event-log' },
    h('h1', {}, 'Event log'),
    h('p', { class: 'hint' }, 'Every stored event in position order, with its task and owner. ',
      'Filters combine; times are your local time.'),
    form, message, table, h('div', { class: 'pager' }, previous, pageLabel, next), pager);

  function filters() {
    return {
      user_id: inputs.user_id.value.trim(),
      task_id: inputs.task_id.value.trim(),
      type: inputs.type.value,
      since: instant(inputs.since.value),
      until: instant(inputs.until.value),
    };
  }

  function search() {
    state.afters = [0];
    state.page = 0;
    return load();
  }

  function turn(step) {
    if (step > 0 && state.nextAfter !== null) {
      state.afters[state.page + 1] = state.nextAfter;
      state.page += 1;
    } else if (step < 0 && state.page > 0) {
      state.page -= 1;
    } else {
      return;
    }
    load();
  }

  async function load() {
    table.setAttribute('aria-busy', 'true');
    try {
      await show(state.afters[state.page]);
    } finally {
      table.setAttribute('aria-busy', 'false');
    }
  }

  async function show(after) {
    let answer;
    try {
      answer = await ctx.api.json('GET', EVENTS, { query: { ...filters(), limit: inputs.limit.value || 25, after: after || null } });
    } catch (error) {
      notice(message, 'error', explain(error, 'auditor'));
      fill(table);
      previous.disabled = true;
      next.disabled = true;
      fill(pageLabel);
      return;
    }
    notice(message, null, null);
    const events = answer.body;
    const following = answer.headers.get('Tasklog-Next-After');
    state.nextAfter = following === null ? null : Number(following);
    previous.disabled = state.page === 0;
    next.disabled = state.nextAfter === null;
    const head = answer.headers.get('Tasklog-Head');
    fill(pageLabel, events.length
      ? `Page ${state.page + 1} · positions ${count(events[0].position)}–${count(events[events.length - 1].position)} · log head ${count(Number(head))}`
      : `Page ${state.page + 1} · no events`);
    fill(table,
      h('thead', {}, h('tr', {}, ['Position', 'At', 'Type', 'Task', 'Owner', 'Actor', 'v', 'Data'].map((c) => h('th', {}, c)))),
      h('tbody', {}, events.map((e) => h('tr', { 'data-position': e.position },
        h('td', { class: 'num' }, count(e.position)),
        h('td', {}, when(e.at)),
        h('td', {}, e.type, e.error ? h('div', { class: 'error-text' }, e.error) : null),
        h('td', { class: 'mono' }, h('button', { type: 'button', class: 'link', title: 'Open its history', onclick: () => openTask(e.task_id) }, e.task_id.slice(0, 8))),
        h('td', {}, e.owner ?? '–'),
        h('td', {}, e.actor ?? '–'),
        h('td', { class: 'num' }, e.version),
        h('td', { class: 'mono data' }, short(e.data, 90))))));
  }

  async function download() {
    let response;
    try {
      response = await ctx.api.request('GET', EVENTS, { query: filters(), accept: 'application/x-ndjson' });
    } catch (error) {
      notice(message, 'error', explain(error, 'auditor'));
      return;
    }
    const blob = await response.blob();
    const lines = (await blob.text()).split('\n').filter(Boolean).length;
    const link = h('a', { href: URL.createObjectURL(blob), download: `tasklog-events-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson` });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    notice(message, 'ok', `Downloaded ${count(lines)} events as NDJSON (up to position ${count(Number(response.headers.get('Tasklog-Head')))}).`);
  }

  return { element, search };
}

// -- a task's history ---------------------------------------------------------------------

function taskHistory(ctx) {
  const idInput = h('input', { id: 'history-task', placeholder: 'task id', autocomplete: 'off', size: 36 });
  const own = h('select', { id: 'history-own', onchange: () => { if (own.value) open(own.value); } },
    h('option', { value: '' }, 'or one of your tasks…'));
  const message = h('div', { id: 'history-message' });
  const body = h('div', { id: 'history-body' });
  const state = { taskId: null, events: [], states: new Map() };

  const element = h('section', { id: 'task-history' },
    h('h1', {}, 'Task history'),
    h('p', { class: 'hint' }, 'Every event of one task; move the slider to see the task as of each version ',
      'and what that event changed. Your own tasks, or any task with the auditor role.'),
    h('form', { class: 'filters', onsubmit: (event) => { event.preventDefault(); open(idInput.value.trim()); } },
      field('Task', idInput), field('', own), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show history'))),
    message, body);

  async function listOwnTasks() {
    try {
      const { body: tasks } = await ctx.api.json('GET', TASKS, { query: { limit: 100, sort: '-updated_at' } });
      for (const task of tasks) own.append(h('option', { value: task.id }, `${short(task.title, 40)} (${task.id.slice(0, 8)})`));
    } catch {
      // the picker is a convenience: the id field still works
    }
  }

  async function open(taskId) {
    if (!taskId) return;
    idInput.value = taskId;
    element.scrollIntoView({ block: 'start' });
    let events;
    try {
      events = (await ctx.api.json('GET', `${TASKS}/${encodeURIComponent(taskId)}/history`)).body;
    } catch (error) {
      notice(message, 'error', error.status === 404 ? 'No such task among those you may read (404).' : explain(error, 'auditor'));
      fill(body);
      return;
    }
    notice(message, null, null);
    Object.assign(state, { taskId, events, states: new Map() });
    const slider = h('input', {
      type: 'range', id: 'history-slider', min: 1, max: events.length, value: events.length, step: 1,
      'aria-label': 'Version', oninput: () => show(Number(slider.value)),
    });
    const label = h('output', { id: 'history-version' });
    const detail = h('div', { id: 'history-detail', class: 'columns' });
    const asOf = h('input', { id: 'history-as-of', type: 'datetime-local', step: 1 });
    const travelled = h('div', { id: 'history-as-of-result' });
    const list = h('ol', { class: 'events', id: 'history-events' }, events.map((e) => h('li', {
      'data-version': e.version, onclick: () => { slider.value = e.version; show(e.version); },
    }, `v${e.version} · ${e.type} · ${when(e.at)} · ${e.actor}`)));
    fill(body,
      h('div', { class: 'slider' }, h('span', {}, 'Version'), slider, label),
      detail,
      h('h3', {}, 'Events'), list,
      h('h3', {}, 'Time travel'),
      h('form', { class: 'filters', onsubmit: (event) => { event.preventDefault(); travel(asOf.value, travelled); } },
        field('As of', asOf), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show the task then'))),
      travelled);
    await show(events.length);

    async function show(version) {
      fill(label, `${version} of ${events.length}`);
      for (const item of list.children) item.classList.toggle('current', Number(item.dataset.version) === version);
      const event = events[version - 1];
      const [before, after] = await Promise.all([stateAt(version - 1), stateAt(version)]);
      if (Number(slider.value) !== version) return; // the slider moved on meanwhile
      fill(detail,
        h('div', { class: 'card' },
          h('h3', {}, `Version ${version}: ${event.type}`),
          h('dl', {},
            h('dt', {}, 'At'), h('dd', {}, when(event.at)),
            h('dt', {}, 'Actor'), h('dd', {}, event.actor),
            h('dt', {}, 'Position'), h('dd', {}, count(event.position)),
            h('dt', {}, 'Correlation id'), h('dd', { class: 'mono' }, event.correlation_id),
            h('dt', {}, 'Hash'), h('dd', { class: 'mono' }, short(event.hash, 24))),
          h('h4', {}, 'What changed from the version before'),
          changes(before, after)),
        h('div', { class: 'card' }, h('h3', {}, `The task as of version ${version}`), taskView(after)));
    }
  }

  async function stateAt(version) {
    if (version < 1) return null;
    if (!state.states.has(version)) {
      state.states.set(version, ctx.api.json('GET', `${TASKS}/${state.taskId}`, { query: { version } })
        .then((answer) => answer.body)
        .catch((error) => (error.status === 404 ? { deleted: true } : { failed: explain(error, 'auditor') })));
    }
    return state.states.get(version);
  }

  async function travel(localValue, into) {
    const at = instant(localValue);
    if (!at || !state.taskId) return;
    try {
      const { body: task } = await ctx.api.json('GET', `${TASKS}/${state.taskId}`, { query: { as_of: at } });
      fill(into, h('div', { class: 'card' }, h('h3', {}, `The task at ${when(at)} (version ${task.version})`), taskView(task)));
    } catch (error) {
      fill(into, h('p', { class: 'notice' }, error.status === 404
        ? `The task did not exist (or was deleted) at ${when(at)}.`
        : explain(error, 'auditor')));
    }
  }

  return { element, open, listOwnTasks };
}

function taskView(task) {
  if (!task) return h('p', { class: 'empty' }, 'Nothing yet.');
  if (task.deleted) return h('p', { class: 'notice' }, 'The task is deleted at this version.');
  if (task.failed) return h('p', { class: 'notice error' }, task.failed);
  return h('dl', { class: 'task' }, Object.entries(task).flatMap(([key, value]) => [
    h('dt', {}, key), h('dd', { class: 'mono' }, value === null ? '–' : short(value, 120))]));
}

function changes(before, after) {
  if (!after || after.deleted || after.failed) return taskView(after);
  if (!before) return h('p', { class: 'hint' }, 'The task was created with the fields shown.');
  const keys = [...new Set([...Object.keys(before.deleted ? {} : before), ...Object.keys(after)])];
  const changed = keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  if (changed.length === 0) return h('p', { class: 'hint' }, 'No field of the task changed.');
  return h('table', { class: 'grid changes', id: 'history-changes' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Field'), h('th', {}, 'Before'), h('th', {}, 'After'))),
    h('tbody', {}, changed.map((key) => h('tr', { 'data-field': key },
      h('td', {}, key),
      h('td', { class: 'mono before' }, before[key] === undefined || before[key] === null ? '–' : short(before[key], 60)),
      h('td', { class: 'mono after' }, after[key] === undefined || after[key] === null ? '–' : short(after[key], 60))))));
}

// -- verification runs ---------------------------------------------------------------------

function verification(ctx, stopped) {
  const readModel = h('input', { type: 'checkbox', id: 'verify-read-model', checked: true });
  const start = h('button', { type: 'button', id: 'verify-start', onclick: begin }, 'Run verification');
  const message = h('div', { id: 'verify-message' });
  const run = h('div', { id: 'verify-run' });
  let timer = null;

  const element = h('section', { id: 'verification' },
    h('h1', {}, 'Verification'),
    h('p', { class: 'hint' }, 'Replays every task from its events, checks each event’s hash and its link to the one before, ',
      'and compares the result with the task_list read model. It runs in a process of its own on the server.'),
    h('div', { class: 'filters' }, h('label', { class: 'check' }, readModel, ' compare with task_list'), h('div', { class: 'actions' }, start)),
    message, run);

  async function showLatest() {
    try {
      const { body: runs } = await ctx.api.json('GET', VERIFY, { query: { limit: 1 } });
      if (runs.length) follow(`${VERIFY}/${runs[0].id}`);
      else fill(run, h('p', { class: 'empty' }, 'No verification has run yet.'));
    } catch (error) {
      notice(message, 'error', explain(error, 'auditor'));
      start.disabled = error.status === 403;
    }
  }

  async function begin() {
    start.disabled = true;
    try {
      const answer = await ctx.api.json('POST', VERIFY, { query: { read_model: readModel.checked } });
      notice(message, 'ok', 'Verification started.');
      follow(answer.headers.get('Location'));
    } catch (error) {
      notice(message, 'error', error.status === 409 ? 'A verification is already running: following it.' : explain(error, 'auditor'));
      if (error.status === 409) follow(error.headers.get('Location'));
      else start.disabled = false;
    }
  }

  async function follow(location) {
    window.clearTimeout(timer);
    if (stopped.value || !location) return;
    let current;
    try {
      current = (await ctx.api.json('GET', location)).body;
    } catch (error) {
      notice(message, 'error', explain(error, 'auditor'));
      start.disabled = false;
      return;
    }
    render(current);
    if (current.state === 'running') {
      start.disabled = true;
      timer = window.setTimeout(() => follow(location), VERIFY_POLL_MS);
    } else {
      start.disabled = false;
    }
  }

  function render(current) {
    const total = current.events_total;
    const summary = current.summary;
    const outcome = current.state === 'running' ? 'running'
      : current.state === 'failed' ? 'failed'
        : summary?.ok ? 'intact' : 'damaged';
    fill(run,
      h('div', { class: 'card' },
        h('h3', {}, 'Run ', h('span', { class: `badge ${outcome}`, id: 'verify-outcome' }, outcome)),
        h('progress', { max: Math.max(total || 1, 1), value: current.events_checked, 'aria-label': 'verification progress' }),
        h('p', {}, `${count(current.events_checked)} of ${count(total)} events · ${count(current.events_per_s)} events/s · `,
          `${duration(current.elapsed_s)} · started ${when(current.started_at)} by ${current.started_by}`),
        current.error ? h('p', { class: 'notice error' }, current.error) : null,
        summary ? h('p', { id: 'verify-summary' },
          `${count(summary.events)} events of ${count(summary.tasks)} tasks: ${summary.broken_tasks} broken chains, `,
          `${summary.differing_tasks} tasks differing from task_list, ${summary.problems} other problems.`) : null,
        findings(current)));
  }

  return { element, showLatest, stop: () => window.clearTimeout(timer) };
}

function findings(current) {
  if (!current.findings?.length) {
    return current.state === 'running' ? null : h('p', { class: 'empty' }, 'No findings.');
  }
  return h('div', {},
    h('h4', {}, `Findings (${count(current.findings_count)}${current.findings_count > current.findings.length ? `, the first ${current.findings.length} shown` : ''})`),
    h('table', { class: 'grid', id: 'verify-findings' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Kind'), h('th', {}, 'Task'), h('th', {}, 'Finding'))),
      h('tbody', {}, current.findings.map((f) => h('tr', {},
        h('td', {}, f.kind.replace(/_/g, ' ')),
        h('td', { class: 'mono' }, f.task_id ?? '–'),
        h('td', {}, f.message))))));
}
