import assert from "node:assert/strict";
import { errorBody } from "../../../lib/net/error_body.ts";
import { httpRequest } from "../../../lib/net/http.ts";
import { startFaultServer } from "../../_helpers/fault_server.ts";

Deno.test("errorBody() quotes a server that echoes the Authorization header without the token", async () => {
  const server = startFaultServer({ kind: "echo", status: 400 });
  try {
    const res = await httpRequest(server.url, {
      headers: { authorization: "Bearer tok-9f8e7d6c5b", "x-user": "sam" },
    });
    const text = await errorBody(res, { secrets: ["tok-9f8e7d6c5b"] });
    assert.ok(!text.includes("9f8e7d6c5b"), text);
    assert.match(text, /authorization: Bearer \*\*\*/i);
    assert.match(text, /x-user: sam/);
  } finally {
    await server.close();
  }
});

Deno.test("errorBody() reads only the first bytes of a huge body and says its length", async () => {
  const body = "e".repeat(1_000_000);
  const server = startFaultServer({ kind: "status", codes: [500], body });
  try {
    const res = await httpRequest(server.url, { retries: 0 });
    const text = await errorBody(res, { maxBytes: 1000, maxChars: 50 });
    assert.equal(text, `${"e".repeat(50)}… (1000 characters)`);
  } finally {
    await server.close();
  }
});
