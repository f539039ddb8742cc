// Page objects: each screen of the window as the actions a person takes on it. Tests read as
// the story of a month; selectors live only here.

export class App {
  constructor(browser) {
    this.b = browser;
  }

  $(test) {
    return this.b.$(`[data-test="${test}"]`);
  }

  async click(test) {
    const el = await this.$(test);
    await el.waitForExist({ timeout: 20000 });
    // WebKit's driver does not scroll a button below the fold into view by itself.
    await el.scrollIntoView({ block: "center" });
    await el.waitForClickable({ timeout: 20000 });
    await el.click();
  }

  async type(test, value) {
    const el = await this.$(test);
    await el.waitForDisplayed({ timeout: 20000 });
    await el.clearValue();
    await el.setValue(value);
  }

  async text(test, timeout = 20000) {
    const el = await this.$(test);
    await el.waitForDisplayed({ timeout });
    return el.getText();
  }

  async bodyText() {
    return (await this.b.$("body")).getText();
  }

  async waitForText(test, fragment, timeout = 20000) {
    await this.b.waitUntil(async () => (await this.text(test, timeout)).includes(fragment), {
      timeout,
      timeoutMsg: `«${fragment}» never appeared in [data-test=${test}]`,
    });
  }
}

export class SignIn extends App {
  async as(user, password) {
    await this.type("user", user);
    await this.type("password", password);
    await this.click("sign-in");
    await this.$("sign-out").then((el) => el.waitForDisplayed({ timeout: 20000 }));
  }

  /** Each story starts at the sign-in screen, whatever the one before left. */
  async ensureSignedOut() {
    if (await (await this.$("sign-out")).isExisting()) await this.signOut();
  }

  async signOut() {
    await this.click("sign-out");
    await this.$("user").then((el) => el.waitForDisplayed({ timeout: 20000 }));
  }
}

export class Customers extends App {
  async open() {
    await this.click("nav-customers");
    await this.$("customer-list").then((el) => el.waitForDisplayed());
  }

  async importFile(path) {
    if (!(await (await this.$("import-panel")).isExisting())) await this.click("customers-import");
    await this.type("import-path", path);
    await this.click("import-check");
  }

  async listText() {
    return this.text("customer-list");
  }
}

export class Readings extends App {
  async open() {
    await this.click("nav-readings");
    await this.$("reading-grid").then((el) => el.waitForDisplayed());
  }

  /** Types each reading and presses Enter, as a technician would along the route. */
  async enter(readings) {
    for (const [account, value] of readings) {
      const input = await this.$(`reading-${account}`);
      await input.waitForDisplayed();
      await input.click();
      await input.setValue(String(value));
      await this.b.keys(["Enter"]);
    }
  }

  async save() {
    await this.click("readings-save");
    return this.text("readings-ok");
  }

  /** What the grid says a row's reading means (its m³ and a warning mark). */
  async meaning(account) {
    return (await this.$(`consumption-${account}`)).getText();
  }

  /** Where a row sits on the screen, to see that it does not move under the next keystroke. */
  async rowTop(account) {
    return this.b.execute((sel) => document.querySelector(sel).getBoundingClientRect().top, `[data-test="reading-row-${account}"]`);
  }
}

export class Billing extends App {
  async open() {
    await this.click("nav-billing");
    await this.$("preview").then((el) => el.waitForDisplayed({ timeout: 30000 }));
  }

  async issue() {
    await this.click("issue");
  }
}

export class Bills extends App {
  async open() {
    await this.click("nav-bills");
    await this.$("bill-list").then((el) => el.waitForDisplayed());
  }

  async openBill(number) {
    // WebKit's driver does not click a table row itself; a cell is what a person clicks.
    const cell = await this.b.$(`[data-test="bill-${number}"] td`);
    await cell.waitForClickable({ timeout: 20000 });
    await cell.click();
    return this.text("bill-detail");
  }
}

export class CashDesk extends App {
  async open() {
    await this.click("nav-cashdesk");
    await this.$("pay-search").then((el) => el.waitForDisplayed());
  }

  /** Finds the customer, takes what they owe (or `amount`), and returns the receipt's text. */
  async takePayment(query, account, amount) {
    await this.type("pay-search", query);
    await this.click(`pay-pick-${account}`);
    await this.$("statement").then((el) => el.waitForDisplayed());
    if (amount !== undefined) await this.type("pay-amount", amount);
    await this.click("pay");
    return this.text("receipt");
  }

  /** Reverses a payment from the statement, with its reason; returns the desk's answer. */
  async reverse(number, reason) {
    await this.click(`reverse-${number}`);
    await this.type("reverse-reason", reason);
    await this.click("reverse-confirm");
    return this.text("pay-ok");
  }

  /** Prints a payment receipt again; returns the desk's answer. */
  async reprint(number) {
    await this.click(`reprint-${number}`);
    return this.text("pay-ok");
  }

  /** Finds the customer and picks the first one found with Enter, as a clerk at speed would. */
  async pickWithEnter(query) {
    await this.type("pay-search", query);
    await this.b.waitUntil(async () => (await this.b.$$('[data-test^="pay-pick-"]')).length > 0, { timeout: 20000 });
    await this.b.keys(["Enter"]);
    await this.$("statement").then((el) => el.waitForDisplayed());
  }

  /** The data-test of the element that has the focus. */
  async focused() {
    await this.b.waitUntil(async () => (await this.b.execute(() => document.activeElement?.dataset?.test ?? "")) !== "", { timeout: 5000 }).catch(() => {});
    return this.b.execute(() => document.activeElement?.dataset?.test ?? "");
  }

