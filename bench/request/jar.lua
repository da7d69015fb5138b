-- wrk script: a cookie jar per connection, and a check that sessions survive.
-- The one jar kept outside scripts/lib/http.php (the scripts' HTTP client): wrk runs
-- this Lua inside its own connections, where no PHP client can be, and the load must
-- come from wrk (a PHP client would measure itself).
--
-- wrk gives each thread its own Lua state, and response() does not say which
-- connection answered. So run.sh uses exactly one connection per thread
-- (-c equal to -t): the thread's jar is that connection's jar, like one browser.
--
-- wrk keeps only the last header of a name (Set-Cookie included), so a response
-- that sets two cookies would lose one. The session id cookie is therefore
-- seeded per connection (a fresh random id; php accepts it with
-- session.use_strict_mode=0, its default) and never set by the server; the jar
-- keeps every other cookie the server sets (the sealed data cookie) and sends it
-- back, and drops a cookie the server expires. Every variant gets the seeded id,
-- the floors too: the cookie floor and the session floor thus send the same
-- Cookie header as the sealed variant (id, then the data cookie of the same
-- length), and PHP's session, finding its id in it, sets no id cookie.
--
-- Arguments (after --): session cookie name, and "check" to count responses
-- whose counter did not advance by one (a session that did not come back).
-- run.sh does not ask it for the floors: none and cookie keep no session, and
-- sessionfloor's handler shares one session across the whole process.
-- done() prints one line for run.sh:
--   RESULT requests=.. seconds=.. rps=.. p50_us=.. p99_us=.. errors=.. lost=..

local threads = {}
local counter = 1

function setup(thread)
  thread:set("thread_number", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local jar = {}        -- cookie name -> value
local order = {}      -- cookie names in the order first seen
local check = false
local previous = nil  -- counter in the previous response
lost = 0
bad_status = 0

local function session_id()
  local alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
  local id = {}
  for i = 1, 32 do
    local k = math.random(1, #alphabet)
    id[i] = alphabet:sub(k, k)
  end
  return table.concat(id)
end

local function cookie_header()
  local parts = {}
  for _, name in ipairs(order) do
    local value = jar[name]
    if value ~= nil then
      parts[#parts + 1] = name .. "=" .. value
    end
  end
  return table.concat(parts, "; ")
end

local cached_request = nil

local function rebuild()
  cached_request = wrk.format("GET", nil, { ["Cookie"] = cookie_header() })
end

function init(args)
  math.randomseed(os.time() * 1000 + thread_number * 7919 + math.floor(os.clock() * 1e6))
  local session_name = args[1] or "PHPSESSID"
  check = args[2] == "check"
  jar[session_name] = session_id()
  order[1] = session_name
  rebuild()
end

function request()
  return cached_request
end

-- Kept cheap (plain finds, no patterns over the value): this runs on the same two
-- cores as the server, once per response that sets a cookie.
local function remember(set_cookie)
  local equals = set_cookie:find("=", 1, true)
  if equals == nil then
    return
  end
  local name = set_cookie:sub(1, equals - 1)
  local semicolon = set_cookie:find(";", equals + 1, true)
  local value = set_cookie:sub(equals + 1, (semicolon or 0) - 1)
  local attributes = semicolon and set_cookie:sub(semicolon) or ""
  if value == "" or value == "deleted" or attributes:find("Max-Age=0", 1, true)
      or attributes:find("max-age=0", 1, true) then
    jar[name] = nil
  else
    if jar[name] == nil then
      local known = false
      for _, n in ipairs(order) do
        if n == name then known = true end
      end
      if not known then order[#order + 1] = name end
    end
    jar[name] = value
  end
  rebuild()
end

function response(status, headers, body)
  if status ~= 200 then
    bad_status = bad_status + 1
  end
  local set_cookie = headers["Set-Cookie"] or headers["set-cookie"]
  if set_cookie ~= nil then
    remember(set_cookie)
  end
  if check then
    local n = tonumber(body:match("n=(%d+)"))
    if n == nil or (previous ~= nil and n ~= previous + 1) then
      lost = lost + 1
    end
    previous = n
  end
end

function done(summary, latency, requests)
  local lost_total, bad_total = 0, 0
  for _, thread in ipairs(threads) do
    lost_total = lost_total + (thread:get("lost") or 0)
    bad_total = bad_total + (thread:get("bad_status") or 0)
  end
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout + bad_total  -- bad_total: every status but 200
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d errors=%d lost=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(99), errors, lost_total))
end
