-- Rotates through requests read from the file named by REQUESTS, one "<cookie>\t<path>" a line (a
-- member's session and one of its companies' projects, say), picked at random, so no single answer
-- is measured.
local lines = {}

init = function(args)
  for line in io.lines(os.getenv("REQUESTS")) do
    local cookie, path = line:match("^([^\t]*)\t(.+)$")
    if path then
      lines[#lines + 1] = { cookie = cookie, path = path }
    end
  end
  math.randomseed(os.time() + #tostring({}))
end

request = function()
  local r = lines[math.random(#lines)]
  return wrk.format("GET", r.path, { Cookie = r.cookie })
end
