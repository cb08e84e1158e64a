// The page's whole client: every call goes through call(), which reads the answer's
// headers the way a frontend does (ETag for If-Match, Tasklog-Position to read its own
// writes). A browser shows a page those headers only when CORS exposes them.
"use strict";

const params = new URLSearchParams(location.hash.slice(1));
const API = params.get("api");
const TOKEN = params.get("token");
const TASKS = "/api/v1/tasks";

let minPosition = null;

async function call(method, path, { body, ifMatch } = {}) {
  const headers = { Authorization: `Bearer ${TOKEN}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (ifMatch) headers["If-Match"] = ifMatch;
  if (method === "GET" && minPosition) headers["Tasklog-Min-Position"] = minPosition;
  const response = await fetch(API + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const contentType = response.headers.get("Content-Type") || "";
  const answer = {
    method,
    path,
    status: response.status,
    contentType,
    body: text && contentType.includes("json") ? JSON.parse(text) : null,
    etag: response.headers.get("ETag"),
    location: response.headers.get("Location"),
    position: response.headers.get("Tasklog-Position"),
    projectionPosition: response.headers.get("Tasklog-Projection-Position"),
    requestId: response.headers.get("X-Request-ID"),
  };
  if (answer.position) minPosition = answer.position;
  document.getElementById("last").textContent = JSON.stringify(answer, null, 2);
  return answer;
}

function say(text) {
  document.getElementById("status").textContent = text;
}

function problemText(answer) {
  const problem = answer.body || {};
  const fields = (problem.errors || []).map((error) => error.field).join(", ");
  return `Error ${answer.status}: ${problem.detail || ""}${fields ? ` [${fields}]` : ""}`;
}

async function run(action) {
  try {
    await action();
  } catch (error) {
    say(`Network error: ${error.message}`);
  }
}

function taskItem(task) {
  const item = document.createElement("li");
  item.dataset.id = task.id;
  item.dataset.version = String(task.version);
  item.dataset.completed = String(task.completed);
  item.dataset.title = task.title;

  const done = document.createElement("input");
  done.type = "checkbox";
  done.className = "toggle";
  done.checked = task.completed;
  done.addEventListener("change", () => run(() => toggle(task)));

  const title = document.createElement("input");
  title.className = "title";
  title.value = task.title;

  const save = document.createElement("button");
  save.className = "save";
  save.textContent = "Save";
  save.addEventListener("click", () => run(() => rename(task, title.value)));

  const remove = document.createElement("button");
  remove.className = "delete";
  remove.textContent = "Delete";
  remove.addEventListener("click", () => run(() => destroy(task)));

  const priority = document.createElement("span");
  priority.className = "priority";
  priority.textContent = task.priority;

  item.append(done, title, priority, save, remove);
  return item;
}

async function refresh(message) {
  const answer = await call("GET", TASKS);
  if (answer.status !== 200) {
    say(problemText(answer));
    return;
  }
  const list = document.getElementById("tasks");
  list.replaceChildren(...answer.body.map(taskItem));
  say(`${message} Listed ${answer.body.length} at position ${answer.projectionPosition}.`);
}

async function create(title, priority) {
  const answer = await call("POST", TASKS, { body: { title, priority } });
  if (answer.status !== 201) {
    say(problemText(answer));
    return;
  }
  await refresh(`Created ${answer.location} (ETag ${answer.etag}).`);
}

async function rename(task, title) {
  const answer = await call("PUT", `${TASKS}/${task.id}`, {
    body: { title },
    ifMatch: `"${task.version}"`,
  });
  if (answer.status !== 200) {
    say(problemText(answer));
    return;
  }
  await refresh(`Saved (ETag ${answer.etag}).`);
}

async function toggle(task) {
  const answer = await call("PATCH", `${TASKS}/${task.id}/complete`, {
    ifMatch: `"${task.version}"`,
  });
  if (answer.status !== 200) {
    say(problemText(answer));
    return;
  }
  await refresh(`Toggled (ETag ${answer.etag}).`);
}

async function destroy(task) {
  const answer = await call("DELETE", `${TASKS}/${task.id}`, { ifMatch: `"${task.version}"` });
  if (answer.status !== 204) {
    say(problemText(answer));
    return;
  }
  await refresh("Deleted.");
}

document.getElementById("new-task").addEventListener("submit", (event) => {
  event.preventDefault();
  const title = document.getElementById("title").value;
  const priority = document.getElementById("priority").value;
  run(() => create(title, priority));
});

run(() => refresh("Loaded."));
