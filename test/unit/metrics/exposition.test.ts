import { describe, expect, it } from "vitest";
import { goFloat, javaDouble, labels, render, withLabel, type MetricFamily } from "../../../common/metrics/exposition.js";
import { SlidingSummary } from "../../../common/metrics/summary.js";
import { parsePrometheusText, valueOf } from "../../integration/metrics/prometheus-text.js";

describe("Prometheus text exposition", () => {
  it("renders HELP, TYPE and samples; escapes label values and help text", () => {
    const f: MetricFamily[] = [
      { name: "a_total", help: "line one\nback\\slash", type: "counter", samples: [{ labels: "", value: 3 }, { labels: labels({ topic: 'we"ird\\t\nx' }), value: 1 }] },
      { name: "lat", help: "latency", type: "summary", samples: [
        { labels: labels({ quantile: 0.5 }), value: 1.5 }, { suffix: "_sum", labels: "", value: 10 }, { suffix: "_count", labels: "", value: 4 },
      ] },
    ];
    const text = render(f);
    expect(text).toBe(
      "# HELP a_total line one\\nback\\\\slash\n# TYPE a_total counter\na_total 3\n" +
      'a_total{topic="we\\"ird\\\\t\\nx"} 1\n' +
      '# HELP lat latency\n# TYPE lat summary\nlat{quantile="0.5"} 1.5\nlat_sum 10\nlat_count 4\n',
    );
    const p = parsePrometheusText(text);
    expect(valueOf(p, "a_total", { topic: 'we"ird\\t\nx' })).toBe(1);
    expect(valueOf(p, "lat_count")).toBe(4);
  });

  it("adds a label to a rendered set", () => {
    expect(withLabel("", "quantile", "0.99")).toBe('{quantile="0.99"}');
    expect(withLabel('{request="Fetch"}', "quantile", "0.99")).toBe('{request="Fetch",quantile="0.99"}');
  });

  it("formats values as Go and as Java print them", () => {
    expect([NaN, Infinity, -Infinity, 5, 0.25].map(goFloat)).toEqual(["NaN", "+Inf", "-Inf", "5", "0.25"]);
    expect([5, 0, 0.8776, 12345678, 1e-7, -3, NaN].map(javaDouble)).toEqual(["5.0", "0.0", "0.8776", "1.2345678E7", "1.0E-7", "-3.0", "NaN"]);
  });

  it("the test parser rejects what is not exposition text", () => {
    expect(() => parsePrometheusText("x 1\n")).toThrow(/undeclared/);
    expect(() => parsePrometheusText("# TYPE x gauge\nx one\n")).toThrow(/bad value/);
    expect(() => parsePrometheusText("# TYPE x gauge\nx{a=1} 1\n")).toThrow(/bad labels/);
    expect(() => parsePrometheusText("# TYPE x gauge\n# TYPE x gauge\n")).toThrow(/second TYPE/);
    expect(() => parsePrometheusText("# TYPE x gauge\nx 1")).toThrow(/newline/);
  });
});

describe("SlidingSummary", () => {
  it("counts and sums everything, quantiles over the recent samples", () => {
    const s = new SlidingSummary();
    expect(s.quantiles([0.5]).map(Number.isNaN)).toEqual([true]);
    for (let i = 1; i <= 100; i++) s.observe(i);
    expect(s.count).toBe(100);
    expect(s.sum).toBe(5050);
    expect(s.quantiles([0.5, 0.99, 1])).toEqual([50, 99, 100]);
    // after 1028 more samples of 1000 the old ones are gone from the quantiles, not the totals
    for (let i = 0; i < 1028; i++) s.observe(1000);
    expect(s.quantiles([0.01])).toEqual([1000]);
    expect(s.count).toBe(1128);
    expect(s.max).toBe(1000);
  });
});
