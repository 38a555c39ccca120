/**
 * Redaction of credentials in anything shown to a user: URLs with
 * `user:pass@` or token query parameters, and free text (a server's error
 * body, an exception message) that may echo an Authorization header, a
 * Bearer/Basic value, a JSON `"token"` field or one of the tokens this
 * process was configured with.
 *
 * @module
 */

/** What replaces a secret. */
export const REDACTED = "***";

/** Query parameter and JSON field names whose values are credentials. */
const SECRET_NAMES =
  "access_token|refresh_token|id_token|token|api_key|apikey|api-key|password|passwd|secret|" +
  "client_secret|signature|sig|x-amz-signature|x-amz-security-token";

const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s"'<>]*@/gi;
const QUERY_SECRET = new RegExp(`([?&;](?:${SECRET_NAMES})=)[^&#\\s"'<>]*`, "gi");
const HEADER_SECRET = new RegExp(
  `((?:proxy-)?authorization|x-api-key|cookie|set-cookie|x-auth-token)(["']?\\s*[:=]\\s*["']?)` +
    `(?:(bearer|basic|token|digest)\\s+)?[^\\s"',;}]+`,
  "gi",
);
const JSON_SECRET = new RegExp(`(["'](?:${SECRET_NAMES})["']\\s*:\\s*["'])[^"']*`, "gi");
// A value after Bearer/Basic counts when it has a digit, a capital or a symbol (not a plain word).
const SCHEME_SECRET =
  /\b([Bb]earer|[Bb]asic|BEARER|BASIC)(\s+)(?=[a-z]*[A-Z0-9._~+/=-])[A-Za-z0-9._~+/=-]{6,}/g;
const TOKEN_SHAPES = /\b(hf_|ghp_|gho_|github_pat_|sk-|xox[bpas]-)[A-Za-z0-9_-]{12,}/g;

/**
 * A URL as it may be shown: any `user:pass@` (or token@) part and the values
 * of credential-like query parameters replaced by `***`. Text that is not a
 * URL is returned with the same replacements applied where they match.
 *
 * @param url the URL (absolute or not)
 * @returns the URL without credentials
 * @example Usage
 * ```ts
 * import { redactUrl } from "./redact.ts";
 * import assert from "node:assert/strict";
 * assert.equal(redactUrl("http://user:pass@host:5000/api?token=abc&x=1"), "http://***@host:5000/api?token=***&x=1");
 * ```
 */
export function redactUrl(url: string): string {
  return url.replace(USERINFO, `$1${REDACTED}@`).replace(QUERY_SECRET, `$1${REDACTED}`);
}

/**
 * Free text with everything that looks like a credential replaced by `***`:
 * the given secrets (also URL- and base64-encoded forms are the caller's to
 * list), Authorization/Cookie header values, `Bearer …`/`Basic …` values,
 * `user:pass@` in URLs, credential-like query parameters and JSON fields,
 * and well-known token shapes (`hf_…`, `ghp_…`, `sk-…`).
 *
 * @param text the text, e.g. a server's error body
 * @param secrets values known to be secret (tokens, passwords); those shorter than 4 characters are ignored
 * @returns the text without credentials
 * @example Usage
 * ```ts
 * import { redactSecrets } from "./redact.ts";
 * import assert from "node:assert/strict";
 * const body = '{"error": "bad header Authorization: Bearer s3cr3t-token"}';
 * assert.equal(redactSecrets(body), '{"error": "bad header Authorization: Bearer ***"}');
 * assert.equal(redactSecrets("you sent hunter22", ["hunter22"]), "you sent ***");
 * ```
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  const known = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4)
    .flatMap((s) => [s, encodeURIComponent(s)])
    .sort((a, b) => b.length - a.length);
  for (const s of known) out = out.split(s).join(REDACTED);
  return out
    .replace(
      HEADER_SECRET,
      (_m, name: string, sep: string, scheme?: string) =>
        `${name}${sep}${scheme ? `${scheme} ` : ""}${REDACTED}`,
    )
    .replace(SCHEME_SECRET, `$1$2${REDACTED}`)
    .replace(USERINFO, `$1${REDACTED}@`)
    .replace(QUERY_SECRET, `$1${REDACTED}`)
    .replace(JSON_SECRET, `$1${REDACTED}`)
    .replace(TOKEN_SHAPES, `$1${REDACTED}`);
}
