//! `staff.toml` -> officers, leave and requests, resolved against the rules.

use std::collections::HashMap;

use super::check::{Checker, codes};
use super::raw::{RawLeave, RawRequest, RawStaff, RawStaffFile};
use crate::model::{Leave, LeaveKind, Request, SkillSet, Staff, Station, Want};

/// Fills the station's staff, leave and requests. Problems are recorded in
/// the checker; entries with problems are left out.
pub fn validate_staff(check: &mut Checker, raw: &RawStaffFile, station: &mut Station) {
    check.non_empty(&raw.staff, "staff");
    check.unique(raw.staff.iter().map(|s| &s.id), "id", "[[staff]]");
    station.staff = raw
        .staff
        .iter()
        .enumerate()
        .filter_map(|(i, s)| validate_officer(check, i, s, station))
        .collect();
    let ids: HashMap<&str, usize> = raw
        .staff
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.get_ref().as_str(), i))
        .rev() // the first of duplicate ids wins, as it did before
        .collect();
    station.leave = raw
        .leave
        .iter()
        .enumerate()
        .filter_map(|(i, l)| validate_leave(check, i, l, &ids))
        .collect();
    station.requests = raw
        .request
        .iter()
        .enumerate()
        .filter_map(|(i, r)| validate_request(check, i, r, &ids, station))
        .collect();
}

fn validate_officer(
    check: &mut Checker,
    i: usize,
    s: &RawStaff,
    station: &Station,
) -> Option<Staff> {
    let ctx = format!("[[staff]] #{} (\"{}\")", i + 1, s.id.get_ref());
    let unit = check.resolve(&codes(&station.units), "unit", &s.unit, "unit", &ctx);
    let rank = check.resolve(&codes(&station.ranks), "rank", &s.rank, "rank", &ctx);
    let contract_codes: Vec<&str> = station.contracts.iter().map(|c| c.code.as_str()).collect();
    let contract = check.resolve(&contract_codes, "contract", &s.contract, "contract", &ctx);
    let mut skills = SkillSet::default();
    for skill in check.resolve_all(&codes(&station.skills), "skill", &s.skills, "skills", &ctx) {
        skills.insert(skill);
    }
    let birthday = match &s.birthday {
        Some(date) => Some(check.date(date, "birthday", &ctx)?),
        None => None,
    };
    Some(Staff {
        id: s.id.get_ref().to_string(),
        name: s.name.to_string(),
        unit: unit?,
        rank: rank?,
        skills,
        contract: contract?,
        birthday,
    })
}

fn validate_leave(
    check: &mut Checker,
    i: usize,
    l: &RawLeave,
    ids: &HashMap<&str, usize>,
) -> Option<Leave> {
    let ctx = format!("[[leave]] #{}", i + 1);
    let staff = check.resolve_id(ids, &l.staff, "staff", &ctx);
    let from = check.date(&l.from, "from", &ctx);
    let to = check.date(&l.to, "to", &ctx);
    let kind = LeaveKind::parse(l.kind.get_ref());
    if kind.is_none() {
        check.error(
            l.kind.span(),
            "kind",
            &ctx,
            format!("\"{}\" is not a kind of leave", l.kind.get_ref()),
            Some(format!("use one of: {}", LeaveKind::NAMES)),
        );
    }
    let (from, to) = (from?, to?);
    if to < from {
        check.error(
            l.to.span(),
            "to",
            &ctx,
            format!("the leave ends ({to}) before it starts ({from})"),
            Some("`to` is the last day away, on or after `from`".to_string()),
        );
        return None;
    }
    Some(Leave {
        staff: staff?,
        from,
        to,
        kind: kind?,
    })
}

fn validate_request(
    check: &mut Checker,
    i: usize,
    r: &RawRequest,
    ids: &HashMap<&str, usize>,
    station: &Station,
) -> Option<Request> {
    let ctx = format!("[[request]] #{}", i + 1);
    let staff = check.resolve_id(ids, &r.staff, "staff", &ctx);
    let date = check.date(&r.date, "date", &ctx);
    let shift_codes: Vec<&str> = station.shifts.iter().map(|s| s.code.as_str()).collect();
    let shift = check.resolve_optional(&shift_codes, "shift", r.shift.as_ref(), "shift", &ctx);
    let want = match r.want.get_ref().as_str() {
        "on" => Some(Want::On),
        "off" => Some(Want::Off),
        other => {
            check.error(
                r.want.span(),
                "want",
                &ctx,
                format!("\"{other}\" is neither \"on\" nor \"off\""),
                Some("write want = \"off\" to ask for time off, \"on\" to ask to work".to_string()),
            );
            None
        }
    };
    let weight = r.weight.as_ref().map_or(1, |w| *w.get_ref());
    if !(1..=10).contains(&weight) {
        let span = r.weight.as_ref().map_or(0..0, |w| w.span());
        let hint = Some("1 is nice to have, 10 is important".to_string());
        check.error(
            span,
            "weight",
            &ctx,
            format!("weight {weight} is not from 1 to 10"),
            hint,
        );
    }
    // Indices match the officers only when every officer was valid;
    // otherwise those problems are reported first.
    if let (Some(s), Some(Some(sh))) = (staff, shift)
        && station.staff.len() == ids.len()
        && let Err(why) = crate::model::may_take(station, s, crate::model::Duty::Shift(sh))
    {
        let why = why.explain();
        check.error(
            r.shift.as_ref().map_or(0..0, |t| t.span()),
            "shift",
            &ctx,
            format!(
                "{} cannot work shift \"{}\": {why}",
                r.staff.get_ref(),
                station.shifts[sh].code
            ),
            Some(
                "ask for a shift open to the officer's unit and skills, or leave out `shift`"
                    .to_string(),
            ),
        );
        return None;
    }
    Some(Request {
        staff: staff?,
        date: date?,
        shift: shift?,
        want: want?,
        weight,
    })
}
