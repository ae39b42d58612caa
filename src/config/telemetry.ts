// Tracing settings: whether the gateway exports OpenTelemetry traces, and where to (OTLP over HTTP).
import { z } from 'zod';

export const TelemetrySchema = z.object({
  enabled: z.boolean().default(false)
    .describe('Export one span per HTTP request and one per upstream call over OTLP/HTTP. Off: the OpenTelemetry API stays a no-op.'),
  otlpEndpoint: z.url({ protocol: /^https?$/ }).optional()
    .describe("The collector's OTLP/HTTP base URL, e.g. `http://collector:4318`; spans are POSTed to `<otlpEndpoint>/v1/traces`. Required when enabled."),
  serviceName: z.string().min(1).default('commune-gateway').describe('`service.name` of the exported spans.'),
}).strict().refine((telemetry) => !telemetry.enabled || telemetry.otlpEndpoint !== undefined, {
  message: 'otlpEndpoint is required when telemetry is enabled',
  path: ['otlpEndpoint'],
});

export type TelemetryConfig = z.infer<typeof TelemetrySchema>;
