import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { MetricsRegistry } from "../../../lib/serve/metrics.ts";

Deno.test("MetricsRegistry renders counters with escaped labels in the Prometheus format", () => {
  const m = new MetricsRegistry();
  const c = m.counter("req_total", "Requests");
  c.inc({ route: "/a", status: "200" });
  c.inc({ status: "200", route: "/a" }, 2); // same label set in another order
  c.inc({ route: 'q"\\\n' });
  assertEquals(
    m.render(),
    [
      "# HELP req_total Requests",
      "# TYPE req_total counter",
      'req_total{route="/a",status="200"} 3',
      'req_total{route="q\\"\\\\\\n"} 1',
      "",
    ].join("\n"),
  );
});

Deno.test("MetricsRegistry histograms are cumulative with +Inf, sum and count", () => {
  const m = new MetricsRegistry();
  const h = m.histogram("lat", "Latency", [0.1, 1]);
  for (const v of [0.05, 0.5, 0.5, 3]) h.observe(v);
  assertEquals(m.render().split("\n").slice(2, 7), [
    'lat_bucket{le="0.1"} 1',
    'lat_bucket{le="1"} 3',
    'lat_bucket{le="+Inf"} 4',
    "lat_sum 4.05",
    "lat_count 4",
  ]);
  assertEquals(h.count(), 4);
});

Deno.test("MetricsRegistry gauges read their value when rendered", () => {
  const m = new MetricsRegistry();
  let depth = 2;
  m.gauge("depth", "Queue depth", () => depth);
  depth = 5;
  assertEquals(m.render().includes("\ndepth 5\n"), true);
});

Deno.test("MetricsRegistry refuses bad and repeated names", () => {
  const m = new MetricsRegistry();
  m.counter("a", "x");
  assertThrows(() => m.counter("a", "x"), RangeError);
  assertThrows(() => m.counter("bad-name", "x"), RangeError);
});
