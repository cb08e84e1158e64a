-- Hammering the list endpoint for benchmarks/overload.py (wrk 4.1, LuaJIT).
--
-- Every request is GET /api/v1/tasks as a user picked at random from BENCH_TOKENS (one
-- bearer token a line). A connection answered 503 waits for its Retry-After (1 s) before
-- its next request, as a well-behaved client does; without that, wrk would turn each
-- refusal into another request at once. done() prints one line: BENCH_RESULT {json}.

local tokens = {}
local count = 0
local back_off = false
refused = 0  -- read by done() through thread:get

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    count = count + 1
    tokens[count] = "Bearer " .. line
  end
end

function request()
  return wrk.format("GET", "/api/v1/tasks", {["Authorization"] = tokens[math.random(count)]})
end

function response(status, headers, body)
  if status == 503 then
    refused = refused + 1
    back_off = true
  end
end

function delay()
  if back_off then
    back_off = false
    return 1000
  end
  return 0
end

function done(summary, latency, requests)
  local total_refused = 0
  for _, thread in ipairs(threads) do
    total_refused = total_refused + thread:get("refused")
  end
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "refused_503": %d, "other_errors": %d, ' ..
    '"p50_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, "seconds": %.2f}\n',
    summary.requests, total_refused, summary.errors.status - total_refused
      + summary.errors.timeout + summary.errors.connect + summary.errors.read,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.duration / 1e6))
end
