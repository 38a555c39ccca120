import { assert, assertEquals, assertRejects, assertThrows } from "../../_helpers/assert.ts";
import { ModelRegistry } from "../../../lib/serve/model_registry.ts";
import { ProblemError } from "../../../lib/serve/problem.ts";
import { type FakeModel, fakeModel } from "./_fake_model.ts";

function registry(names: string[], inUse: (m: FakeModel) => boolean = () => false) {
  const loaded: FakeModel[] = [];
  let fail = false;
  const reg = new ModelRegistry(
    (name) => {
      if (fail) return Promise.reject(new Error("disk gone"));
      const m = fakeModel(name, { offset: loaded.length });
      loaded.push(m);
      return Promise.resolve(m);
    },
    names,
    { inUse: (m) => inUse(m as FakeModel), pollMs: 5 },
  );
  return { reg, loaded, failNext: () => (fail = true) };
}

Deno.test("ModelRegistry loads every model and picks the first as the default", async () => {
  const { reg } = registry(["a", "b"]);
  assertEquals(reg.ready, false);
  await reg.loadAll();
  assertEquals(reg.ready, true);
  assertEquals(reg.get().model.name, "a");
  assertEquals(reg.get("b").model.name, "b");
  assertEquals(reg.list().map((e) => e.name), ["a", "b"]);
});

Deno.test("ModelRegistry answers 404 naming the loaded models for an unknown name", async () => {
  const { reg } = registry(["a"]);
  await reg.loadAll();
  let err: unknown;
  try {
    reg.get("zz");
  } catch (e) {
    err = e;
  }
  assert(err instanceof ProblemError);
  assertEquals(err.status, 404);
  assertEquals(err.message, 'There is no model "zz": use one of "a"');
  await assertRejects(() => reg.reload("zz"), ProblemError);
});

Deno.test("ModelRegistry refuses no names and repeated names", () => {
  assertThrows(() => registry([]), RangeError);
  assertThrows(() => registry(["a", "a"]), RangeError);
});

Deno.test("ModelRegistry reload swaps in a new instance and releases the old once unused", async () => {
  let busy = true;
  const { reg, loaded } = registry(["a"], () => busy);
  await reg.loadAll();
  assertEquals(await reg.reload(), ["a"]);
  assertEquals(reg.get("a").model, loaded[1]);
  assertEquals(reg.get("a").generation, 2);
  await new Promise((r) => setTimeout(r, 20));
  assertEquals(loaded[0]!.released, false); // still in use
  busy = false;
  await new Promise((r) => setTimeout(r, 30));
  assertEquals(loaded[0]!.released, true);
  assertEquals(loaded[1]!.released, false);
  await reg.releaseAll();
  assertEquals(loaded[1]!.released, true);
});

Deno.test("ModelRegistry keeps the old instance when a reload fails", async () => {
  const { reg, loaded, failNext } = registry(["a"]);
  await reg.loadAll();
  failNext();
  await assertRejects(() => reg.reload("a"), /disk gone/);
  assertEquals(reg.get("a").model, loaded[0]);
  assertEquals(loaded[0]!.released, false);
});
