-- Tasklog's mixed workload for wrk (Debian's wrk 4.1, LuaJIT), the same against every backend.
--
-- Each wrk thread gets its own slice of the seeded users and sends, per request, as one of
-- them in turn:
--   70% GET  /api/v1/tasks                                     (list: all the user's tasks)
--   10% GET  /api/v1/tasks?status=open&priority=high&sort=-due_at   (filtered list)
--   10% POST /api/v1/tasks                                     (create)
--    5% POST /api/v1/tasks/{id}/complete                       (complete one of the user's tasks)
--    5% PATCH /api/v1/tasks/{id}                               (update: priority and title)
-- or, with BENCH_KIND, only one of those kinds (to measure what each costs).
--
-- wrk's Lua API has no handle on the connection a request goes out on: a thread serves its
-- users round-robin, so with think time each of them issues ~1/N of the thread's requests,
-- each with its own bearer token. A thread may span more users than it has connections
-- (BENCH_USER_SPAN): runs without think time then still spread over every seeded user.
--
-- Configuration comes from the environment (done() runs where wrk's argv is not visible):
--   BENCH_USERS_FILE   lines "<user_id> <token> <task_id>,<task_id>,..." (benchmarks/seed.py)
--   BENCH_USER_OFFSET  first line (0-based) this wrk process may use           (default 0)
--   BENCH_USER_SPAN    lines this wrk process uses, split between its threads
--                                                          (default BENCH_CONNECTIONS)
--   BENCH_CONNECTIONS  connections of this wrk process (its -c)                 (required)
--   BENCH_THREADS      threads of this wrk process (its -t)                     (required)
--   BENCH_THINK_MS     "min-max" think time between a response and the connection's next
--                      request, uniform; "0" or unset for none                  (default 0)
--   BENCH_KIND         list | list_filtered | create | complete | update: only that kind;
--                      unset for the mix. The mix completes tasks picked at random from
--                      the first half of the user's open ones (some twice: Tasklog then
--                      changes nothing); complete alone walks them from the last back, so
--                      each request completes an open task                 (default the mix)
--   BENCH_OUT          where done() writes its JSON result with the latency histogram
--   BENCH_STATUS_DETAIL "1": count responses per status code and keep a few non-2xx bodies
--                      (defines response(), so wrk parses every response's headers and
--                      hands its body to Lua: ~0.6 ms of wrk CPU per 24 KB list page)
--                                                                              (default off)
--
-- Without BENCH_STATUS_DETAIL there is no response() and wrk only counts; "non_2xx" is
-- then wrk's own count of responses with status >= 400 (summary.errors.status), and
-- "statuses" is empty.
--
-- done() prints one machine-readable line: BENCH_RESULT {json}.

local threads = {}

-- main state -------------------------------------------------------------------------------

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads - 1)
end

-- thread states ----------------------------------------------------------------------------

local users = {}
local user_count = 0
local next_user = 0
local think_min, think_max = 0, 0
local priorities = {"low", "medium", "high"}
local kind = os.getenv("BENCH_KIND") or ""
local kinds = {list = true, list_filtered = true, create = true, complete = true, update = true}

statuses = {}      -- read by done() through thread:get
samples = {}       -- a few bodies of non-2xx answers, for the report
sample_count = 0

local function env_number(name, default)
  local value = os.getenv(name)
  if value == nil or value == "" then
    if default == nil then error(name .. " is not set") end
    return default
  end
  return tonumber(value)
end

local function split(text, separator)
  local parts = {}
  for part in string.gmatch(text, "([^" .. separator .. "]+)") do
    table.insert(parts, part)
  end
  return parts
end

function init(args)
  local connections = env_number("BENCH_CONNECTIONS")
  local thread_count = env_number("BENCH_THREADS")
  local offset = env_number("BENCH_USER_OFFSET", 0)
  local span = env_number("BENCH_USER_SPAN", connections)
  local per_thread = math.floor(span / thread_count)
  if kind ~= "" and not kinds[kind] then error("BENCH_KIND " .. kind .. " is not a kind") end
  local first = offset + thread_index * per_thread
  local last = first + per_thread - 1

  local path = os.getenv("BENCH_USERS_FILE") or error("BENCH_USERS_FILE is not set")
  local lines = {}
  for line in io.lines(path) do
    table.insert(lines, line)
  end
  if #lines == 0 then error(path .. " is empty") end
  -- More connections than seeded users (a small dev seed) reuse users from the top.
  for index = first, last do
    local fields = split(lines[(index % #lines) + 1], " ")
    table.insert(users, {
      token = "Bearer " .. fields[2],
      tasks = split(fields[3] or "", ","),
      serial = 0,
      completed = 0,
    })
  end
  user_count = #users

  local think = os.getenv("BENCH_THINK_MS") or "0"
  local low, high = string.match(think, "^(%d+)-(%d+)$")
  if low then
    think_min, think_max = tonumber(low), tonumber(high)
  end

  math.randomseed(os.time() + 7919 * (thread_index + 1) + offset)
  next_user = math.random(user_count) - 1
end

local function json_headers(user)
  return {
    ["Authorization"] = user.token,
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }
end

local function read_headers(user)
  return {["Authorization"] = user.token, ["Accept"] = "application/json"}
end

local function pick_task(user)
  return user.tasks[math.random(#user.tasks)]
end

-- The mix completes one of the first half of the user's task ids, at random.
local function pick_early_task(user)
  return user.tasks[math.random(math.ceil(#user.tasks / 2))]
end

-- BENCH_KIND=complete walks the user's task ids from the last back, round and round: the
-- second half is untouched by the mix, so each request completes an open task.
local function next_open_task(user)
  local task = user.tasks[#user.tasks - (user.completed % #user.tasks)]
  user.completed = user.completed + 1
  return task
end

local function list(user)
  return wrk.format("GET", "/api/v1/tasks", read_headers(user))
end

local function list_filtered(user)
  return wrk.format(
    "GET", "/api/v1/tasks?status=open&priority=high&sort=-due_at", read_headers(user)
  )
end

local function create(user)
  user.serial = user.serial + 1
  local body = string.format(
    '{"title":"bench task %d-%d","priority":"%s","tags":["bench","t%d"]}',
    next_user, user.serial, priorities[math.random(3)], math.random(5)
  )
  return wrk.format("POST", "/api/v1/tasks", json_headers(user), body)
end

local function complete(user, task)
  return wrk.format("POST", "/api/v1/tasks/" .. task .. "/complete", json_headers(user), "")
end

local function update(user)
  local body = string.format(
    '{"priority":"%s","title":"renamed %d"}', priorities[math.random(3)], math.random(1000000)
  )
  return wrk.format("PATCH", "/api/v1/tasks/" .. pick_task(user), json_headers(user), body)
end

local function one_kind(user)
  if kind == "list" then return list(user)
  elseif kind == "list_filtered" then return list_filtered(user)
  elseif kind == "create" or #user.tasks == 0 then return create(user)
  elseif kind == "complete" then return complete(user, next_open_task(user))
  else return update(user) end
end

function request()
  next_user = (next_user % user_count) + 1
  local user = users[next_user]
  if kind ~= "" then return one_kind(user) end
  local roll = math.random(100)

  if roll <= 70 then
    return list(user)
  elseif roll <= 80 then
    return list_filtered(user)
  elseif roll <= 90 or #user.tasks == 0 then
    return create(user)
  elseif roll <= 95 then
    return complete(user, pick_early_task(user))
  else
    return update(user)
  end
end

function delay()
  if think_max <= 0 then return 0 end
  return math.random(think_min, think_max)
end

-- Only with BENCH_STATUS_DETAIL=1: wrk checks once, after thread 0's init(), whether the
-- script has a response() function, and only then parses headers and bodies for it.
local status_detail = os.getenv("BENCH_STATUS_DETAIL") == "1"

if status_detail then
  function response(status, headers, body)
    local key = tostring(status)
    statuses[key] = (statuses[key] or 0) + 1
    if (status < 200 or status > 299) and sample_count < 3 then
      sample_count = sample_count + 1
      samples[key .. "#" .. sample_count] = string.sub(body or "", 1, 300)
    end
  end
end

-- main state again: merge the threads and report -------------------------------------------

local function json_string(text)
  text = string.gsub(text, '[%c"\\]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end)
  return '"' .. text .. '"'
end

local function json_object(map, encode)
  local parts = {}
  for key, value in pairs(map) do
    table.insert(parts, json_string(key) .. ":" .. encode(value))
  end
  table.sort(parts)
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local merged, merged_samples = {}, {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do
      merged[status] = (merged[status] or 0) + count
    end
    for key, body in pairs(thread:get("samples") or {}) do
      merged_samples[key] = body
    end
  end

  local errors = summary.errors
  local non_2xx = errors.status  -- wrk's count: status >= 400
  if status_detail then
    non_2xx = 0
    for status, count in pairs(merged) do
      local code = tonumber(status)
      if code < 200 or code > 299 then non_2xx = non_2xx + count end
    end
  end

  local duration_s = summary.duration / 1e6
  local fields = {
    string.format('"requests":%d', summary.requests),
    string.format('"duration_s":%.3f', duration_s),
    string.format('"rps":%.1f', summary.requests / duration_s),
    string.format('"bytes":%d', summary.bytes),
    string.format('"p50_ms":%.3f', latency:percentile(50) / 1000),
    string.format('"p95_ms":%.3f', latency:percentile(95) / 1000),
    string.format('"p99_ms":%.3f', latency:percentile(99) / 1000),
    string.format('"max_ms":%.3f', latency.max / 1000),
    string.format('"mean_ms":%.3f', latency.mean / 1000),
    string.format('"non_2xx":%d', non_2xx),
    '"status_detail":' .. tostring(status_detail),
    string.format(
      '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d}',
      errors.connect, errors.read, errors.write, errors.timeout
    ),
    string.format('"timeouts":%d', errors.timeout),
    '"statuses":' .. json_object(merged, tostring),
    '"samples":' .. json_object(merged_samples, json_string),
  }
  local line = "{" .. table.concat(fields, ",") .. "}"
  io.write("BENCH_RESULT " .. line .. "\n")

  local out = os.getenv("BENCH_OUT")
  if out and out ~= "" then
    -- The whole latency histogram (microseconds -> count), so several wrk processes'
    -- runs can be merged into exact percentiles.
    local buckets = {}
    for i = 1, #latency do
      local value, count = latency(i)
      buckets[#buckets + 1] = string.format("[%d,%d]", value, count)
    end
    local file = assert(io.open(out, "w"))
    file:write(string.sub(line, 1, -2) .. ',"histogram_us":[' .. table.concat(buckets, ",") .. "]}\n")
    file:close()
  end
end
