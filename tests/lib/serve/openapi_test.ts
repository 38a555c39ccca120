import { assert, assertEquals } from "../../_helpers/assert.ts";
import { DEFAULT_LIMITS, resolveLimits } from "../../../lib/serve/limits.ts";
import { openApiDocument } from "../../../lib/serve/openapi.ts";

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, { properties?: Record<string, { maxItems?: number }> }> };
};

Deno.test("openApiDocument() describes every route with its problems", () => {
  const doc = openApiDocument(DEFAULT_LIMITS.request) as Doc;
  assertEquals(doc.openapi, "3.1.0");
  const forecast = doc.paths["/v1/forecast"]!.post!;
  assertEquals(Object.keys(forecast.responses).sort(), [
    "200",
    "400",
    "401",
    "404",
    "408",
    "413",
    "415",
    "422",
    "429",
    "503",
  ]);
  assertEquals(forecast.security, undefined);
  assert(doc.paths["/v1/admin/reload"]!.post!.security);
});

Deno.test("openApiDocument() publishes the limits the service enforces, and the token", () => {
  const limits = resolveLimits({ request: { maxSeries: 7 } }).request;
  const doc = openApiDocument(limits, { tokenRequired: true }) as Doc;
  assertEquals(doc.components.schemas.ForecastRequest!.properties!.inputs!.maxItems, 7);
  assertEquals(doc.paths["/v1/forecast"]!.post!.security, [{ bearer: [] }]);
});
