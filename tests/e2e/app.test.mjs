// The real Caudal window, driven through WebDriver: a clerk imports customers from a clerk's
// spreadsheet export (`;`, Windows-1252) with one bad row, enters readings in the grid, issues
// the month and opens a bill; a technician enters readings and is refused issuing; the manager
// prints, signs and sends the month, which closes it; the language switches.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";
import { Billing, Bills, Board, Bundles, CashDesk, Complaints, Customers, Field, Readings, SignIn, shiftTime } from "./pages/app.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const appBinary = process.env.CAUDAL_APP ?? join(root, "target/debug/caudal-desktop");
const cliBinary = process.env.CAUDAL_CLI ?? join(root, "target/debug/caudal");
const data = mkdtempSync(join(tmpdir(), "caudal-e2e-"));
const PASSWORD = "clave-segura-1";

function caudal(...args) {
  return execFileSync(cliBinary, ["--db", join(data, "caudal.db"), ...args], {
    env: { ...process.env, CAUDAL_PASSWORD: PASSWORD },
    encoding: "utf8",
  });
}

/** A port nobody listens on, so two runs on one machine never share a driver. */
function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

function portOpen(port) {
  return new Promise((ok) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => {
      socket.end();
      ok(true);
    });
    socket.on("error", () => ok(false));
  });
}

/** A clerk's spreadsheet saved as "CSV" by Excel on a Spanish Windows. */
function windows1252(text) {
  return Buffer.from(text.replace(/\n/g, "\r\n"), "latin1");
}

const HEADER = "Cuenta;Nombre;DNI;Dirección;Sector;Ruta;Orden;Categoría;Medidor;Serie_Medidor;Lectura_Inicial;Desagüe\n";
const good = (dni) =>
  HEADER +
  "01-0001;María Peña Ñahui;41234567;Jr. Unión 123;Centro;R01;1;doméstico;sí;M-0001;100;sí\n" +
  `01-0002;José Núñez Huamán;${dni};Av. Grau 456;Centro;R01;2;doméstico;sí;M-0002;2500;no\n` +
  "01-0003;Comedor Santa Rosa;;Calle Lima 78;Centro;R01;3;social;no;;;sí\n";

let driver;
let browser;

before(async () => {
  caudal("init", "--operator", "Aguas de Prueba S.A.C.", "--town", "Villa Prueba");
  caudal("tariff", "import", join(root, "crates/core/tests/fixtures/sedapal.toml"));
  caudal("users", "add", "gerente", "--role", "admin");
  caudal("users", "add", "ana", "--role", "clerk", "--full-name", "Ana Quispe");
  caudal("users", "add", "rosa", "--role", "technician", "--full-name", "Rosa Ccori");
  caudal("users", "add", "junta", "--role", "ncb", "--full-name", "Junta Vecinal Comunal");
  const port = await freePort();
  const nativePort = await freePort();
  driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    // No PDF viewer pops up over the window under test; the files are checked instead.
    env: { ...process.env, CAUDAL_DATA_DIR: data, CAUDAL_NO_VIEWER: "1" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; i < 100 && !(await portOpen(port)); i++) await new Promise((r) => setTimeout(r, 100));
  driverPort = port;
  browser = await startWindow();
});

let driverPort;

/** A new window of the app under test, through the running driver. */
function startWindow() {
  return remote({
    hostname: "127.0.0.1",
    port: driverPort,
    logLevel: "warn",
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: appBinary },
    },
  });
}

afterEach(async (t) => {
  // A failed step leaves a picture of the window for whoever reads the CI log.
  if (browser && t.passed === false) {
    const shot = join(data, `${t.name.replace(/\W+/g, "-")}.png`);
    await browser.saveScreenshot(shot).catch(() => {});
    console.error(`screenshot: ${shot}\n${await (await browser.$("body")).getText().catch(() => "")}`);
  }
});

after(async () => {
  try {
    await browser?.deleteSession();
  } finally {
    driver?.kill("SIGTERM");
    // A window the driver did not close outlives it holding the log's pipe, and the run never
    // ends (seen once after all 8 tests passed): any window of the app under test left goes.
    try {
      execFileSync("pkill", ["-f", "-x", appBinary]);
    } catch {
      // pkill exits 1 when no window was left: the usual case.
    }
  }
});

