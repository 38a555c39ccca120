import { assertEquals } from "../../_helpers/assert.ts";
import { continueTimestamps } from "../../../lib/serve/continue_timestamps.ts";

Deno.test("continueTimestamps() continues by the step in the last timestamp's zone", () => {
  assertEquals(
    continueTimestamps(["2018-01-01T23:30:00+09:00", "2018-01-01T23:45:00+09:00"], 2, "/t"),
    ["2018-01-02T00:00:00+09:00", "2018-01-02T00:15:00+09:00"],
  );
  assertEquals(
    continueTimestamps(["2024-02-28T00:00:00Z", "2024-02-29T00:00:00Z"], 1, "/t"),
    ["2024-03-01T00:00:00Z"],
  );
});

Deno.test("continueTimestamps() names the field of unreadable, irregular or too few timestamps", () => {
  assertEquals(continueTimestamps(["2024-01-01T00:00:00Z"], 1, "/t"), {
    pointer: "/t",
    detail: "Needs at least 2 timestamps to know the step",
  });
  assertEquals(
    (continueTimestamps(["2024-01-01T00:00:00Z", "yesterday"], 1, "/t") as { pointer: string })
      .pointer,
    "/t/1",
  );
  assertEquals(
    (continueTimestamps(
      ["2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z", "2024-01-01T03:00:00Z"],
      1,
      "/t",
    ) as { pointer: string }).pointer,
    "/t/2",
  );
  assertEquals(
    (continueTimestamps(["2024-01-01T01:00:00Z", "2024-01-01T00:00:00Z"], 1, "/t") as {
      detail: string;
    }).detail,
    "Timestamps must increase",
  );
});
