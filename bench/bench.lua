-- One wrk script for every scenario of bench/run.py, configured through the environment:
--   BENCH_METHOD    GET (default) or POST
--   BENCH_PATH      request path; may hold {id} (cycled through BENCH_IDS) and {n}
--   BENCH_BODY      request body; may hold {n} (unique per request in the run) and {id}
--   BENCH_HEADERS   "Name: value" lines; values may hold {n}, {id} and {ip}
--   BENCH_IDS       comma-separated ids to cycle through
--   BENCH_THREADS   wrk's -t, so that the threads share the ids out between them
--   BENCH_RUN       this wrk run's number (1-99): keeps {n} and {ip} apart from other runs'
--   BENCH_STATUSES  set to count responses by status (costs wrk a little, so writes only)
-- done() prints one line "BENCH-JSON {...}" that run.py reads.

local method = os.getenv("BENCH_METHOD") or "GET"
local path_template = os.getenv("BENCH_PATH") or "/"
local body_template = os.getenv("BENCH_BODY")
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")
local run = tonumber(os.getenv("BENCH_RUN") or "0")
local ids = {}
for id in string.gmatch(os.getenv("BENCH_IDS") or "", "[^,]+") do
  ids[#ids + 1] = id
end
local header_templates = {}
for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
  local name, value = line:match("^([^:]+):%s*(.*)$")
  if name then
    header_templates[name] = value
  end
end

local function templated(text)
  return text and text:find("{", 1, true) ~= nil
end

local dynamic = templated(path_template) or templated(body_template)
for _, value in pairs(header_templates) do
  dynamic = dynamic or templated(value)
end

-- setup() runs in the main Lua state once per wrk thread: number the threads so that
-- request serials are unique across them, and keep them for done().
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  statuses = {}
end

if dynamic then
  function request()
    n = n + 1
    -- Unique across the threads of this run and across runs: a repeated submission token is
    -- answered like the first (nothing new stored), a repeated address is refused a vote.
    local serial = run * 1000000000 + tid * 100000000 + n
    local id = #ids > 0 and ids[(n * thread_count + tid) % #ids + 1] or ""
    -- Isso keeps one vote per (anonymised) address: the last octet is dropped, so the run,
    -- the thread and the request number go in the first three.
    local ip = string.format(
      "%d.%d.%d.1", 100 + run, tid * 64 + math.floor(n / 256) % 64, n % 256)
    local function fill(text)
      if not text then
        return nil
      end
      return (text:gsub("{n}", tostring(serial)):gsub("{id}", id):gsub("{ip}", ip))
    end
    local headers = {}
    for name, value in pairs(header_templates) do
      headers[name] = fill(value)
    end
    return wrk.format(method, fill(path_template), headers, fill(body_template))
  end
else
  wrk.method = method
  wrk.path = path_template
  wrk.body = body_template
  for name, value in pairs(header_templates) do
    wrk.headers[name] = value
  end
end

if os.getenv("BENCH_STATUSES") then
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local seen = thread:get("statuses")
    if seen then
      for status, count in pairs(seen) do
        totals[status] = (totals[status] or 0) + count
      end
    end
  end
  local counts = {}
  for status, count in pairs(totals) do
    table.insert(counts, string.format('"%d":%d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"mean_us":%.1f,"statuses":{%s}}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read,
    errors.write, errors.status, errors.timeout, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    table.concat(counts, ",")))
end
