import { equal, match, ok, throws } from "node:assert/strict";
import { checkStatus, cString, pointerIn, xgboost } from "../../../lib/gbdt/xgboost_library.ts";
import { XGBoostError, XGBoostUnavailableError } from "../../../lib/gbdt/xgboost_errors.ts";

Deno.test("xgboost() opens Debian's library, version 1.x or later", () => {
  const lib = xgboost();
  const [major] = lib.version.split(".").map(Number);
  ok(major! >= 1, lib.version);
  equal(xgboost(), lib);
});

Deno.test("xgboost() names the package when no library can be opened", () => {
  const err = throws(
    () => xgboost(["/nonexistent/libxgboost.so"]),
    (e: unknown) => {
      ok(e instanceof XGBoostUnavailableError);
      match(e.message, /libxgboost0 libxgboost-dev/);
      match(e.message, /"\/nonexistent\/libxgboost.so"/);
      equal(e.tried.length, 1);
      return true;
    },
  );
  equal(err, undefined);
});

Deno.test("checkStatus() surfaces XGBGetLastError after a failed call", () => {
  const lib = xgboost().symbols;
  // A null booster handle makes the library fail with its own message.
  const status = lib.XGBoosterSetParam(null, cString("eta"), cString("0.1"));
  ok(status !== 0);
  throws(() => checkStatus("XGBoosterSetParam", status), (e: unknown) => {
    ok(e instanceof XGBoostError);
    equal(e.call, "XGBoosterSetParam");
    equal(e.status, status);
    ok(e.detail.length > 0, "the library's error text is carried");
    return true;
  });
});

Deno.test("cString() and pointerIn() marshal strings and out-pointers", () => {
  equal(new TextDecoder().decode(cString("max_depth").subarray(0, 9)), "max_depth");
  equal(cString("é").length, 3);
  equal(pointerIn(new BigUint64Array([0n])), null);
  ok(pointerIn(new BigUint64Array([4096n])) !== null);
});
