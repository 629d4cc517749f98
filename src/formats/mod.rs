//! Formats of other people's data: files `duty` reads that it did not
//! write. Each reader turns text into plain data with a message naming
//! the line for anything wrong, and does nothing else.

pub mod objective;
pub mod shift_scheduling;

#[cfg(test)]
mod tests {
    use super::objective::{Assignment, evaluate, read_roster};
    use super::shift_scheduling::read_instance;

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
        for (expected, change) in cases {
            let mut r = base();
            change(&mut r);
            let hard = hard_of(&r);
            assert!(
                hard.iter().any(|h| h.contains(expected)),
                "{expected}: {hard:?}"
            );
        }
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
