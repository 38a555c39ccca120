import { assertEquals, assertStrictEquals, assertThrows } from "../../_helpers/assert.ts";
import { createTracker, resolveTrackingUri } from "../../../lib/tracking/tracker.ts";

const env = (vars: Record<string, string>) => (k: string) => vars[k];

Deno.test("resolveTrackingUri() chooses the store as MLflow does", () => {
  assertEquals(resolveTrackingUri(undefined, env({})), { kind: "file", path: "./mlruns" });
  assertEquals(resolveTrackingUri(undefined, env({ MLFLOW_TRACKING_URI: "http://h:5000/" })), {
    kind: "rest",
    uri: "http://h:5000",
  });
  assertEquals(resolveTrackingUri("https://mlflow.example.com/prefix", env({})), {
    kind: "rest",
    uri: "https://mlflow.example.com/prefix",
  });
  assertEquals(resolveTrackingUri("file:///data/ml%20runs", env({})), {
    kind: "file",
    path: "/data/ml runs",
  });
  assertEquals(resolveTrackingUri("file:./runs", env({})), { kind: "file", path: "./runs" });
  assertEquals(resolveTrackingUri("/abs/mlruns", env({})), { kind: "file", path: "/abs/mlruns" });
  assertEquals(resolveTrackingUri("relative/dir", env({})), { kind: "file", path: "relative/dir" });
});

Deno.test("resolveTrackingUri() points database and Databricks URIs to mlflow server", () => {
  for (const uri of ["sqlite:///mlflow.db", "postgresql://u@h/db", "mysql+pymysql://h/db"]) {
    assertThrows(
      () => resolveTrackingUri(uri, env({})),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message.includes(`mlflow server --backend-store-uri ${uri.replace("u@", "***@")}`),
    );
  }
  assertThrows(() => resolveTrackingUri("databricks", env({})), /not supported/);
  assertThrows(
    () => resolveTrackingUri("s3://bucket/x", env({})),
    /http\(s\):\/\/ MLflow server URL/,
  );
});

Deno.test("createTracker() returns the file or REST tracker", () => {
  assertStrictEquals(createTracker({ uri: "/tmp/x", env: env({}) }).kind, "file");
  const rest = createTracker({ env: env({ MLFLOW_TRACKING_URI: "http://127.0.0.1:5000" }) });
  assertStrictEquals(rest.kind, "rest");
  assertStrictEquals(rest.uri, "http://127.0.0.1:5000");
});
