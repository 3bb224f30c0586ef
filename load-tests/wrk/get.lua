-- The HTTP ceiling's request for wrk: the catalogue's business types, as one client address per
-- connection would be too few for the rate limit to matter (the run turns the limits off anyway).
function done(summary, latency, requests)
  io.write(string.format("answers/s %.0f (%d in %.1f s, non-2xx %d); latency p50 %.1f ms, p99 ms %.1f\n",
      summary.requests / (summary.duration / 1e6), summary.requests, summary.duration / 1e6,
      summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