  /** How many payments the ledger holds for `account`, as the command line reads them. */
  async payments(account, caudal) {
    return JSON.parse(caudal("--json", "statement", "--account", account)).lines.filter((l) => l.kind === "payment").length;
  }

  /** Types an amount the core refuses; returns the sentence under the field. */
  async badAmount(amount) {
    await this.type("pay-amount", amount);
    await this.click("pay");
    return this.text("pay-amount-error");
  }

  /** Whether an element's text stays inside its box (a long path wraps instead). */
  async fitsItsBox(test) {
    return this.b.execute((sel) => {
      const el = document.querySelector(sel);
      return el.scrollWidth <= el.clientWidth + 1;
    }, `[data-test="${test}"]`);
  }

  /** Types more than is owed: the desk asks before taking it; returns the question. */
  async overpay(query, account, amount) {
    await this.type("pay-search", query);
    await this.click(`pay-pick-${account}`);
    await this.$("statement").then((el) => el.waitForDisplayed());
    await this.type("pay-amount", amount);
    await this.click("pay");
    return this.text("pay-confirm");
  }
}

export class Bundles extends App {
  async open() {
    await this.click("nav-bundles");
    await this.$("outbox").then((el) => el.waitForExist({ timeout: 20000 }));
  }

  /** Creates the signing key with `passphrase`; returns the fingerprint shown. */
  async generateKey(passphrase) {
    await this.type("key-pass1", passphrase);
    await this.type("key-pass2", passphrase);
    await this.click("key-generate");
    return this.text("fingerprint");
  }

  /** Creates and signs the month's bundle; returns the notice. */
  async create(passphrase) {
    await this.type("bundle-pass", passphrase);
    await this.click("bundle-create");
    return this.text("bundles-ok", 60000);
  }

  async addTarget(location) {
    await this.type("target-location", location);
    await this.click("target-add");
    await this.waitForText("targets", location);
  }

  async deliverNow() {
    await this.click("deliver-now");
    return this.text("bundles-ok", 60000);
  }

  async state(name) {
    return this.text(`bundle-${name}`);
  }
}

export class Complaints extends App {
  async open() {
    await this.click("nav-complaints");
    await this.$("complaints-open").then((el) => el.waitForDisplayed());
  }

  /** Files a billing complaint at the counter for the account found by `query`. */
  async file(query, description) {
    await this.click("complaint-new");
    await this.type("complaint-account", query);
    await this.click("complaint-account-pick");
    await this.$("complaint-bill").then((el) => el.waitForDisplayed());
    await this.type("complaint-description", description);
    await this.click("complaint-submit");
    return this.text("complaint-filed");
  }

  async openFirst() {
    await this.click("complaint-row");
    return this.text("complaint-detail");
  }

  async decide(outcome, reason) {
    const select = await this.$("complaint-outcome");
    await select.waitForDisplayed({ timeout: 20000 });
    await select.selectByAttribute("value", outcome);
    await this.type("complaint-reason", reason);
    await this.click("complaint-decide");
    await this.waitForText("complaint-ok", "Resolución registrada");
  }

  /** Records a step and waits for the window to say so (`expect`: part of its notice). */
  async step(name, expect, reason = "") {
    if (reason) await this.type("complaint-step-reason", reason);
    await this.click(`complaint-${name}`);
    await this.waitForText("complaint-ok", expect);
  }
}

/** "YYYY-MM-DD HH:MM" moved by `minutes` (the operator's local time, as the window shows it). */
export function shiftTime(stamp, minutes) {
  const d = new Date(`${stamp.replace(" ", "T")}:00Z`);
  d.setUTCMinutes(d.getUTCMinutes() + minutes);
  return d.toISOString().slice(0, 16).replace("T", " ");
}

export class Field extends App {
  async open() {
    await this.click("nav-field");
    await this.$("incidents").then((el) => el.waitForDisplayed({ timeout: 20000 }));
  }

  /** The form's default time: the ledger's local time now. */
  async now() {
    const el = await this.$("sample-at");
    await el.waitForDisplayed({ timeout: 20000 });
    return el.getValue();
  }

  async sample(code, point, at, chlorine) {
    await this.type("sample-code", code);
    await (await this.$("sample-point")).selectByAttribute("value", point);
    await this.type("sample-at", at);
    await this.type("sample-free_chlorine", chlorine);
    await this.$("sample-verdict").then((el) => el.waitForDisplayed({ timeout: 20000 }));
    const verdict = await this.text("sample-verdict");
    await this.click("sample-save");
    return verdict;
  }
}

export class Board extends App {
  async open() {
    await this.click("nav-board");
    await this.$("board-indicators").then((el) => el.waitForDisplayed({ timeout: 20000 }));
  }

  /** The verdict shown for one indicator this month ("✓ cumple", "✗ no cumple", "– sin datos"). */
  async verdict(code) {
    const row = await this.$(`indicator-${code}`);
    await row.waitForDisplayed({ timeout: 20000 });
    return (await row.$('[data-test="verdict"]')).getText();
  }

  async value(code) {
    return (await (await this.$(`indicator-${code}`)).$('[data-test="value"]')).getText();
  }

  async print() {
    await this.click("board-print-run");
    return this.text("board-print-done", 60000);
  }

  async recordMeeting({ date, kind, women, men, agreements, sanction }) {
    await this.type("meeting-date", date);
    const select = await this.$("meeting-kind");
    await select.selectByAttribute("value", kind);
    await this.type("meeting-women", women);
    await this.type("meeting-men", men);
    await this.type("meeting-agreements", agreements);
    if (sanction) await this.type("meeting-sanction", sanction);
    await this.click("meeting-save");
    return this.text("board-ok");
  }
}
