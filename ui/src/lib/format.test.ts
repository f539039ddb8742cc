import { describe, expect, it } from "vitest";
import { count, date, dateTime, money, periodName, periodShort, shiftPeriod } from "./format";

describe("money is written, never computed", () => {
  it("groups thousands and keeps the sign", () => {
    expect(money("1234.50")).toBe("S/ 1,234.50");
    expect(money("-0.02")).toBe("-S/ 0.02");
    expect(money("0.00")).toBe("S/ 0.00");
    expect(money("3126586.30")).toBe("S/ 3,126,586.30");
    expect(money("100")).toBe("S/ 100.00");
  });
});

describe("dates and periods", () => {
  it("writes dd/mm/aaaa in Spanish and ISO in English", () => {
    expect(date("2026-11-03", "es")).toBe("03/11/2026");
    expect(date("2026-11-03", "en")).toBe("2026-11-03");
    expect(date("not a date", "es")).toBe("not a date");
  });
  it("writes a stored local time as the user reads it", () => {
    expect(dateTime("2026-12-01T10:15:03-05:00", "es")).toBe("01/12/2026 10:15");
    expect(dateTime("2026-12-01 10:15", "en")).toBe("2026-12-01 10:15");
  });
  it("names periods and steps across years", () => {
    expect(periodName("2026-09", "es")).toBe("setiembre 2026");
    expect(periodName("2026-09", "en")).toBe("September 2026");
    expect(periodShort("2026-01", "es")).toBe("ene 26");
    expect(shiftPeriod("2026-01", -1)).toBe("2025-12");
    expect(shiftPeriod("2025-12", 1)).toBe("2026-01");
    expect(shiftPeriod("2026-05", -17)).toBe("2024-12");
  });
  it("counts with separators", () => {
    expect(count(29249)).toBe("29,249");
    expect(count(12)).toBe("12");
  });
});
