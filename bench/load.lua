-- make load: walk a list of pages round-robin and count every answer that is not 2xx.
-- The URL list comes from bench/results/load-urls.txt (one path per line), written by load.sh.
local urls = {}
for line in io.lines(os.getenv("LOAD_URLS") or "bench/results/load-urls.txt") do
  if #line > 0 then urls[#urls + 1] = line end
end
local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  non2xx = 0
  i = offset
end

function request()
  i = i % #urls + 1
  return wrk.format("GET", urls[i])
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
    "\"p99_ms\": %.2f, \"max_ms\": %.2f, \"non_2xx\": %d, \"socket_errors\": %d, \"urls\": %d}\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    bad, e.connect + e.read + e.write + e.timeout, #urls))
end
