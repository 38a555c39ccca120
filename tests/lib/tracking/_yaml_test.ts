import { assertEquals, assertStrictEquals } from "../../_helpers/assert.ts";
import { formatYaml, parseYaml } from "../../../lib/tracking/_yaml.ts";

Deno.test("formatYaml() writes sorted keys and quotes what YAML would misread", () => {
  assertStrictEquals(
    formatYaml({
      b: "1",
      a: "",
      c: null,
      d: 4,
      e: [],
      f: "yes",
      g: "a: b",
      h: "it's",
      i: "file:///x",
    }),
    "a: ''\nb: '1'\nc: null\nd: 4\ne: []\nf: 'yes'\ng: 'a: b'\nh: 'it''s'\ni: file:///x\n",
  );
  assertStrictEquals(formatYaml({ n: "line\nbreak", u: "été" }), 'n: "line\\nbreak"\nu: "été"\n');
});

Deno.test("parseYaml() reads what PyYAML writes, including folded lines", () => {
  const text = "artifact_location: file:///tmp/mlruns/1\nexperiment_id: '1'\nend_time: null\n" +
    "name: a long name that PyYAML\n  folded over two lines\ntags: []\nstart_time: 1700000000000\n" +
    "q: \"x\\ty\"\ns: 'it''s'\n";
  assertEquals(parseYaml(text), {
    artifact_location: "file:///tmp/mlruns/1",
    experiment_id: "1",
    end_time: null,
    name: "a long name that PyYAML folded over two lines",
    tags: [],
    start_time: 1700000000000,
    q: "x\ty",
    s: "it's",
  });
  for (const v of ["golden run", "0123abc", "12", "1.5", "null", "a: b", "x'y", "tab\there", "ü"]) {
    assertStrictEquals(parseYaml(formatYaml({ v })).v, v, v);
  }
});
