import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { OsProfileRepository } from '../../store/store.js';

/** The Prometheus metrics of one app instance, in their own registry (never the global one). */
export interface ApiMetrics {
  readonly registry: Registry;
  /** Records one answered request. `route` is the route pattern, never the raw URL. */
  observe(method: string, route: string, status: number, seconds: number): void;
}

/** Latency buckets in seconds: API calls are milliseconds; the tail shows database stalls. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Creates request counters, a latency histogram and a gauge of OS profiles by source, which is
 * read from the store at scrape time (so replicas sharing a database agree). Project names are
 * labels only with `perProject`: orchd sets it when `/metrics` needs a token, since an open
 * endpoint would list every tenant's project to anyone who asks.
 */
export function createApiMetrics(
  profiles: Pick<OsProfileRepository, 'countBySource'>,
  options: { readonly perProject?: boolean } = {},
): ApiMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'orchd_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'orchd_http_request_duration_seconds',
    help: 'Time from request to response, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const perProject = options.perProject ?? false;
  new Gauge({
    name: 'orchd_os_profiles',
    help: perProject
      ? 'OS profiles stored, by project and source (default or custom).'
      : 'OS profiles stored, by source (default or custom), all projects together.',
    labelNames: perProject ? (['project', 'source'] as const) : (['source'] as const),
    registers: [registry],
    async collect() {
      const counts = await profiles.countBySource();
      this.reset();
      if (perProject) {
        for (const { project, source, count } of counts) this.set({ project, source }, count);
        return;
      }
      const bySource = new Map<string, number>();
      for (const { source, count } of counts) bySource.set(source, (bySource.get(source) ?? 0) + count);
      for (const [source, count] of bySource) this.set({ source }, count);
    },
  });
  return {
    registry,
    observe(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
  };
}
