//! Formats of other people's data: files `duty` reads that it did not
//! write. Each reader turns text into plain data with a message naming
//! the line for anything wrong, and does nothing else.

pub mod objective;
pub mod roster_csv;
pub mod shift_scheduling;
pub mod station;

/// Why a file cannot be read: the line (1-based) and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FormatError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::objective::{Assignment, evaluate, read_roster};
    use super::shift_scheduling::{Instance, read_instance};
    use super::station::to_station;
    use crate::model::{Duty, Ledger, Roster};

    /// Two weeks, two shifts (a night may not be followed by a day), two
    /// employees with every limit at a value the tests can cross.
    const TINY: &str = "# a hand-made instance\r\nSECTION_HORIZON\r\n14\r\n\r\nSECTION_SHIFTS\r\nD,480,\r\nN,600,D\r\n\r\nSECTION_STAFF\r\nA,D=10|N=2,4800,960,4,2,2,1\r\nB,D=14|N=14,9000,0,14,1,1,2\r\n\r\nSECTION_DAYS_OFF\r\nA,13\r\n\r\nSECTION_SHIFT_ON_REQUESTS\r\nA,0,D,3\r\n\r\nSECTION_SHIFT_OFF_REQUESTS\r\nB,1,N,5\r\n\r\nSECTION_COVER\r\n0,D,2,100,1\r\n1,N,1,100,7\r\n";

    const D: Option<usize> = Some(0);
    const N: Option<usize> = Some(1);
    const O: Option<usize> = None;

    /// A feasible base: A works D days 0-1, 7-8 (a weekend off); B is off.
    fn base() -> Assignment {
        let mut a = vec![O; 14];
        for d in [0, 1, 7, 8] {
            a[d] = D;
        }
        vec![a, vec![O; 14]]
    }

    fn hard_of(roster: &Assignment) -> Vec<String> {
        let instance = read_instance(TINY).unwrap();
        evaluate(&instance, roster).hard
    }

    #[test]
    fn the_tiny_instance_reads_with_crlf() {
        let instance = read_instance(TINY).unwrap();
        assert_eq!(instance.horizon, 14);
        assert_eq!(instance.shifts[1].not_followed_by, vec![0]);
        assert_eq!(instance.staff[0].max_shifts, vec![10, 2]);
        assert_eq!(instance.days_off[0], vec![13]);
        assert!(
            evaluate(&instance, &base()).is_feasible(),
            "{:?}",
            hard_of(&base())
        );
        let lf = TINY.replace("\r\n", "\n");
        assert_eq!(read_instance(&lf).unwrap(), instance);
    }

    #[test]
    fn the_objective_counts_requests_and_cover_both_ways() {
        let instance = read_instance(TINY).unwrap();
        // Base: A's request for D on day 0 granted; cover day 0 D: 1 of 2
        // (under 100); day 1 N: 0 of 1 (under 100).
        assert_eq!(evaluate(&instance, &base()).objective, 200);
        let mut r = base();
        r[0][0] = O; // request not granted (3), day 0 under by 2 (200)
        r[1][1] = N; // off request broken (5), day 1 N met
        r[0][1] = N; // day 1 N over by 1 (7)
        assert_eq!(evaluate(&instance, &r).objective, 3 + 200 + 5 + 7);
    }

    #[test]
    fn each_hard_constraint_family_is_caught() {
        type Change = Box<dyn Fn(&mut Assignment)>;
        let cases: Vec<(&str, Change)> = vec![
            (
                "may not follow",
                Box::new(|r| {
                    r[0][1] = N;
                    r[0][2] = D;
                }),
            ),
            (
                "N shifts, at most 2",
                Box::new(|r| {
                    for d in [9, 10] {
                        r[0][d] = N;
                    }
                    r[0][8] = N;
                }),
            ),
            ("minutes, not within", Box::new(|r| r[0] = vec![O; 14])),
            (
                "days in a row from day 0, at most 4",
                Box::new(|r| {
                    r[0][..5].fill(D);
                }),
            ),
            (
                "1 days in a row from day 4, at least 2",
                Box::new(|r| r[0][4] = D),
            ),
            (
                "1 days off in a row from day 9, at least 2",
                Box::new(|r| {
                    r[0][10] = D;
                    r[0][11] = D;
                }),
            ),
            (
                "2 weekends worked, at most 1",
                Box::new(|r| {
                    r[0][5] = D;
                    r[0][6] = D;
                    r[0][12] = D;
                    r[0][11] = D;
                }),
            ),
            (
                "a day off",
                Box::new(|r| {
                    r[0][12] = D;
                    r[0][13] = D;
                }),
            ),
        ];
        let instance = read_instance(TINY).unwrap();
        assert_eq!(station_verdict(&instance, &base()).hard, 0);
        for (expected, change) in cases {
            let mut r = base();
            change(&mut r);
            let hard = hard_of(&r);
            assert!(
                hard.iter().any(|h| h.contains(expected)),
                "{expected}: {hard:?}"
            );
            // The station model, mapped from the instance, breaks a hard
            // rule too: the mapping loses no constraint family.
            let verdict = station_verdict(&instance, &r);
            assert!(verdict.hard > 0, "{expected}: the station sees it legal");
        }
    }

    /// The station's score of a benchmark roster, by the station checker.
    fn station_verdict(instance: &Instance, roster: &Assignment) -> crate::solver::Score {
        let (station, period) = to_station(instance).unwrap();
        let mut r = Roster::new(period.start, period.len_days(), station.staff.len());
        for (e, days) in roster.iter().enumerate() {
            for (d, shift) in days.iter().enumerate() {
                r.set(e, d, shift.map_or(Duty::Off, Duty::Shift));
            }
        }
        crate::solver::check::check(&station, &r, &Ledger::default()).score
    }

    fn instance(n: usize) -> Instance {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/bench/shift-scheduling/instances");
        let text = std::fs::read_to_string(dir.join(format!("Instance{n}.txt")))
            .expect("the benchmark beside the project (../shared)");
        read_instance(&text).unwrap_or_else(|e| panic!("Instance{n}: {e}"))
    }

    #[test]
    fn the_station_scores_random_rosters_as_the_evaluator_does() {
        let mut rng = fastrand::Rng::with_seed(11);
        for instance in [
            read_instance(TINY).unwrap(),
            instance(1),
            instance(3),
            instance(7),
        ] {
            for _ in 0..20 {
                let work = rng.f64();
                let roster: Assignment = (0..instance.staff.len())
                    .map(|_| {
                        (0..instance.horizon)
                            .map(|_| {
                                (rng.f64() < work).then(|| rng.usize(0..instance.shifts.len()))
                            })
                            .collect()
                    })
                    .collect();
                let evaluation = evaluate(&instance, &roster);
                let score = station_verdict(&instance, &roster);
                assert_eq!(score.soft, evaluation.objective as i64);
                assert_eq!(
                    score.hard == 0,
                    evaluation.is_feasible(),
                    "{:?}",
                    evaluation.hard
                );
            }
        }
    }

    #[test]
    fn the_solvers_roster_rescored_gives_the_same_number() {
        for instance in [read_instance(TINY).unwrap(), instance(1), instance(2)] {
            let limits = crate::app::SearchLimits {
                seed: 5,
                max_moves: Some(1_000_000),
                time: std::time::Duration::from_secs(60),
                ..crate::app::SearchLimits::default()
            };
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let result = crate::app::bench_instance(&instance, limits, &cancel).unwrap();
            assert_eq!(
                result.score.hard == 0,
                result.hard.is_empty(),
                "{:?}",
                result.hard
            );
            assert_eq!(result.score.soft, result.objective as i64);
            if instance.staff.len() <= 8 {
                assert!(result.hard.is_empty(), "{:?}", result.hard);
            }
            let (read, twice) = read_roster(&instance, &rows(&instance, &result.roster)).unwrap();
            assert!(twice.is_empty());
            assert_eq!(evaluate(&instance, &read).objective, result.objective);
        }
    }

    /// A roster as `duty bench --out` writes it.
    fn rows(instance: &Instance, roster: &Assignment) -> String {
        let mut out = String::from("employee,day,shift\n");
        for (e, days) in roster.iter().enumerate() {
            for (d, shift) in days.iter().enumerate() {
                if let Some(sh) = shift {
                    out.push_str(&format!(
                        "{},{d},{}\n",
                        instance.staff[e].id, instance.shifts[*sh].id
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn runs_touching_either_end_of_the_horizon_are_excepted() {
        // A single working day on day 0 and on day 13 (the last), and a
        // single day off at each end: none too short.
        let instance = read_instance(TINY).unwrap();
        let mut r = base();
        r[1][0] = D;
        r[1][13] = D;
        let hard = evaluate(&instance, &r).hard;
        assert!(!hard.iter().any(|h| h.starts_with("B:")), "{hard:?}");
    }

    #[test]
    fn a_roster_reads_from_rows_and_two_shifts_a_day_are_caught() {
        let instance = read_instance(TINY).unwrap();
        let (r, twice) = read_roster(
            &instance,
            "employee,day,shift\nA,0,D\nA,1,D\nA,7,D\nA,8,D\n",
        )
        .unwrap();
        assert_eq!(r, base());
        assert!(twice.is_empty());
        let (_, twice) = read_roster(&instance, "A,0,D\nA,0,N\n").unwrap();
        assert_eq!(twice.len(), 1);
        assert!(
            read_roster(&instance, "Z,0,D\n")
                .unwrap_err()
                .contains("row 1")
        );
        assert!(read_roster(&instance, "A,14,D\n").is_err());
    }

    #[test]
    fn bad_files_name_the_line() {
        for (text, line, words) in [
            ("14\n", 1, "before any SECTION_"),
            ("SECTION_HORIZON\nfourteen\n", 2, "not a whole number"),
            (
                "SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,X\n",
                4,
                "unknown shift \"X\"",
            ),
            (
                "SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\nSECTION_COVER\n9,D,1,1,1\n",
                6,
                "past the horizon",
            ),
        ] {
            let e = read_instance(text).unwrap_err();
            assert_eq!(e.line, line, "{e}");
            assert!(e.message.contains(words), "{e}");
        }
    }

    #[test]
    fn all_24_published_instances_read() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/bench/shift-scheduling/instances");
        for n in 1..=24 {
            let text = std::fs::read_to_string(dir.join(format!("Instance{n}.txt")))
                .expect("the benchmark beside the project (../shared)");
            let instance = read_instance(&text).unwrap_or_else(|e| panic!("Instance{n}: {e}"));
            assert!(instance.horizon.is_multiple_of(7) && !instance.staff.is_empty());
            let off: Assignment = vec![vec![None; instance.horizon]; instance.staff.len()];
            // An empty roster: every on request and every cover unmet.
            let unmet: u64 = instance
                .on_requests
                .iter()
                .map(|r| u64::from(r.weight))
                .sum::<u64>()
                + instance
                    .cover
                    .iter()
                    .map(|c| u64::from(c.requirement) * u64::from(c.under_weight))
                    .sum::<u64>();
            assert_eq!(evaluate(&instance, &off).objective, unmet, "Instance{n}");
        }
    }
}
