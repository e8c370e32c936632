-- POST /v1/references/validate/batch with one body of 1,000 references ($LOAD_BATCH_BODY, prepared by run-load.sh).
dofile(os.getenv("LOAD_DIR") .. "/report.lua")
local file = assert(io.open(os.getenv("LOAD_BATCH_BODY"), "rb"))
wrk.method = "POST"
wrk.path = "/v1/references/validate/batch"
wrk.headers["Content-Type"] = "application/json"
wrk.body = file:read("*a")
file:close()
