-- GET /health/live: the baseline (the cheapest request the pipeline can answer).
dofile(os.getenv("LOAD_DIR") .. "/report.lua")
wrk.method = "GET"
wrk.path = "/health/live"
