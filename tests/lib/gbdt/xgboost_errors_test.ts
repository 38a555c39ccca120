import { equal, match, ok } from "node:assert/strict";
import { XGBoostError, XGBoostUnavailableError } from "../../../lib/gbdt/xgboost_errors.ts";

Deno.test("XGBoostError names the call, the status and the library's text", () => {
  const e = new XGBoostError("XGBoosterUpdateOneIter", -1, "  label must be finite\n");
  ok(e instanceof Error);
  equal(
    e.message,
    'XGBoost call "XGBoosterUpdateOneIter" failed (status -1): label must be finite',
  );
  equal(
    new XGBoostError("X", -2, "").message,
    'XGBoost call "X" failed (status -2): no detail given',
  );
});

Deno.test("XGBoostUnavailableError lists the paths and says what to install", () => {
  const cause = new Error("dlopen failed");
  const e = new XGBoostUnavailableError(["a.so", "b.so"], { cause });
  match(e.message, /tried "a.so", "b.so"/);
  match(e.message, /apt-get install libxgboost0 libxgboost-dev/);
  match(e.message, /XGBOOST_LIBRARY/);
  equal(e.cause, cause);
});
