import assert from "node:assert/strict";
import { REDACTED, redactSecrets, redactUrl } from "../../../lib/net/redact.ts";

Deno.test("redactUrl() removes user:pass@ and token-like query values", () => {
  assert.equal(redactUrl("http://user:pass@host/x"), "http://***@host/x");
  assert.equal(redactUrl("https://tok3n@huggingface.co/a"), "https://***@huggingface.co/a");
  assert.equal(
    redactUrl("https://h/p?access_token=abc&page=2&api_key=k"),
    "https://h/p?access_token=***&page=2&api_key=***",
  );
  assert.equal(redactUrl("http://127.0.0.1:5000/api/2.0"), "http://127.0.0.1:5000/api/2.0");
  assert.equal(redactUrl("not a url"), "not a url");
});

Deno.test("redactSecrets() hides echoed Authorization headers in any spelling", () => {
  const cases: [string, string][] = [
    ["Authorization: Bearer abcdef123456", `Authorization: Bearer ${REDACTED}`],
    ['{"authorization": "Basic dXNlcjpwYXNz"}', `{"authorization": "Basic ${REDACTED}"}`],
    [
      "headers={'Authorization': 'Bearer t0ken-value'}",
      `headers={'Authorization': 'Bearer ${REDACTED}'}`,
    ],
    ["proxy-authorization=sekrit", `proxy-authorization=${REDACTED}`],
    ["got bearer abc123defg from you", `got bearer ${REDACTED} from you`],
    ['{"token": "abc", "ok": 1}', `{"token": "${REDACTED}", "ok": 1}`],
    ["see http://u:p@host:1/", `see http://${REDACTED}@host:1/`],
    ["hf token hf_AbCdEfGhIjKlMnOpQrSt", `hf token hf_${REDACTED}`],
  ];
  for (const [input, want] of cases) assert.equal(redactSecrets(input), want, input);
});

Deno.test("redactSecrets() replaces the configured secrets, plain and URL-encoded", () => {
  const secret = "p@ss w/rd!";
  const text = `echo: ${secret} and ${encodeURIComponent(secret)}`;
  const out = redactSecrets(text, [secret, undefined, "ab"]);
  assert.equal(out, `echo: ${REDACTED} and ${REDACTED}`);
  assert.ok(!out.includes("rd!"));
});

Deno.test("redactSecrets() leaves ordinary text alone", () => {
  const text = "RESOURCE_DOES_NOT_EXIST: Experiment 'steel' not found (HTTP 404)";
  assert.equal(redactSecrets(text), text);
});

Deno.test("redactSecrets() keeps plain words after Bearer/Basic and the word token", () => {
  const text = "Basic authentication failed: invalid token provided";
  assert.equal(redactSecrets(text), text);
});
