import { z } from 'zod';

// OpenTelemetry traces (optional): where spans go. config.ts merges the field into its schema
// and puts the result under `tracing`.

export const tracingFields = {
  /**
   * The OTLP/HTTP base address of a collector (the standard variable, e.g. http://otel-collector:4318);
   * spans go to <endpoint>/v1/traces. Unset: no traces are made or sent.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || /^https?:\/\/[^\s/]+(\/\S*)?$/.test(v), { message: 'must be an http(s) URL, e.g. http://otel-collector:4318' }),
};

type TracingEnv = z.infer<z.ZodObject<typeof tracingFields>>;

export interface TracingConfig {
  /** OTLP/HTTP base address; undefined when tracing is off. */
  endpoint?: string;
}

export function tracingConfig(e: TracingEnv): TracingConfig {
  return { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT };
}
