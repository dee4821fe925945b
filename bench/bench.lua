-- One wrk script for every scenario of bench/run.py, configured through the environment:
--   BENCH_METHOD    GET (default) or POST
--   BENCH_PATH      request path; may hold {id} (cycled through BENCH_IDS) and {n}
--   BENCH_BODY      request body; may hold {n} (unique per request in the run) and {id}
--   BENCH_HEADERS   "Name: value" lines; values may hold {n}, {id} and {ip}
--   BENCH_IDS       comma-separated ids to cycle through
--   BENCH_THREADS   wrk's -t, so that the threads share the ids out between them
--   BENCH_RUN       this wrk run's number (1-99): keeps {n} and {ip} apart from other runs'
--   BENCH_STATUSES  set to count responses by status (costs wrk a little, so writes only)
--   BENCH_KINDS     a mixed load: how many kinds of request; kind k (1..BENCH_KINDS) is
--                   configured by BENCH_METHOD_k, BENCH_PATH_k, BENCH_BODY_k, BENCH_HEADERS_k
--                   and BENCH_WEIGHT_k (its share: requests cycle through the kinds by weight)
--   BENCH_PORTS     comma-separated ports on 127.0.0.1: wrk thread t sends all its requests to
--                   port t (cycling), so the connections are spread evenly over the servers
-- done() prints one line "BENCH-JSON {...}" that run.py reads.

local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")
local run = tonumber(os.getenv("BENCH_RUN") or "0")
local ids = {}
for id in string.gmatch(os.getenv("BENCH_IDS") or "", "[^,]+") do
  ids[#ids + 1] = id
end

local function templated(text)
  return text and text:find("{", 1, true) ~= nil
end

local function kind_from_env(suffix, weight)
  local kind = {
    method = os.getenv("BENCH_METHOD" .. suffix) or "GET",
    path = os.getenv("BENCH_PATH" .. suffix) or "/",
    body = os.getenv("BENCH_BODY" .. suffix),
    headers = {},
    weight = weight,
  }
  for line in string.gmatch(os.getenv("BENCH_HEADERS" .. suffix) or "", "[^\n]+") do
    local name, value = line:match("^([^:]+):%s*(.*)$")
    if name then
      kind.headers[name] = value
    end
  end
  return kind
end

local kinds = {}
local kind_count = tonumber(os.getenv("BENCH_KINDS") or "0")
if kind_count > 0 then
  for k = 1, kind_count do
    kinds[k] = kind_from_env("_" .. k, tonumber(os.getenv("BENCH_WEIGHT_" .. k) or "1"))
  end
else
  kinds[1] = kind_from_env("", 1)
end
-- The cycle of kinds, by weight, each kind spread evenly through it (smooth weighted
-- round-robin, as nginx balances upstreams): {1, 2, 1, 3, 1} for weights 3, 1, 1. In a run
-- of its kind (1, 1, 1, 2, 3), the writes of a mix would arrive together, as readers
-- independent of each other do not send them.
local cycle, credit, total = {}, {}, 0
for k, kind in ipairs(kinds) do
  credit[k] = 0
  total = total + kind.weight
end
for _ = 1, total do
  local chosen = 1
  for k, kind in ipairs(kinds) do
    credit[k] = credit[k] + kind.weight
    if credit[k] > credit[chosen] then
      chosen = k
    end
  end
  credit[chosen] = credit[chosen] - total
  cycle[#cycle + 1] = chosen
end

local dynamic = #kinds > 1
for _, kind in ipairs(kinds) do
  dynamic = dynamic or templated(kind.path) or templated(kind.body)
  for _, value in pairs(kind.headers) do
    dynamic = dynamic or templated(value)
  end
end

local ports = {}
for port in string.gmatch(os.getenv("BENCH_PORTS") or "", "[^,]+") do
  ports[#ports + 1] = port
end

-- setup() runs in the main Lua state once per wrk thread: number the threads so that
-- request serials are unique across them, and keep them for done().
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  if #ports > 0 then
    thread.addr = wrk.lookup("127.0.0.1", ports[#threads % #ports + 1])[1]
  end
  table.insert(threads, thread)
end

function init(args)
  n = 0
  statuses = {}
end

if dynamic then
  function request()
    n = n + 1
    local kind = kinds[cycle[(n - 1) % #cycle + 1]]
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
    for name, value in pairs(kind.headers) do
      headers[name] = fill(value)
    end
    return wrk.format(kind.method, fill(kind.path), headers, fill(kind.body))
  end
else
  local kind = kinds[1]
  wrk.method = kind.method
  wrk.path = kind.path
  wrk.body = kind.body
  for name, value in pairs(kind.headers) do
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
