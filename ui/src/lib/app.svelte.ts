// The window's shared state: who is signed in, the language, the screen and the period being
// worked on. Screens read it; only the commands' answers change it.
import type { AppStatus, CategoryChoice, Permission, Text } from "./bindings";
import { translate, type Key } from "./i18n";
import { call, isSignedOut, type IpcError } from "./ipc";
import type { Lang } from "./format";

export type Screen = "home" | "customers" | "readings" | "billing" | "bills" | "cashdesk" | "collections" | "tariffs" | "bundles" | "settings" | "complaints" | "field" | "board";

export const app = $state({
  status: null as AppStatus | null,
  screen: "home" as Screen,
  period: "",
  notice: "",
  /// The tariffs' categories, to say a connection's category in words.
  categories: [] as CategoryChoice[],
});

/** Whether the core lets the signed-in user do this: the window offers only what it does. */
export function can(permission: Permission): boolean {
  return app.status?.user?.can.includes(permission) ?? false;
}

/** A category in words ("Doméstico"), as the tariffs label it; the code if none does. */
export function categoryName(code: string): string {
  return app.categories.find((c) => c.code === code)?.label ?? code;
}

/** Reads the categories' words again (after signing in, after a tariff is imported). */
export async function loadCategories() {
  try {
    app.categories = await call("categories", {});
  } catch {
    app.categories = [];
  }
}

export function lang(): Lang {
  return (app.status?.lang ?? "es") as Lang;
}

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  return translate(lang(), key, vars);
}

export function setStatus(status: AppStatus) {
  // Whoever signs in starts at their own work, on the month that just ended (not where the
  // one before left the window): the technician at the field work, the Board at its home,
  // the others at the month's overview.
  const signingIn = !app.status?.user && !!status.user;
  app.status = status;
  if (signingIn) {
    const role = status.user?.role;
    app.screen = role === "technician" ? "field" : role === "ncb" ? "board" : "home";
    app.period = previousPeriod(status.current_period);
  }
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
