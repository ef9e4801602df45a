-- wrk script for crible-server: cycles through the request paths of a file (one per
-- line; WRK_URLS names it), each thread from its own offset, and counts non-2xx
-- answers, which wrk alone does not break down.
local paths = {}
local index = 0
local non2xx = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("WRK_URLS")) do
    if #line > 0 then table.insert(paths, line) end
  end
  index = (id or 0) * 37
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("non2xx") or 0) end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d " ..
    "socket_errors=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad,
    e.connect + e.read + e.write, e.timeout))
end
