//! Tariffs in words: the categories offered by the tariff's own labels, and a tariff said as
//! a clerk reads it.

use super::accounts::fund_tariff;
use super::common::*;

// The customer form offers categories as the tariff labels them, those in force first.
#[test]
fn categories_are_offered_with_the_tariffs_labels() {
    let t = Town::new();
    let categories = t.ledger.categories().unwrap();
    let domestic = categories.iter().find(|c| c.code == "domestico").unwrap();
    assert_eq!(domestic.label, "Doméstico");
    assert!(domestic.in_force);
    assert!(
        categories.iter().all(|c| c.in_force),
        "one tariff in force prices them all"
    );
    let codes: Vec<_> = categories.iter().map(|c| c.code.as_str()).collect();
    assert!(codes.contains(&"social") && codes.contains(&"comercial"), "{codes:?}");
}

// The tariff screen says a tariff in words: "IGV 18 %", never "IGV 0.18"; the fund's share, the
// subsidy, the minimum and the unmetered assignment.
#[test]
fn a_tariff_is_said_in_words() {
    let t = Town::with_tariff(&fund_tariff());
    let tariffs = t.ledger.tariffs().unwrap();
    let words = &tariffs[0].words;
    assert!(words.charges.es.contains("IGV 18 %"), "{}", words.charges.es);
    assert!(words.charges.en.contains("IGV 18 %"), "{}", words.charges.en);
    assert!(!words.charges.es.contains("0.18"), "{}", words.charges.es);
    let fund = words.fund.as_ref().expect("the fund is said");
    assert!(fund.es.starts_with("Fondo comunal: 5 % del agua"), "{}", fund.es);
    assert!(fund.es.contains("50 %") && fund.es.contains("25 %"), "{}", fund.es);
    let subsidy = words.subsidy.as_ref().expect("the subsidy is said");
    assert!(
        subsidy.es.starts_with("Subsidio: 50 % del agua hasta 10 m³"),
        "{}",
        subsidy.es
    );
    let domestic = words.categories.iter().find(|c| c.code == "domestico").unwrap();
    assert_eq!(domestic.label, "Doméstico");
    assert!(domestic.water.es.starts_with("0–10 m³ S/ "), "{}", domestic.water.es);
    let social = words.categories.iter().find(|c| c.code == "social").unwrap();
    assert!(
        social.volumes.es.contains("sin medidor se asignan"),
        "{}",
        social.volumes.es
    );
    assert!(words.in_force.es.starts_with("Vigente desde "), "{}", words.in_force.es);
    assert!(
        !words.in_force.es.contains("-"),
        "the month in words: {}",
        words.in_force.es
    );
}
