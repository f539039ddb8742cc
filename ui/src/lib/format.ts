// Display forms only: the core computes every amount; these functions only write what it
// sent in the user's language. Money arrives as a decimal string ("1234.50").

export type Lang = "es" | "en";

/** "1234.50" → "S/ 1,234.50"; "-0.02" → "-S/ 0.02" (es-PE and en alike). */
export function money(amount: string): string {
  const negative = amount.startsWith("-");
  const [soles, cents = "00"] = (negative ? amount.slice(1) : amount).split(".");
  const grouped = soles.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}S/ ${grouped}.${cents.padEnd(2, "0").slice(0, 2)}`;
}

/** "2026-11-03" → "03/11/2026" in Spanish; ISO in English. */
export function date(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return lang === "es" ? `${m[3]}/${m[2]}/${m[1]}` : `${m[1]}-${m[2]}-${m[3]}`;
}

/** A local date and time ("2026-12-01T10:15:03-05:00" or "2026-12-01 10:15") → "01/12/2026 10:15". */
export function dateTime(stamp: string, lang: Lang): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(stamp);
  return m ? `${date(m[1], lang)} ${m[2]}` : stamp;
}

const MONTHS: Record<Lang, string[]> = {
  es: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "setiembre", "octubre", "noviembre", "diciembre"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
};

/** "2026-10" → "octubre 2026" / "October 2026". */
export function periodName(period: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  return `${MONTHS[lang][Number(m[2]) - 1]} ${m[1]}`;
}

/** "2026-10" → short "oct 26" for chart axes. */
export function periodShort(period: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  return `${MONTHS[lang][Number(m[2]) - 1].slice(0, 3)} ${m[1].slice(2)}`;
}

/** The month before or after a "YYYY-MM" period (calendar navigation, not money). */
export function shiftPeriod(period: string, months: number): string {
  const [y, m] = period.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** A whole number with thousands separators: 29249 → "29,249". */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
