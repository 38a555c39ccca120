import { assertEquals, assertStrictEquals } from "../../_helpers/assert.ts";
import { RUN_PARAMS, RUN_TAGS, runParams, runTags } from "../../../lib/tracking/vocabulary.ts";

Deno.test("runParams() names every setting in snake_case, one key per setting", () => {
  const keys = RUN_PARAMS.map((p) => p.key);
  assertEquals(new Set(keys).size, keys.length);
  for (const { field, key } of RUN_PARAMS) {
    // camelCase field → snake_case key, by hand: contextLength → context_length
    assertStrictEquals(key, field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
  }
  assertEquals(
    runParams({
      model: "amazon/chronos-2",
      contextLength: 512,
      batchSize: 8,
      executionProvider: "cpu",
      quantileLevels: [0.1, 0.5, 0.9],
      learningRate: 1e-5,
    }),
    {
      model: "amazon/chronos-2",
      context_length: 512,
      batch_size: 8,
      execution_provider: "cpu",
      quantile_levels: "0.1,0.5,0.9",
      learning_rate: 1e-5,
    },
  );
});

Deno.test("runTags() carries kind, source, commit, OS user, host, versions, absolute paths", async () => {
  const tags = await runTags("finetune", { modelPath: "models/x", parentRunId: "p1" });
  assertStrictEquals(tags[RUN_TAGS.kind], "finetune");
  assertStrictEquals(tags["mlflow.source.type"], "LOCAL");
  assertStrictEquals(/^([0-9a-f]{40}|unknown)$/.test(tags["mlflow.source.git.commit"]!), true);
  assertStrictEquals(tags["mlflow.user"] !== "" && tags["mlflow.user"] !== undefined, true);
  assertStrictEquals(tags["chronos.model_path"], `${Deno.cwd()}/models/x`);
  assertStrictEquals(tags["mlflow.parentRunId"], "p1");
  assertStrictEquals(tags["chronos.deno"], Deno.version.deno);
  assertStrictEquals(tags["chronos.v8"], Deno.version.v8);
});

Deno.test("the OS user is recorded without USER or LOGNAME", async () => {
  const { currentUser } = await import("../../../lib/tracking/_run_info.ts");
  assertStrictEquals(currentUser(() => ({ username: "ana" }), () => undefined), "ana");
  assertStrictEquals(
    currentUser(() => {
      throw new Error("no passwd entry");
    }, (n) => (n === "LOGNAME" ? "bo" : undefined)),
    "bo",
  );
  assertStrictEquals(currentUser(() => ({ username: "" }), () => undefined), "unknown");
});
