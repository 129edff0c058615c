import { z } from "zod";
import { outboundTopicSchema } from "./topics";

// What the merchant types for a new endpoint. Events carry the shop's loyalty data, so they go
// over TLS; plain http only to this machine (tests, the demo's own receiver).

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export type EndpointUrlProblem = "invalid" | "insecure";

export function endpointUrlProblem(value: string): EndpointUrlProblem | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "invalid";
  }
  if (url.username || url.password) return "invalid";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:") return LOCAL_HOSTS.has(url.hostname) ? null : "insecure";
  return "invalid";
}

export const endpointInputSchema = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .superRefine((value, context) => {
      const problem = endpointUrlProblem(value);
      if (problem) context.addIssue({ code: "custom", message: problem });
    }),
  topics: z.array(outboundTopicSchema).min(1).transform((topics) => [...new Set(topics)]),
});

export type EndpointInput = z.output<typeof endpointInputSchema>;
