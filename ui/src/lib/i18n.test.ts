import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { texts, translate } from "./i18n";

describe("every text exists in both languages", () => {
  it("has the same keys, none empty", () => {
    const es = Object.keys(texts.es).sort();
    expect(Object.keys(texts.en).sort()).toEqual(es);
    for (const lang of ["es", "en"] as const) {
      for (const key of es) {
        expect(texts[lang][key as keyof typeof texts.es].trim(), `${lang}.${key}`).not.toBe("");
      }
    }
  });
  it("fills placeholders and keeps the ones it was not given", () => {
    expect(translate("es", "issuing", { done: 256, total: 1180 })).toBe("Emitiendo… 256 de 1,180");
    expect(translate("en", "ofExpected", {})).toBe("of {n} expected");
  });
  it("says one and many in words that agree, counts with separators", () => {
    expect(translate("es", "pdfReady", { pages: 1, path: "/x.pdf" })).toBe("PDF listo (1 página): /x.pdf");
    expect(translate("es", "pdfReady", { pages: 1180, path: "/x.pdf" })).toBe("PDF listo (1,180 páginas): /x.pdf");
    expect(translate("es", "issuedResult", { n: 1, first: "S001-1", last: "S001-1", due: "15/12/2026" })).toBe(
      "Emitido 1 recibo, del S001-1 al S001-1. Vencen el 15/12/2026.",
    );
    expect(translate("en", "arrearsTitle", { n: 1 })).toBe("Overdue: 1 connection");
    expect(translate("es", "checkResult", { rows: 1, added: 1, replaced: 0, unchanged: 0 })).toBe(
      "1 fila: 1 nueva, 0 a reemplazar, 0 sin cambios.",
    );
  });
  it("defines each key once per language (a second definition silently wins)", () => {
    const source = readFileSync(new URL("./i18n.ts", import.meta.url), "utf8");
    for (const block of source.split(/^const (?:es|en)\b/m).slice(1)) {
      const body = block.slice(0, block.indexOf("\n};"));
      const keys = [...body.matchAll(/^ {2}(\w+):/gm)].map((m) => m[1]);
      const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
      expect(twice).toEqual([]);
    }
  });
  it("uses the same placeholders in both languages", () => {
    const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
    for (const key of Object.keys(texts.es) as (keyof typeof texts.es)[]) {
      expect(names(texts.en[key]), key).toBe(names(texts.es[key]));
    }
  });
});
