-- Counts responses by status and prints one line of JSON for bench/http_harness.py:
--   WRK_RESULT {"requests": ..., "latency_us": {"p50": ...}, "status": {...}, ...}
-- Used alone for one URL; bench/wrk/mixed.lua adds a rotating list of paths to it.

local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  status_2xx, status_3xx, status_4xx, status_5xx = 0, 0, 0, 0
  status_404, status_429, status_other = 0, 0, 0
  if start_paths then
    start_paths(args)
  end
end

function response(status, headers, body)
  if status == 404 then
    status_404 = status_404 + 1
  elseif status == 429 then
    status_429 = status_429 + 1
  end
  if status >= 200 and status < 300 then
    status_2xx = status_2xx + 1
  elseif status >= 300 and status < 400 then
    status_3xx = status_3xx + 1
  elseif status >= 400 and status < 500 then
    status_4xx = status_4xx + 1
  elseif status >= 500 and status < 600 then
    status_5xx = status_5xx + 1
  else
    status_other = status_other + 1
  end
end

local names = {"2xx", "3xx", "4xx", "5xx", "404", "429", "other"}

function done(summary, latency, requests)
  local totals = {}
  for _, name in ipairs(names) do
    totals[name] = 0
    for _, thread in ipairs(threads) do
      totals[name] = totals[name] + (thread:get("status_" .. name) or 0)
    end
  end
  local status = {}
  for _, name in ipairs(names) do
    table.insert(status, string.format('"%s": %d', name, totals[name]))
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"latency_us": {"p50": %d, "p95": %d, "p99": %d, "mean": %.1f, "max": %d}, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}, ' ..
    '"status": {%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    table.concat(status, ", ")))
end
