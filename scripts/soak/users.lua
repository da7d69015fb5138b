-- wrk script of the soak (scripts/soak.sh): many simulated users on every wrk thread,
-- each with its own cookie jar and at most one request in flight; every request reads
-- and changes the user's session (scripts/soak/app.php), and every answer is checked
-- against the counter the user expects.
--
-- wrk gives each thread one Lua state and does not tell response() which connection (so
-- which request) it answers. So every request names its user (GET /?u=USER), the page
-- names the user back, request() takes a free user and response() frees the user the
-- answer names. An answer that names none (an nginx error page) leaves its user busy for
-- the rest of the run, as does a request that got no answer (reset, timeout): both are
-- errors anyway, and there are many more users than connections.
--
-- The jar: wrk keeps only the last header of a name, Set-Cookie included. An answer that
-- changes the session sets the data cookie and nothing else, except the first answer of
-- a session, which sets the id cookie first and the data cookie last: for that one the
-- page names the new id in its body (" sid=ID") and the jar files it under the id
-- cookie's name. A cookie wrk hands over is kept as a browser would keep it, and dropped
-- when the server expires it.
--
-- Arguments (after --): users per thread, progress directory, id cookie name (PHPSESSID).
-- Each thread rewrites PROGRESS_DIR/thread-N about once a second, one line of running
-- totals: "responses ok lost bad non200 unmatched spare" (see done()).
-- done() prints one line for scripts/soak.sh, with wrk's own counts first:
--   RESULT requests=.. seconds=.. connect=.. read=.. write=.. timeout=.. status=..
--          responses=.. ok=.. lost=.. bad=.. non200=.. unmatched=.. spare=..
--          users=.. users_ok=.. n_min=.. n_max=..

local threads = {}

-- Once per thread, before any starts: number it (1, 2, ...) and keep it for done().
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_number", #threads)
end

local users = {}     -- index -> { id, busy, expected, good, jar = {name -> value}, request }
local free = {}      -- queue of the indexes of users with no request in flight, oldest
local head, tail = 1, 1 -- first, so every user gets its turn: free[head .. tail - 1]
local base = 0       -- this thread's first user id minus one (ids are unique across threads)
local id_cookie = "PHPSESSID"
local progress_path = nil
local last_write = 0
local spare_request = nil

-- Running totals; globals, so done() can read them with thread:get().
responses = 0  -- every answer wrk handed to response()
ok = 0         -- the user's session, its counter one more than the user's last answer
lost = 0       -- a counter that is not the expected one: the session was lost or rolled back
bad = 0        -- the page found another user's session, or a payload not matching its counter
non200 = 0     -- any status but 200
unmatched = 0  -- a 200 that names no user of this thread waiting for an answer
spare = 0      -- requests sent while every user was busy (a health check, no session)
users_ok = 0   -- users with at least one good answer
n_min = 0      -- the lowest and highest counter the users held at the last snapshot
n_max = 0      -- (at most a second before the end)
user_count = 0