test("a clerk runs the month from the window", async () => {
  const signIn = new SignIn(browser);
  await signIn.ensureSignedOut();
  await signIn.as("ana", PASSWORD);

  // Import with one bad row: the error names the row, nothing is written.
  const customers = new Customers(browser);
  await customers.open();
  const bad = join(data, "clientes.csv");
  writeFileSync(bad, windows1252(good("1234")));
  await customers.importFile(bad);
  const error = await customers.text("import-error");
  assert.match(error, /^1 fila no válida\./);
  const rows = await customers.text("row-errors");
  assert.match(rows, /3\s*DNI\s*1234/);
  assert.match(rows, /DNI \(8 cifras\) o un RUC/);
  assert.doesNotMatch(await customers.listText(), /01-0001/, "nothing was written");

  // The fixed file imports, accents intact.
  writeFileSync(bad, windows1252(good("09876543")));
  await customers.importFile(bad);
  await customers.waitForText("import-checked", "3 nuevas");
  await customers.click("import-run");
  await customers.waitForText("import-done", "3 nuevas");
  await customers.type("customer-search", "pena");
  await customers.waitForText("customer-list", "María Peña Ñahui");
  await signIn.signOut();

  // The technician enters the readings in the grid, Enter to move along the route; issuing
  // the month is not offered to a technician (and the core refuses it to the role).
  await signIn.as("rosa", PASSWORD);
  const readings = new Readings(browser);
  await readings.open();
  const before = await readings.rowTop("01-0002");
  await readings.enter([["01-0001", 112], ["01-0002", 2530]]);
  // What was checked as typed never pushes the next row away from the next keystroke.
  assert.equal(await readings.rowTop("01-0002"), before, "the rows stayed where they were");
  assert.match(await readings.save(), /Guardado: 2 lecturas/);
  // After saving, the grid still says the consumption (112 − 100 = 12 m³), not the reading.
  assert.equal(await readings.meaning("01-0001"), "12 m³");
  assert.equal(await readings.meaning("01-0002"), "30 m³");
  assert.equal(await (await readings.$("nav-billing")).isExisting(), false, "no billing run for the technician");
  await signIn.signOut();
  const billing = new Billing(browser);

  // The clerk previews, issues, and opens the first bill. The month that has just begun
  // cannot be billed yet.
  await signIn.as("ana", PASSWORD);
  await billing.open();
  await billing.click("period-next");
  await billing.waitForText("billing-error", "no ha terminado");
  await billing.click("period-prev");
  await billing.$("preview").then((el) => el.waitForDisplayed({ timeout: 30000 }));
  assert.equal(await billing.text("preview-count"), "3");
  await billing.issue();
  await billing.waitForText("issue-result", "S001-00000001", 60000);
  assert.match(await billing.text("issue-result"), /Emitidos 3 recibos, del S001-00000001 al S001-00000003/);
  // The hint follows: once the month is issued it no longer says that nothing is numbered.
  await billing.waitForText("preview-hint", "Mes emitido: 3 recibos numerados");
  assert.doesNotMatch(await billing.bodyText(), /Nada está numerado todavía/);
  const justEnded = await billing.text("period");
  assert.match(justEnded, /^(enero|febrero|marzo|abril|mayo|junio|julio|agosto|setiembre|octubre|noviembre|diciembre) (de )?\d{4}$/i, "the month in words");
  const bills = new Bills(browser);
  await bills.open();
  const detail = await bills.openBill("S001-00000001");
  assert.match(detail, /María Peña Ñahui/);
  assert.match(detail, /Lectura anterior\s*100/);
  assert.match(detail, /Total a pagar\s*S\/ \d+\.\d0/);

  // At the counter: the balance is the bill; paying it gives the first receipt and zero owed.
  const desk = new CashDesk(browser);
  await desk.open();
  // The Enter that picks the customer takes nothing: the amount waits, focused, for the clerk.
  await desk.pickWithEnter("pena");
  assert.equal(await desk.focused(), "pay-amount", "the amount has the focus");
  // The balance waits selected: what the clerk types replaces it ("20", never "47.1020").
  await browser.keys(["2", "0"]);
  assert.equal(await (await desk.$("pay-amount")).getValue(), "20", "typing replaces the balance");
  assert.equal(await desk.payments("01-0001", caudal), 0, "the Enter that picked the customer took nothing");
  // A bad amount gets a sentence under its field, in Spanish; nothing is taken.
  assert.match(await desk.badAmount("abc"), /^«abc» no es un importe/);
  assert.match(await desk.badAmount("1,234"), /es ambiguo/);
  assert.equal(await desk.payments("01-0001", caudal), 0, "nothing was taken");
  // Ten times the balance typed by mistake: the desk asks, naming the credit it would leave,
  // and takes nothing until the clerk says so.
  const question = await desk.overpay("pena", "01-0001", "979.00");
  assert.match(question, /El pago de S\/ 979\.00 es mayor que lo que debe la cuenta \(S\/ \d+\.\d\d\): quedaría un saldo a favor de S\/ \d+\.\d\d/);
  await desk.click("pay-confirm-no");
  assert.equal(await desk.payments("01-0001", caudal), 0, "nothing was taken");
  const receipt = await desk.takePayment("pena", "01-0001");
  assert.match(receipt, /Comprobante de pago R001-00000001/);
  assert.match(receipt, /S001-00000001/);
  assert.match(receipt, /Saldo después del pago:?\s*S\/ 0\.00/);
  assert.match(await desk.text("receipt-pdf"), /comprobante-R001-00000001\.pdf/);
  assert.ok(await desk.fitsItsBox("receipt-pdf"), "the long path wraps inside the receipt");
  assert.match(await desk.text("cash-close-line"), /^1 comprobante de pago: R001-00000001$/);
  assert.ok(existsSync(join(data, "documentos", "comprobante-R001-00000001.pdf")), "the receipt PDF is written");
  // The statement says each line in words, cash told from bank; a receipt prints again as a
  // copy, and a payment is reversed with its reason, from the window.
  assert.match(await desk.text("line-R001-00000001"), /Pago en efectivo/);
  assert.match(await desk.text("line-S001-00000001"), /Recibo de (setiembre|octubre|noviembre|diciembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto) de \d{4}/);
  assert.match(await desk.reprint("R001-00000001"), /Copia del comprobante R001-00000001/);
  const bills2 = new Bills(browser);
  await bills2.open();
  assert.equal(await bills2.text("bill-paid-S001-00000001"), "Pagado");
  assert.equal(await bills2.text("bill-paid-S001-00000002"), "Pendiente de pago");
  const paidBill = await bills2.openBill("S001-00000001");
  assert.match(paidBill, /Categoría\s*Doméstico/);
  await desk.open();
  await desk.type("pay-search", "pena");
  await desk.click("pay-pick-01-0001");
  await desk.$("statement").then((el) => el.waitForDisplayed());
  assert.match(await desk.reverse("R001-00000001", "Se registró en la cuenta equivocada"), /Pago R001-00000001 anulado con R001-00000002/);
  assert.match(await desk.text("line-R001-00000002"), /Anulación del pago R001-00000001/);
  await bills2.open();
  assert.equal(await bills2.text("bill-paid-S001-00000001"), "Pendiente de pago", "a reversed payment pays nothing");
  // The fund's spending is the administrator's: the clerk sees the fund, not the form.
  await desk.click("nav-collections");
  await desk.$("fund-admin-only").then((el) => el.waitForDisplayed());
  assert.equal(await (await desk.$("fund-spend")).isExisting(), false, "no fund spending for the clerk");
  // The clerk leaves the window on an older month (the next user starts on the month just ended).
  await billing.open();
  await billing.click("period-prev");
  assert.notEqual(await billing.text("period"), justEnded);
  await signIn.signOut();
});

