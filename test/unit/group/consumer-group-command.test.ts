import { describe, expect, it } from "vitest";
import { parseDateTime, parseDuration } from "../../../cli/consumer-group-service.js";

describe("kafka-consumer-groups time arguments", () => {
  it("--to-datetime: ISO-8601 local form is UTC unless a zone is given (Kafka appends Z)", () => {
    expect(parseDateTime("2024-03-01T10:20:30.456")).toBe(Date.UTC(2024, 2, 1, 10, 20, 30, 456));
    expect(parseDateTime("2024-03-01T10:20:30.456Z")).toBe(Date.UTC(2024, 2, 1, 10, 20, 30, 456));
    expect(parseDateTime("2024-03-01T10:20:30.000+02:00")).toBe(Date.UTC(2024, 2, 1, 8, 20, 30));
    expect(parseDateTime("2024-03-01T10:20:30.000-0130")).toBe(Date.UTC(2024, 2, 1, 11, 50, 30));
    expect(() => parseDateTime("yesterday")).toThrow(/Error parsing timestamp/);
  });
  it("--by-duration: PnDTnHnMnS", () => {
    expect(parseDuration("PT0S")).toBe(0);
    expect(parseDuration("P1DT2H3M4.5S")).toBe(((24 + 2) * 60 + 3) * 60_000 + 4500);
    expect(parseDuration("PT15M")).toBe(900_000);
    expect(() => parseDuration("15m")).toThrow();
    expect(() => parseDuration("P")).toThrow();
  });
});
