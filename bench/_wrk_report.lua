-- wrk prints p50/75/90/99 only; bench/load.py needs p95 too, and the count of non-2xx answers.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    "JSON {\"requests\": %d, \"seconds\": %.6f, \"p50\": %d, \"p95\": %d, \"p99\": %d, \"bad_status\": %d, \"errors\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.status, errors))
end