test("the next user starts on the month just ended, and a refused reading names its own account", async () => {
  const signIn = new SignIn(browser);
  await signIn.ensureSignedOut();
  await signIn.as("rosa", PASSWORD);
  const readings = new Readings(browser);
  await readings.open();
  // Not the older month the clerk left the window on.
  const today = new Date();
  const ended = new Date(today.getFullYear(), today.getMonth() - 1, 1);
  const months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "setiembre", "octubre", "noviembre", "diciembre"];
  assert.match(await readings.text("period"), new RegExp(`^${months[ended.getMonth()]} (de )?${ended.getFullYear()}$`, "i"));
  // The month is billed: a reading typed for 01-0002 is refused at saving, and the refusal
  // names 01-0002 although the grid is filtered to another customer by then.
  await readings.enter([["01-0002", 2540]]);
  await readings.type("readings-filter", "Peña");
  await readings.$("reading-row-01-0002").then((el) => el.waitForExist({ reverse: true }));
  await readings.click("readings-save");
  const refused = await readings.text("readings-error");
  assert.match(refused, /^01-0002: /, refused);
  assert.doesNotMatch(refused, /01-0001/);
  await signIn.signOut();
});

test("a complaint is filed at the counter, decided, appealed and decided by the Board", async () => {
  const signIn = new SignIn(browser);
  await signIn.ensureSignedOut();
  await signIn.as("ana", PASSWORD);
  const complaints = new Complaints(browser);
  await complaints.open();
  // The account found, its last bill proposed with its amount, the holder as complainant.
  const filed = await complaints.file("nunez", "El consumo no corresponde: el medidor gira sin uso");
  assert.match(filed, /REC-\d{4}-00001/);
  assert.match(filed, /se resuelve a más tardar el \d{2}\/\d{2}\/\d{4}/);
  const constancias = readdirSync(join(data, "documentos")).filter((f) => f.startsWith("constancia-REC-"));
  assert.equal(constancias.length, 1, "the constancia is printed at once");
  const detail = await complaints.openFirst();
  assert.match(detail, /José Núñez Huamán/);
  await complaints.decide("unfounded", "La lectura fue verificada en campo");
  await complaints.step("notify", "resolucion-REC-");
  await complaints.step("appeal", "Paso registrado", "No estoy de acuerdo con la lectura");
  assert.match(await complaints.text("complaint-timeline"), /apelación a la Junta Vecinal/);
  // The clerk cannot decide the appeal: no form is offered.
  assert.equal(await (await complaints.$("complaint-decide-form")).isExisting(), false);
  await signIn.signOut();

  // The board member's inbox: the appeal with the bill and the first decision beside it.
  await signIn.as("junta", PASSWORD);
  await complaints.open();
  const inbox = await complaints.openFirst();
  assert.match(inbox, /Infundado/);
  assert.match(await complaints.text("appeal-bill"), /Consumo/);
  // The Board decides with no outcome chosen for it: nothing is recorded until it picks one.
  const outcome = await complaints.$("complaint-outcome");
  await outcome.waitForDisplayed({ timeout: 20000 });
  assert.equal(await outcome.getValue(), "", "no decision preselected");
  assert.equal(await (await complaints.$("complaint-decide")).isEnabled(), false, "nothing to record yet");
  await complaints.decide("founded", "La Junta constató que el medidor estaba malogrado");
  const timeline = await complaints.text("complaint-timeline");
  assert.match(timeline, /resolución de la Junta Vecinal: Fundado/);
  assert.match(timeline, /N001-00000001/, "the founded appeal credits the bill");
  assert.match(await complaints.text("complaint-detail"), /Firme/);
  await signIn.signOut();
  // The ledger agrees: the complaint is final with its credit.
  const shown = JSON.parse(caudal("--json", "complaints", "show", "REC-2026-00001"));
  assert.equal(shown.state, "final");
  assert.ok(Number(shown.progress.credited) > 0);
});

