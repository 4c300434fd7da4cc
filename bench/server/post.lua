-- wrk script of bench/server: POST the valid golden submissions round robin.
-- The request bytes are formatted once in init (wrk then only writes them), so the
-- load generator spends its CPU on the socket, not on building requests.
--   wrk -t1 -c16 -d10s -s bench/server/post.lua http://127.0.0.1:PORT/api/v1/verify -- FILE...
local reqs, n = {}, 0

function init(args)
  local path = wrk.path
  for _, name in ipairs(args) do
    local f = assert(io.open(name, "rb"))
    local body = f:read("*a")
    f:close()
    reqs[#reqs + 1] = wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
  end
  assert(#reqs > 0, "no submission files given")
end

function request()
  n = n % #reqs + 1
  return reqs[n]
end
