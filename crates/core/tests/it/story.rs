//! A town through twelve months, end to end, as the demo runs it: every active connection
//! billed once a month, totals that add up, a chain that verifies.

use caudal_core::Money;
use caudal_demo as demo;

#[test]
fn a_town_through_twelve_months() {
    let dir = tempfile::tempdir().unwrap();
    let report = demo::build(dir.path(), 240, 12, |_| {}).unwrap();
    let ledger = super::common::opened(&report.ledger);
    assert!(ledger.verify().unwrap().ok());
    let (all, active) = ledger.customer_counts().unwrap();
    assert_eq!(all, 240);
    let mut period = report.first_period;
    let mut issued = 0;
    // What an account owed just before each bill: everything sealed in the chain before it.
    let db = rusqlite::Connection::open(&report.ledger).unwrap();
    let owed_before = |bill_id: i64, account: &str| -> i64 {
        db.query_row(
            "SELECT coalesce((SELECT sum(b.amount_due) FROM bills b JOIN chain c ON c.kind = 'bill' AND c.record_id = b.id
                               WHERE b.account = ?2 AND c.seq < (SELECT seq FROM chain WHERE kind = 'bill' AND record_id = ?1)), 0)
                  - coalesce((SELECT sum(p.amount) FROM payments p JOIN chain c ON c.kind = 'payment' AND c.record_id = p.id
                               WHERE p.account = ?2 AND c.seq < (SELECT seq FROM chain WHERE kind = 'bill' AND record_id = ?1)), 0)",
            (bill_id, account),
            |r| r.get(0),
        )
        .unwrap()
    };
    loop {
        let bills = ledger.bills(period, None).unwrap();
        assert_eq!(bills.len() as u64, active, "every active connection billed in {period}");
        issued += bills.len() as u64;
        for b in &bills {
            // Each bill's lines add up, and its previous balance is what earlier bills left.
            let lines = Money::sum([b.water, b.sewer, b.fixed, b.subsidy]).unwrap();
            assert_eq!(lines, b.subtotal);
            assert_eq!(b.subtotal.checked_add(b.tax).unwrap(), b.month_total);
            assert_eq!(
                Money::sum([b.month_total, b.rounding_prev, b.rounding_curr]).unwrap(),
                b.amount_due
            );
            assert_eq!(b.amount_due.checked_add(b.previous_balance).unwrap(), b.total_to_pay);
            assert_eq!(
                b.previous_balance.cents(),
                owed_before(b.id, &b.account),
                "{} {}",
                b.account,
                b.period
            );
        }
        if period == report.last_period {
            break;
        }
        period = period.next();
    }
    assert_eq!(issued, report.bills);
    // The demo shows every kind of bill and the files it was fed.
    let csv = std::fs::read_to_string(dir.path().join(format!("bills-{}.csv", report.last_period))).unwrap();
    for basis in ["measured", "estimated", "assigned"] {
        assert!(csv.contains(&format!(",{basis},")), "{basis} in the last month");
    }
    assert!(dir.path().join("customers.csv").exists() && dir.path().join("tariff.toml").exists());
}