test("the board member signs in to the month's indicators, prints the report and records an assembly", async () => {
  caudal("setting", "population", "12");
  // The Board's home opens on the month that just ended.
  const today = new Date();
  const before = new Date(today.getFullYear(), today.getMonth() - 1, 21);
  const month = `${before.getFullYear()}-${String(before.getMonth() + 1).padStart(2, "0")}`;
  const signIn = new SignIn(browser);
  await signIn.ensureSignedOut();
  await signIn.as("junta", PASSWORD);
  // The Board lands on its own home: the month in words, the audit in one line.
  const board = new Board(browser);
  await board.$("board-indicators").then((el) => el.waitForDisplayed({ timeout: 20000 }));
  assert.match(await board.text("board-summary"), /indicadores con meta y datos/);
  // Never checked in full in this ledger: the Board's home checks it all, and says so.
  assert.match(await board.text("board-checked"), /^Libro revisado por completo al preparar este informe: [\d,]+ registros\.$/);
  assert.match(await board.text("board-audit"), /recibos? revisados?: (todos siguen|sigue) la tarifa aprobada/);
  assert.match(await board.text("board-appeals"), /Ninguna apelación espera/, "the appeal was decided");
  // The Board's menu holds no billing run, cash desk or signing key.
  for (const screen of ["billing", "cashdesk", "bundles", "settings"]) {
    assert.equal(await (await board.$(`nav-${screen}`)).isExisting(), false, `no ${screen} for the Board`);
  }
  // Three connections, one without a meter, of 12 people: coverage and metering judged.
  assert.equal(await board.value("water_coverage"), "100.0 %");
  assert.equal(await board.verdict("water_coverage"), "✓ cumple");
  assert.equal(await board.verdict("micrometering"), "✗ no cumple");
  assert.equal(await board.verdict("tariff_audit_mismatches"), "✓ cumple");
  assert.equal(await board.verdict("continuity"), "– sin datos");
  // The report, written and named.
  const printed = await board.print();
  assert.match(printed, /informe-junta-\d{4}-\d{2}\.pdf/);
  const reports = readdirSync(join(data, "documentos")).filter((f) => f.startsWith("informe-junta-"));
  assert.equal(reports.length, 1);
  execFileSync("qpdf", ["--check", join(data, "documentos", reports[0])]);
  // An assembly with attendance by gender and a request to the municipality.
  const notice = await board.recordMeeting({
    date: `21/${month.slice(5)}/${month.slice(0, 4)}`,
    kind: "assembly",
    women: "46",
    men: "39",
    agreements: "Aprobar el informe de la Junta",
    sanction: "Cortes sin aviso en el Centro",
  });
  assert.match(notice, new RegExp(`Sesión del 21/${month.slice(5)}/${month.slice(0, 4)} registrada`));
  await board.waitForText("board-meetings", "Asamblea comunal");
  assert.match(await board.text("board-meetings"), /46 mujeres, 39 hombres/);
  assert.match(await board.text("board-meetings"), /Pedido de sanción: Cortes sin aviso en el Centro/);
  await board.waitForText("indicator-women_attendance", "54.1 %");
  await signIn.signOut();
  const meetings = caudal("ncb", "meeting", "list", "--period", month);
  assert.match(meetings, /asamblea comunal: 46 mujeres, 39 hombres/);
});

