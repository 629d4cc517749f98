//! Random text, all of Unicode with control characters included, as an
//! officer's name and as a reason, through every export and every printer
//! of the real binary: a clean refusal or exit 0, never a panic, never a
//! raw control character out, and a calendar that always parses with one
//! event per duty.

use proptest::prelude::*;

use crate::common::{Sandbox, text};
use crate::{assert_inert, code, published, rename};

/// Names biased toward what breaks things: control characters, the
/// characters each format treats specially, CJK, and anything at all.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\r\n".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\u{7}".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{9b}".to_string()),
        Just("\u{202e}".to_string()),
        Just("BEGIN:VEVENT".to_string()),
        Just(";,\\:\"".to_string()),
        Just("=SUM(A1)".to_string()),
        Just("<script>".to_string()),
        Just("欧阳建国".to_string()),
        any::<String>(),
    ];
    prop::collection::vec(pieces, 1..4).prop_map(|parts| parts.concat())
}

/// Every printer of a station and a roster, run once.
fn print_everything(sb: &Sandbox) {
    let mut duties = None;
    for format in ["text", "html", "csv", "json", "ics"] {
        let out = sb.duty(&["print", "2026-W49", "--format", format]);
        let exit = code(&out);
        assert!(
            matches!(exit, 0 | 2),
            "print {format}: {}",
            text(&out.stderr)
        );
        assert_inert(format, &out.stdout);
        assert_inert("stderr", &out.stderr);
        if exit != 0 {
            return; // refused at the door: the same for every command
        }
        match format {
            "csv" => duties = Some(text(&out.stdout).lines().count() - 1),
            "ics" => {
                let ics = text(&out.stdout);
                let reader = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
                let calendars: Vec<_> = reader.map(|c| c.expect("parses")).collect();
                assert_eq!(calendars.len(), 1);
                assert_eq!(
                    Some(calendars[0].events.len()),
                    duties,
                    "one event per duty"
                );
            }
            _ => {}
        }
    }
    for args in [
        &["check", "--week", "2026-W49", "--weeks", "1"][..],
        &["now", "--at", "2026-12-02 10:00"],
        &["now", "--at", "2026-12-02 10:00", "--json"],
        &["history", "--from", "2026-11-01", "--to", "2026-12-31"],
        &["fairness"],
    ] {
        let out = sb.duty(args);
        assert!(
            matches!(code(&out), 0 | 4),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_inert("stdout", &out.stdout);
        assert_inert("stderr", &out.stderr);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_names_and_reasons_never_get_through(name in hostile_text(), reason in hostile_text()) {
        // An argument cannot hold NUL (the OS ends it there); a name can.
        let reason = reason.replace('\0', "");
        let sb = shared();
        rename(&sb, "ST01", &name);
        print_everything(&sb);
        let out = sb.duty(&["assign", "ST02", "2026-12-02", "off", "--force", "--reason", &reason, "--by", "tester"]);
        prop_assert!(matches!(code(&out), 0 | 2), "{}", text(&out.stderr));
        assert_inert("assign", &out.stdout);
        assert_inert("assign stderr", &out.stderr);
        let out = sb.duty(&["history", "--from", "2026-11-01", "--to", "2026-12-31"]);
        assert_inert("history", &out.stdout);
    }
}

/// One published sandbox reused by every case (its staff.toml is reset
/// each time), so that the property costs printing, not solving.
fn shared() -> Sandbox {
    use std::sync::OnceLock;
    static BASE: OnceLock<Sandbox> = OnceLock::new();
    let base = BASE.get_or_init(published);
    let sb = Sandbox::new("data");
    std::fs::copy(&base.db, &sb.db).unwrap();
    sb
}
