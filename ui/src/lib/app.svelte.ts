// The window's shared state: who is signed in, the language, the screen and the period being
// worked on. Screens read it; only the commands' answers change it.
import type { AppStatus, Text } from "./bindings";
import { translate, type Key } from "./i18n";
import { call, isSignedOut, type IpcError } from "./ipc";
import type { Lang } from "./format";

export type Screen = "home" | "customers" | "readings" | "billing" | "bills" | "cashdesk" | "collections" | "tariffs" | "bundles" | "settings" | "complaints" | "field" | "board";

export const app = $state({
  status: null as AppStatus | null,
  screen: "home" as Screen,
  period: "",
  notice: "",
});

export function lang(): Lang {
  return (app.status?.lang ?? "es") as Lang;
}

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  return translate(lang(), key, vars);
}

export function setStatus(status: AppStatus) {
  // The technician signs in to the field work, the Board to its own home; the others to the
  // month's overview.
  if (!app.status?.user && app.screen === "home") {
    if (status.user?.role === "technician") app.screen = "field";
    if (status.user?.role === "ncb") app.screen = "board";
  }
  app.status = status;
  if (!app.period) app.period = previousPeriod(status.current_period);
}

/** The month most often worked on is the one that just closed. */
function previousPeriod(current: string): string {
  const [y, m] = current.split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/** Sends the window back to sign-in when the core says the session is over. */
export function handle(e: IpcError): IpcError {
  if (isSignedOut(e) && app.status) {
    app.status = { ...app.status, user: null };
    app.notice = e.message;
  }
  return e;
}

export async function toggleLang() {
  setStatus(await call("set_lang", { lang: lang() === "es" ? "en" : "es" }));
}

/** A core text (Spanish and English) in the user's language. */
export function tx(text: Text): string {
  return lang() === "es" ? text.es : text.en;
}