test("the technician records a failing sample, closes its incident after a resample, and logs an interruption", async () => {
  writeFileSync(join(data, "puntos.csv"), "punto;nombre;tipo;sector\nG1;Grifo de la plaza;grifo;Centro\n");
  writeFileSync(join(data, "sectores.csv"), "sector;nombre;horas_dia\nCentro;Centro;24\n");
  caudal("quality", "points", "import", join(data, "puntos.csv"));
  caudal("sectors", "import", join(data, "sectores.csv"));
  const signIn = new SignIn(browser);
  await signIn.ensureSignedOut();
  await signIn.as("rosa", PASSWORD);
  // The technician's menu: the field work first, no cash desk or billing run.
  for (const screen of ["cashdesk", "billing", "bundles", "settings"]) {
    assert.equal(await (await signIn.$(`nav-${screen}`)).isExisting(), false, `no ${screen} for the technician`);
  }
  const field = new Field(browser);
  await field.open();
  const now = await field.now();
  // The verdict is the core's, shown before saving; saving the failing sample opens an incident.
  const verdict = await field.sample("M-001", "G1", shiftTime(now, -40), "0.1");
  assert.match(verdict, /No cumple: Cloro libre/);
  assert.match(verdict, /se abre un incidente/);
  await field.waitForText("field-ok", "se abrió el incidente 1");
  assert.match(await field.text("incidents"), /Incidente 1/);
  // Not closed before a passing resample.
  await field.click("incident-close");
  await field.waitForText("field-error", "nueva muestra que pase");
  assert.match(await field.sample("M-002", "G1", shiftTime(now, -10), "0.8"), /Cumple/);
  await field.waitForText("field-ok", "M-002");
  await field.type("incident-sample", "M-002");
  await field.click("incident-resample");
  await field.click("incident-close");
  await field.waitForText("field-ok", "Incidente 1 cerrado");
  assert.match(await field.text("incidents"), /No hay incidentes abiertos/);
  // An interruption started an hour ago, then ended now.
  await field.click("sector-Centro");
  await field.type("interruption-at", shiftTime(now, -60));
  await field.type("interruption-cause", "Rotura de tubería en el jirón Grau");
  await field.click("interruption-start");
  await field.waitForText("field-ok", "Interrupción 1 en Centro");
  await field.click("interruption-end");
  await field.waitForText("field-ok", "Interrupción 1 terminada");
  await signIn.signOut();
  const shown = JSON.parse(caudal("--json", "quality", "incident", "list"));
  assert.ok(shown.incidents[0].closed_on, "the ledger says the incident is closed");
});

