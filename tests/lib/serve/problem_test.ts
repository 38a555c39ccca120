import { assertEquals } from "../../_helpers/assert.ts";
import { problemBody, ProblemError, problemResponse } from "../../../lib/serve/problem.ts";

Deno.test("problemResponse() writes RFC 9457 members, the fields and the headers", async () => {
  const r = problemResponse(
    new ProblemError(429, "queue-full", "Full: retry in 1 s", {
      headers: { "retry-after": "1" },
      errors: [{ pointer: "/inputs", detail: "Too many" }],
    }),
    "/v1/forecast",
  );
  assertEquals(r.status, 429);
  assertEquals(r.headers.get("content-type"), "application/problem+json");
  assertEquals(r.headers.get("retry-after"), "1");
  assertEquals(await r.json(), {
    type: "https://chronos-deno.dev/problems/queue-full",
    title: "Too many requests",
    status: 429,
    detail: "Full: retry in 1 s",
    instance: "/v1/forecast",
    errors: [{ pointer: "/inputs", detail: "Too many" }],
  });
});

Deno.test("problemBody() hides an unexpected error's message and stack", () => {
  const err = new TypeError("Cannot read x of undefined at /home/me/secret.ts:12");
  const body = problemBody(err, "/v1/forecast");
  assertEquals(body.status, 500);
  assertEquals(JSON.stringify(body).includes("secret"), false);
  assertEquals(JSON.stringify(body).includes("at "), false);
});
