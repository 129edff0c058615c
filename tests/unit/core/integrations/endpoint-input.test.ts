import { describe, expect, it } from "vitest";
import { endpointInputSchema, endpointUrlProblem } from "~/core/integrations/endpoint-input";

describe("an endpoint's URL", () => {
  it.each([
    "https://hooks.example.com/crm",
    "https://hooks.example.com:8443/crm?shop=1",
    "http://localhost:4000/hook",
    "http://127.0.0.1:4000/hook",
    "http://[::1]:4000/hook",
  ])("takes %s", (url) => expect(endpointUrlProblem(url)).toBeNull());

  it.each([
    ["http://hooks.example.com/crm", "insecure"],
    ["http://10.0.0.5/hook", "insecure"],
    ["http://localhost.example.com/hook", "insecure"],
    ["ftp://hooks.example.com/", "invalid"],
    ["javascript:alert(1)", "invalid"],
    ["hooks.example.com/crm", "invalid"],
    ["https://user:pass@hooks.example.com/", "invalid"],
    ["", "invalid"],
  ])("refuses %s (%s)", (url, problem) => expect(endpointUrlProblem(url)).toBe(problem));
});

describe("a new endpoint", () => {
  it("needs a topic, takes each once and only known ones", () => {
    expect(endpointInputSchema.parse({ url: " https://a.example/h ", topics: ["loyalty.tier_changed", "loyalty.tier_changed"] })).toEqual({
      url: "https://a.example/h",
      topics: ["loyalty.tier_changed"],
    });
    expect(endpointInputSchema.safeParse({ url: "https://a.example/h", topics: [] }).success).toBe(false);
    expect(endpointInputSchema.safeParse({ url: "https://a.example/h", topics: ["test"] }).success).toBe(false);
    const insecure = endpointInputSchema.safeParse({ url: "http://a.example/h", topics: ["loyalty.points_earned"] });
    expect(insecure.success ? null : insecure.error.issues[0]?.message).toBe("insecure");
  });
});
