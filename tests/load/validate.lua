-- POST /v1/references/validate, cycling through distinct references of realistic-10k.jsonl
-- (one JSON body per line of $LOAD_VALIDATE_BODIES, prepared by run-load.sh).
dofile(os.getenv("LOAD_DIR") .. "/report.lua")
wrk.headers["Content-Type"] = "application/json"
local requests = {}
local i = 0

-- Built in init, per thread: wrk sets the Host header only then, and HTTP/1.1 without Host is a 400.
function init(args)
  for line in io.lines(os.getenv("LOAD_VALIDATE_BODIES")) do
    requests[#requests + 1] = wrk.format("POST", "/v1/references/validate", nil, line)
  end
end

function request()
  i = i % #requests + 1
  return requests[i]
end
