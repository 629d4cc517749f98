//! Helpers shared by the end-to-end tests: run the real `duty` binary
//! against a temporary database and data folder.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A temporary database and, optionally, a copy of a data folder.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub data: PathBuf,
}

impl Sandbox {
    /// A fresh database next to a copy of `data/` (or of a fixture).
    pub fn new(source: &str) -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("duty.db");
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(source);
        for name in ["rules.toml", "staff.toml"] {
            std::fs::copy(from.join(name), data.join(name)).unwrap();
        }
        Sandbox { dir, db, data }
    }

    /// Runs `duty` with this sandbox's `--data` and `--db`.
    pub fn duty(&self, args: &[&str]) -> Output {
        output_within(&mut self.command(args), RUN_DEADLINE_SECONDS)
    }

    /// The command, for spawning.
    pub fn command(&self, args: &[&str]) -> Command {
        self.command_of(Path::new(env!("CARGO_BIN_EXE_duty")), args)
    }

    /// The command, run from another copy of the binary.
    pub fn command_of(&self, program: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .arg("--data")
            .arg(&self.data)
            .arg("--db")
            .arg(&self.db)
            .env_remove("DUTY_DB");
        cmd
    }

    /// Runs and insists on success, returning stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.duty(args);
        assert!(
            out.status.success(),
            "duty {args:?} failed ({:?}):\n{}\n{}",
            out.status.code(),
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    /// Plans one week as a saved draft, on a move budget (the roster is
    /// the same however busy the machine), and returns what `plan` printed.
    pub fn plan_draft(&self, week: &str, seed: &str) -> String {
        self.plan_draft_with_moves(week, seed, "3000000")
    }

    /// [`Sandbox::plan_draft`] with its own move budget.
    pub fn plan_draft_with_moves(&self, week: &str, seed: &str, moves: &str) -> String {
        self.ok(&[
            "plan",
            "--week",
            week,
            "--weeks",
            "1",
            "--moves",
            moves,
            // The move budget decides, however busy the machine: a time
            // limit reached first would make the roster depend on load.
            "--seconds",
            "600",
            "--seed",
            seed,
            "--save",
        ])
    }

    /// Plans one week (see [`Sandbox::plan_draft`]) and publishes it.
    pub fn plan_and_publish(&self, week: &str, seed: &str) {
        self.plan_draft(week, seed);
        self.ok(&["publish", week, "--by", "Sgt Test"]);
    }

    /// Removes every [[leave]] table from staff.toml.
    pub fn clear_leave(&self) {
        let path = self.data.join("staff.toml");
        let staff = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = staff
            .split("\n\n")
            .filter(|block| !block.contains("[[leave]]"))
            .collect();
        std::fs::write(&path, kept.join("\n\n")).unwrap();
    }

    /// Appends TOML to staff.toml.
    pub fn add_staff_toml(&self, extra: &str) {
        let path = self.data.join("staff.toml");
        let mut staff = std::fs::read_to_string(&path).unwrap();
        staff.push_str(extra);
        std::fs::write(&path, staff).unwrap();
    }

    /// Opens the database directly, as an independent reader.
    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).unwrap()
    }

    /// A copy of this sandbox (the database as it is now, and the
    /// station's files) to try a scenario on: a test that needs a day or
    /// an officer for which the solver's roster allows it finds one on
    /// copies, rather than naming one that holds for one roster only.
    pub fn trial_copy(&self) -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("trial.db");
        self.sql()
            .execute("VACUUM INTO ?1", [db.to_str().unwrap()])
            .unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        for file in ["rules.toml", "staff.toml"] {
            std::fs::copy(self.data.join(file), data.join(file)).unwrap();
        }
        Sandbox { dir, db, data }
    }
}

/// The longest any one run of `duty` in a test may take, searches
/// included, on a loaded 2-core machine: far above the slowest (a few
/// seconds), so only a hang reaches it.
pub const RUN_DEADLINE_SECONDS: u64 = 600;

/// Runs a command to the end with a deadline, as `Command::output` does
/// without one: stdin closed, stdout and stderr collected.
pub fn output_within(command: &mut Command, seconds: u64) -> Output {
    let what = format!("{command:?}");
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish_within(child, seconds, &what)
}

/// [`Command::output`] with [`RUN_DEADLINE_SECONDS`]: so that every test
/// that waits on a process ends, even when the process does not.
pub trait OutputByDeadline {
    /// Runs to the end, or fails the test at the deadline.
    fn output_by_deadline(&mut self) -> Output;
}

impl OutputByDeadline for Command {
    fn output_by_deadline(&mut self) -> Output {
        output_within(self, RUN_DEADLINE_SECONDS)
    }
}

/// Waits for a spawned process, killing it and failing the test if it
/// has not finished by `seconds`: no test waits on a process for ever.
/// Its piped output is read as it comes, so a child that writes more
/// than a pipe holds is not mistaken for one that hangs.
pub fn finish_within(mut child: std::process::Child, seconds: u64, what: &str) -> Output {
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Each fairness group (officers compared with each other) whose counts in
/// one of the `limits`' categories differ by more than that category's
/// limit, as `category: ID=count ...`; empty when every spread holds.
pub fn spreads_above(
    station: &dutyroster::model::Station,
    ledger: &dutyroster::model::Ledger,
    limits: &[(dutyroster::model::Category, u32)],
) -> Vec<String> {
    use dutyroster::model::fairness::peer_groups;
    let mut report = Vec::new();
    for &(category, limit) in limits {
        for group in peer_groups(station, category) {
            let counts: Vec<u32> = group
                .iter()
                .map(|&s| ledger.get(&station.staff[s].id, category))
                .collect();
            let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
            if hi - lo > limit {
                let names: Vec<String> = group
                    .iter()
                    .zip(&counts)
                    .map(|(&s, c)| format!("{}={c}", station.staff[s].id))
                    .collect();
                report.push(format!("{}: {}", category.name(), names.join(" ")));
            }
        }
    }
    report
}

/// The officer on the night of Sunday 2026-12-06 (published W49) who may
/// work an early shift; their Monday in the W50 draft becomes that early
/// shift: 0 h rest across the seam.
pub fn break_rest_across_the_seam(sb: &Sandbox) -> String {
    let station = dutyroster::config::load_dir(&sb.data).unwrap();
    let early = station.shift_index("E").unwrap();
    let sql = sb.sql();
    let mut stmt = sql
        .prepare("SELECT staff_id FROM duties WHERE date = '2026-12-06' AND duty = 'N' ORDER BY staff_id")
        .unwrap();
    let nights: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let id = nights
        .into_iter()
        .find(|id| station.can_work(station.staff_index(id).unwrap(), early))
        .expect("someone works the Sunday night who may work an early");
    let draft: i64 = sql
        .query_row(
            "SELECT id FROM rosters WHERE status = 'draft' AND start_date = '2026-12-07' ORDER BY id DESC",
            [],
            |r| r.get(0),
        )
        .unwrap();
    sql.execute(
        "DELETE FROM assignments WHERE roster_id = ?1 AND staff_id = ?2 AND date = '2026-12-07'",
        rusqlite::params![draft, id],
    )
    .unwrap();
    sql.execute(
        "INSERT INTO assignments (roster_id, staff_id, date, duty) VALUES (?1, ?2, '2026-12-07', 'E')",
        rusqlite::params![draft, id],
    )
    .unwrap();
    id
}
