import type { Tracer } from '@opentelemetry/api';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

/**
 * OpenTelemetry traces from the API's Temporal calls to the activities the act caused
 * (@temporalio/interceptors-opentelemetry's client and activity interceptors; the trace crosses
 * the workflow in a header, see workflows/tracing.interceptors.ts), sent over OTLP/HTTP to
 * OTEL_EXPORTER_OTLP_ENDPOINT. Spans carry ids and names of workflows, updates and activities,
 * never their arguments, so no personal data leaves in them.
 */
export interface Tracing {
  readonly enabled: boolean;
  /** The tracer for this service's interceptors (undefined when tracing is off). */
  readonly tracer?: Tracer;
  /** Sends the spans still buffered (before a process exits). */
  flush(): Promise<void>;
}

const off: Tracing = { enabled: false, flush: () => Promise.resolve() };
const installed = new Map<string, Tracing>();

/**
 * Tracing for one service of this process: off without an endpoint. With one, a tracer
 * provider of its own (so an API and a worker sharing a process, as in tests, keep their
 * service names), exporting in batches. The first one also registers the process's W3C
 * trace-context propagator (which carries a trace through Temporal's headers) and its
 * AsyncLocalStorage context.
 */
export function installTracing(serviceName: string, endpoint: string | undefined): Tracing {
  if (!endpoint) return off;
  const key = `${serviceName} ${endpoint}`;
  const existing = installed.get(key);
  if (existing) return existing;
  const resource = new Resource({ 'service.name': serviceName });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  if (installed.size === 0) provider.register();
  const tracing: Tracing = { enabled: true, tracer: provider.getTracer(serviceName), flush: () => provider.forceFlush() };
  installed.set(key, tracing);
  return tracing;
}
