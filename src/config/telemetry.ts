// Tracing settings: whether the gateway exports OpenTelemetry traces, and where to (OTLP over HTTP).
import { z } from 'zod';

export const TelemetrySchema = z.object({
  /** Export one span per HTTP request and one per upstream call. Default false: the OpenTelemetry API stays a no-op. */
  enabled: z.boolean().default(false),
  /** The collector's OTLP/HTTP base URL, e.g. `http://collector:4318`; spans are POSTed to `<otlpEndpoint>/v1/traces`. */
  otlpEndpoint: z.url({ protocol: /^https?$/ }).optional(),
  /** `service.name` of the exported spans. */
  serviceName: z.string().min(1).default('commune-gateway'),
}).strict().refine((telemetry) => !telemetry.enabled || telemetry.otlpEndpoint !== undefined, {
  message: 'otlpEndpoint is required when telemetry is enabled',
  path: ['otlpEndpoint'],
});

export type TelemetryConfig = z.infer<typeof TelemetrySchema>;