test("the manager prints the month and sends it to the municipality", async () => {
  const signIn = new SignIn(browser);
  await signIn.ensureSignedOut();
  await signIn.as("gerente", PASSWORD);

  // The RUC printed on documents, set in the window.
  await signIn.click("nav-settings");
  await signIn.type("setting-ruc", "20123456789");
  // An amount typed as the app shows it, with a decimal comma, is read by the core.
  await signIn.type("setting-reconnection_charge", "15,00");
  await signIn.click("settings-save");
  await signIn.waitForText("settings-ok", "Ajustes guardados");
  assert.equal(await (await signIn.$("setting-reconnection_charge")).getValue(), "15.00", "stored as the amount it is");

  // Backups: the one taken before the clerk issued the month, and one now, both verified.
  await signIn.click("backup-now");
  await signIn.waitForText("backups-notice", "Copia verificada");
  const list = await signIn.text("backup-list");
  assert.match(list, /a pedido/);
  assert.match(list, /antes de emitir/);
  assert.ok(readdirSync(join(data, "backups")).some((f) => f.endsWith("-manual.db")), "the copy is in the data folder");

  // Every bill of the month in one PDF, one page each, as poppler reads it.
  const bills = new Bills(browser);
  await bills.open();
  await bills.click("print-bills-run");
  await bills.waitForText("print-bills-done", "PDF listo (3 páginas)", 60000);
  const pdf = readdirSync(join(data, "documentos")).find((f) => f.startsWith("recibos-"));
  const info = execFileSync("pdfinfo", [join(data, "documentos", pdf)], { encoding: "utf8" });
  assert.match(info, /Pages:\s+3/);
  const text = execFileSync("pdftotext", ["-f", "1", "-l", "1", join(data, "documentos", pdf), "-"], { encoding: "utf8" });
  assert.match(text, /RUC 20123456789/);
  assert.match(text, /S001-00000001/);

  // The key, the bundle, a folder target (a USB stick), delivery now.
  const bundles = new Bundles(browser);
  await bundles.open();
  assert.match(await bundles.generateKey("frase de paso de prueba"), /^[0-9A-F]{16}$/);
  const created = await bundles.create("frase de paso de prueba");
  const name = /Paquete (\S+) creado/.exec(created)?.[1];
  assert.ok(name, created);
  assert.match(await bundles.state(name), /Creado/);
  const usb = join(data, "usb");
  mkdirSync(usb);
  await bundles.addTarget(usb);
  assert.match(await bundles.deliverNow(), /1 entrega hecha, 0 fallidas/);
  await bundles.waitForText(`bundle-${name}`, "Entregado");

  // The municipality's check, with the stock tool and the public key saved from the screen.
  const pub = join(data, "pub");
  mkdirSync(pub);
  const key = caudal("key", "show", "--out", pub);
  assert.match(key, /Huella/);
  const pubFile = join(pub, readdirSync(pub)[0]);
  const check = execFileSync("minisign", ["-V", "-H", "-m", join(usb, `${name}.zip`), "-p", pubFile], { encoding: "utf8" });
  assert.match(check, new RegExp(`bundle:${name}`));

  // Creating the month's bundle closed the month; the manager may close earlier ones.
  const billing = new Billing(browser);
  await billing.open();
  const month = /-(\d{4}-\d{2})$/.exec(name)?.[1];
  await billing.waitForText(`month-${month}`, "Cerrado");
  await signIn.signOut();
});

test("what a role may not do is not offered: the clerk reads the settings, the Board adds no customer", async () => {
  const signIn = new SignIn(browser);
  await signIn.ensureSignedOut();
  await signIn.as("ana", PASSWORD);
  await signIn.click("nav-settings");
  const town = await signIn.$("setting-town");
  await town.waitForDisplayed({ timeout: 20000 });
  assert.equal(await town.isEnabled(), false, "the clerk's settings are shown, not editable");
  assert.equal(await (await signIn.$("settings-save")).isExisting(), false, "no save for the clerk");
  assert.match(await signIn.text("settings-read-only"), /Solo un administrador/);
  await signIn.signOut();
  await signIn.as("junta", PASSWORD);
  const customers = new Customers(browser);
  await customers.open();
  assert.equal(await (await customers.$("customer-new")).isExisting(), false, "no new customer for the Board");
  assert.equal(await (await customers.$("customers-import")).isExisting(), false, "no import for the Board");
  await signIn.signOut();
});

