import { assert, assertEquals } from "../../_helpers/assert.ts";
import { checkBearer, constantTimeEqual } from "../../../lib/serve/auth.ts";
import { ProblemError } from "../../../lib/serve/problem.ts";

const req = (auth?: string) =>
  new Request("http://x/", auth === undefined ? {} : { headers: { authorization: auth } });

Deno.test("constantTimeEqual() tells equal and different secrets apart, whatever their lengths", async () => {
  assertEquals(await constantTimeEqual("abc", "abc"), true);
  assertEquals(await constantTimeEqual("abc", "abd"), false);
  assertEquals(await constantTimeEqual("abc", "abcd"), false);
  assertEquals(await constantTimeEqual("", ""), true);
});

Deno.test("checkBearer() accepts the right token and passes everything when none is set", async () => {
  await checkBearer(req("Bearer s3cret"), "s3cret");
  await checkBearer(req("bearer   s3cret"), "s3cret");
  await checkBearer(req(), undefined);
});

Deno.test("checkBearer() answers 401 with WWW-Authenticate for a missing or wrong token", async () => {
  for (const auth of [undefined, "Bearer nope", "Basic czNjcmV0", "s3cret", "Bearer "]) {
    const err = await checkBearer(req(auth), "s3cret").catch((e) => e);
    assert(err instanceof ProblemError, String(auth));
    assertEquals(err.status, 401);
    assertEquals(err.headers["www-authenticate"], 'Bearer realm="chronos-deno"');
    assert(!err.message.includes("s3cret"));
  }
});
