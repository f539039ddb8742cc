// Screenshots of every main screen of the demo town at 1366×768, for a person to look at:
// `xvfb-run -a -s "-screen 0 1366x768x24" node screenshots.mjs OUT_DIR [es|en]`. Not a test.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";
import { App, Billing, Bills, Customers, Readings, SignIn } from "./pages/app.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const out = resolve(process.argv[2] ?? "screenshots");
const english = process.argv[3] === "en";
mkdirSync(out, { recursive: true });
const data = mkdtempSync(join(tmpdir(), "caudal-shots-"));
const appBinary = process.env.CAUDAL_APP ?? join(root, "target/debug/caudal-desktop");

const open = (port) =>
  new Promise((ok) => {
    const s = createConnection({ host: "127.0.0.1", port }, () => (s.end(), ok(true)));
    s.on("error", () => ok(false));
  });

const driver = spawn("tauri-driver", ["--port", "4445"], { env: { ...process.env, CAUDAL_DATA_DIR: data }, stdio: "inherit" });
for (let i = 0; i < 100 && !(await open(4445)); i++) await new Promise((r) => setTimeout(r, 100));
const browser = await remote({
  hostname: "127.0.0.1",
  port: 4445,
  logLevel: "warn",
  capabilities: { browserName: "wry", "wdio:enforceWebDriverClassic": true, "tauri:options": { application: appBinary } },
});
try {
  await browser.setWindowSize(1366, 768);
  const app = new App(browser);
  const shot = (name) => browser.saveScreenshot(join(out, `${name}.png`));
  await app.$("choose-demo").then((e) => e.waitForDisplayed({ timeout: 30000 }));
  await shot("01-first-start");
  await app.click("choose-demo");
  await app.$("user").then((e) => e.waitForDisplayed({ timeout: 120000 }));
  if (english) await app.click("lang");
  await shot("02-sign-in");
  await new SignIn(browser).as("ana", "caudal-demo");
  await app.$("tile-readings").then((e) => e.waitForDisplayed({ timeout: 30000 }));
  await shot("03-home");
  const customers = new Customers(browser);
  await customers.open();
  await customers.type("customer-search", "quispe");
  await browser.pause(500);
  await browser.$('[data-test="customer-list"] tbody tr td').then((e) => e.click());
  await app.$("customer-detail").then((e) => e.waitForDisplayed());
  await shot("04-customers");
  await customers.click("customers-import");
  await shot("05-customers-import");
  const readings = new Readings(browser);
  await readings.open();
  await app.click("period-next");
  await browser.pause(1500);
  await readings.enter([["01-00002", 1], ["01-00004", 99999]]);
  await browser.pause(1000);
  await shot("06-readings");
  const billing = new Billing(browser);
  await billing.open();
  await shot("07-billing");
  const bills = new Bills(browser);
  await bills.open();
  await app.click("period-prev");
  await browser.pause(1000);
  await bills.openBill((await (await browser.$('[data-test="bill-list"] tbody tr td')).getText()).trim());
  await shot("08-bill");
  await app.click("nav-tariffs");
  await browser.pause(800);
  await shot("09-tariffs");
} finally {
  await browser.deleteSession();
  driver.kill("SIGTERM");
}
