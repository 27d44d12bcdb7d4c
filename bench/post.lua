-- wrk script for bench/posting.py: every request sends the next prepared comment.
-- BENCH_POSTS names a file of lines "path<TAB>cookie<TAB>form body" (a signed-in resident's
-- session cookie, and a form with its CSRF token and a submission token of its own);
-- BENCH_THREADS is wrk's -t. Thread n sends lines n, n + threads, n + 2 * threads, ...; when its
-- lines run out it starts again, and the server stores a form sent twice once.

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  lines = {}
  for line in io.lines(os.getenv("BENCH_POSTS")) do
    lines[#lines + 1] = line
  end
  step = tonumber(os.getenv("BENCH_THREADS"))
  index = id - step
end

function request()
  index = index + step
  if lines[index] == nil then
    index = id
  end
  local path, cookie, body = lines[index]:match("^([^\t]*)\t([^\t]*)\t(.*)$")
  return wrk.format("POST", path, {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end