test("on a netbook's 1024×600 «Salir» stays in view, and each screen opens at its top on the month just ended", async () => {
  const signIn = new SignIn(browser);
  await signIn.ensureSignedOut();
  await signIn.as("gerente", PASSWORD);
  await browser.setWindowSize(1024, 600);
  const screenTop = () => browser.execute(() => document.querySelector('[data-test="screen"]').scrollTop);
  try {
    // The window really is a netbook's (it was held at 640 px high before).
    assert.ok((await browser.execute(() => window.innerHeight)) <= 600, "the window is 600 px high at most");
    const inView = await browser.execute(() => {
      const r = document.querySelector('[data-test="sign-out"]').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    assert.ok(inView, "«Salir» is within the window");
    // Ajustes scrolled down, another screen, Ajustes again: at its top.
    await signIn.click("nav-settings");
    await browser.execute(() => {
      document.querySelector('[data-test="screen"]').scrollTop = 600;
    });
    assert.ok((await screenTop()) > 0, "Ajustes scrolls on a netbook");
    await signIn.click("nav-home");
    await signIn.click("nav-settings");
    assert.equal(await screenTop(), 0, "a screen opens at its top");
    // «Calidad y servicio» opens on the same month as every other screen.
    const readings = new Readings(browser);
    await readings.open();
    const month = await readings.text("period");
    const field = new Field(browser);
    await field.open();
    assert.equal(await field.text("field-period"), month);
  } finally {
    await browser.setWindowSize(1366, 768);
    await signIn.signOut();
  }
});

test("the language switches at any time", async () => {
  const app = new SignIn(browser);
  await app.ensureSignedOut();
  await app.as("ana", PASSWORD);
  await app.click("lang");
  await app.waitForText("nav-home", "Home");
  assert.match(await app.bodyText(), /Sign out/);
  await app.click("nav-billing");
  await app.waitForText("preview", "Preview");
  await app.click("lang");
  await app.waitForText("nav-home", "Inicio");
  await app.signOut();
});

test("a ledger damaged on disk is named at start and the newest good backup restores it", async () => {
  await browser.deleteSession();
  // Scribble over the ledger's pages past the header, as a failing disk would.
  const ledger = join(data, "caudal.db");
  // Opening and closing it once more folds the write-ahead log into the file.
  caudal("ledger", "verify");
  const bytes = readFileSync(ledger);
  for (let i = 4096 * 3; i < bytes.length; i += 7) bytes[i] = 0x5a;
  writeFileSync(ledger, bytes);
  browser = await startWindow();
  const app = new SignIn(browser);
  await app.waitForText("damaged", "El libro está dañado");
  assert.match(await app.text("damaged"), /La copia verificada más reciente es del \d{2}\/\d{2}\/\d{4}/);
  // Nobody at the laptop rolls the books back: without an administrator's sign-in, or with
  // a clerk's, the restore is refused and the damaged ledger stays where it is.
  await app.click("restore-offered");
  await app.waitForText("damaged-error", "incorrectos");
  await app.type("damaged-user", "ana");
  await app.type("damaged-password", PASSWORD);
  await app.click("restore-offered");
  await app.waitForText("damaged-error", "restaurar una copia de seguridad");
  assert.ok(!readdirSync(data).some((f) => f.includes(".replaced-")), "nothing was replaced");
  await app.type("damaged-user", "gerente");
  await app.type("damaged-password", PASSWORD);
  await app.click("restore-offered");
  await app.$("user").then((e) => e.waitForDisplayed({ timeout: 30000 }));
  assert.match(caudal("ledger", "verify"), /Libro íntegro/);
  assert.ok(readdirSync(data).some((f) => f.includes(".replaced-")), "the damaged ledger is kept aside");
  const audit = execFileSync("sqlite3", [join(data, "caudal.db"), "SELECT actor, action FROM audit_log WHERE action LIKE 'restore%'"]).toString();
  assert.match(audit, /gerente\|restore\.damaged/, "the restore is audited in the administrator's name");
});
