-- Cache busting: every request asks for one page with a random ?nc= value.
-- PAGE (environment, default /films/her-2013/) is the page; prints one RESULT line.
local page = os.getenv("PAGE") or "/films/her-2013/"
local threads = {}

function setup(thread)
  thread:set("seed", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  non2xx = 0
  math.randomseed(os.time() * 100 + seed)
end

function request()
  return wrk.format("GET", page .. "?nc=" .. math.random(1, 1000000000))
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format(
    "RESULT {\"requests\": %d, \"seconds\": %.2f, \"rps\": %.1f, \"p50_ms\": %.2f, " ..
    "\"p99_ms\": %.2f, \"non_2xx\": %d, \"socket_errors\": %d}\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    bad, e.connect + e.read + e.write + e.timeout))
end
