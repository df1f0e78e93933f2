/** A service process's Prometheus text from its ops server (`/metrics`), for the benchmarks. */
export async function metricsText(opsPort: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${opsPort}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics on :${opsPort} answered ${response.status}`);
  return response.text();
}
