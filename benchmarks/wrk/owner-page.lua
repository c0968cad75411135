-- wrk script: the owner-filtered page of 100 (benchmarks/README.md, "HTTP load").
--
--   curl -s 'http://127.0.0.1:7307/api/catalog/entity-facets?facet=spec.owner&filter=kind%3Dcomponent' \
--     | jq -r '.facets["spec.owner"][].value' > /tmp/owners.txt
--   wrk -t2 -c50 -d30s --latency -s benchmarks/wrk/owner-page.lua http://127.0.0.1:7307 -- /tmp/owners.txt
--
-- Each request asks for
--   GET /api/catalog/entities/by-query?limit=100&filter=kind%3Dcomponent%2Cspec.owner%3D<owner>
-- with <owner> drawn uniformly at random from the file (one owner per line), as the Java
-- HttpLoadBenchmark client does. Set the environment variable TOKEN to send
-- "Authorization: Bearer $TOKEN" (not needed when serve runs without auth; see the README).
-- Any non-2xx answer is counted by wrk as "Non-2xx or 3xx responses" and printed by done() below.

local owners = {}

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function load(path)
  local list = {}
  local f = assert(io.open(path, "r"), "cannot open owners file " .. tostring(path))
  for line in f:lines() do
    line = line:gsub("%s+$", "")
    if line ~= "" then
      list[#list + 1] = "/api/catalog/entities/by-query?limit=100&filter="
          .. urlencode("kind=component,spec.owner=" .. line)
    end
  end
  f:close()
  assert(#list > 0, "no owners in " .. path)
  return list
end

local thread_counter = 0
function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("thread_id", thread_counter)
end

function init(args)
  owners = load(args[1] or "owners.txt")
  -- a different random stream per thread (wrk runs each thread in its own Lua state)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
  wrk.headers["Accept"] = "application/json"
  local token = os.getenv("TOKEN")
  if token and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

function request()
  return wrk.format("GET", owners[math.random(#owners)])
end

function done(summary, latency, requests)
  io.write(string.format(
      "owner-page: %d requests, %.0f req/s, errors connect %d read %d write %d status %d timeout %d;"
          .. " latency ms p50 %.1f p90 %.1f p99 %.1f max %.1f\n",
      summary.requests, summary.requests / (summary.duration / 1e6),
      summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
      summary.errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000))
end