-- The user's next request, with its jar as the Cookie header (in any order: PHP reads
-- cookies by name).
local function rebuild(u)
  local parts = {}
  for name, value in pairs(u.jar) do
    parts[#parts + 1] = name .. "=" .. value
  end
  local headers = {}
  if #parts > 0 then
    headers["Cookie"] = table.concat(parts, "; ")
  end
  u.request = wrk.format("GET", "/?u=" .. u.id, headers)
end

-- One Set-Cookie header into the jar: kept, or dropped when the server expires the
-- cookie (an empty value or PHP's "deleted", with Max-Age=0).
local function remember(u, set_cookie)
  local name, value, attributes = set_cookie:match("^([^=;]+)=([^;]*)(.*)")
  if name == nil then
    return
  end
  if value == "" or value == "deleted" or attributes:lower():find("max-age=0", 1, true) then
    u.jar[name] = nil
  else
    u.jar[name] = value
  end
end

function init(args)
  user_count = tonumber(args[1]) or 100
  if args[2] ~= nil and args[2] ~= "" then
    progress_path = args[2] .. "/thread-" .. thread_number
  end
  id_cookie = args[3] or id_cookie
  base = (thread_number - 1) * user_count
  for i = 1, user_count do
    local u = { id = base + i, busy = false, expected = 0, good = false, jar = {} }
    rebuild(u)
    users[i] = u
    free[tail] = i
    tail = tail + 1
  end
  spare_request = wrk.format("GET", "/", {})
end

-- wrk calls request() once before the first thread starts, to check what it returns
-- (script_verify_request): a user taken then would never get an answer. So the first call
-- in every thread gets the request that names no user (uncounted; a real one on the
-- other threads, harmless).
local first_call = true

function request()
  if first_call then
    first_call = false
    return spare_request
  end
  if head == tail then
    spare = spare + 1
    return spare_request
  end
  local i = free[head]
  free[head] = nil
  head = head + 1
  users[i].busy = true
  return users[i].request
end

local function write_progress()
  if progress_path == nil then
    return
  end
  local f = io.open(progress_path .. ".tmp", "w")
  if f ~= nil then
    f:write(string.format("%d %d %d %d %d %d %d\n", responses, ok, lost, bad, non200, unmatched, spare))
    f:close()
    os.rename(progress_path .. ".tmp", progress_path)
  end
end

-- About once a second: the progress file, and the lowest and highest counter the
-- thread's users hold (for done(), which can read globals only).
local function snapshot()
  local lo, hi = nil, 0
  for _, u in ipairs(users) do
    lo = math.min(lo or u.expected, u.expected)
    hi = math.max(hi, u.expected)
  end
  n_min, n_max = lo or 0, hi
  write_progress()
end

function response(status, headers, body)
  responses = responses + 1
  if responses % 256 == 0 then
    local now = os.time()
    if now ~= last_write then
      last_write = now
      snapshot()
    end
  end
  if status ~= 200 then
    non200 = non200 + 1
    return
  end
  local id, rest = body:match("^u=(%d+) (.*)")
  local u = id and users[tonumber(id) - base]
  if u == nil or not u.busy then
    if body:sub(1, 1) ~= "{" then -- "{": the answer to a spare request
      unmatched = unmatched + 1
    end
    return
  end
  u.busy = false
  free[tail] = tonumber(id) - base
  tail = tail + 1
  local n = tonumber(rest:match("^n=(%d+)"))
  if n == nil then -- "bad=...": start again with an empty jar
    bad = bad + 1
    u.jar, u.expected = {}, 0
    rebuild(u)
    return
  end
  if n == u.expected + 1 then
    ok = ok + 1
    if not u.good then
      u.good = true
      users_ok = users_ok + 1
    end
  else
    lost = lost + 1 -- and carry on with the session the server answered with
  end
  u.expected = n
  local sid = rest:match(" sid=([%w,-]+)")
  if sid ~= nil then
    u.jar[id_cookie] = sid
  end
  local set_cookie = headers["Set-Cookie"] or headers["set-cookie"]
  if set_cookie ~= nil then
    remember(u, set_cookie)
  end
  rebuild(u)
end

function done(summary, latency, requests)
  local sum = { responses = 0, ok = 0, lost = 0, bad = 0, non200 = 0, unmatched = 0, spare = 0,
    users = 0, users_ok = 0 }
  local lowest, highest = nil, 0
  for _, thread in ipairs(threads) do
    for name, _ in pairs(sum) do
      local key = name == "users" and "user_count" or name
      sum[name] = sum[name] + (thread:get(key) or 0)
    end
  end
  for _, thread in ipairs(threads) do
    local lo, hi = thread:get("n_min"), thread:get("n_max")
    if lo ~= nil then lowest = math.min(lowest or lo, lo) end
    if hi ~= nil then highest = math.max(highest, hi) end
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.3f connect=%d read=%d write=%d timeout=%d status=%d"
    .. " responses=%d ok=%d lost=%d bad=%d non200=%d unmatched=%d spare=%d users=%d users_ok=%d"
    .. " n_min=%d n_max=%d\n",
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.timeout, e.status,
    sum.responses, sum.ok, sum.lost, sum.bad, sum.non200, sum.unmatched, sum.spare, sum.users,
    sum.users_ok, lowest or 0, highest))
end
