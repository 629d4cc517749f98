//! The real `duty` binary in a real terminal (tmux), driven as a duty
//! manager would: open, solve, change a cell and pin another, solve again
//! around them, publish, quit; then `duty now`, `duty history` and `duty
//! print` show what was published. Every wait has a deadline, so a hang
//! fails the test with the screen instead of stalling the suite.

mod common;

use common::OutputByDeadline;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use common::Sandbox;

/// Screen size: wide columns (day 9).
const WIDTH: usize = 160;
const HEIGHT: usize = 48;
const DAY_COLUMN: usize = 9;

/// A private tmux server running one `duty`; killed on drop, pass or fail.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    fn start(sb: &Sandbox) -> Tmux {
        Tmux::start_on(sb, "2026-W49")
    }

    fn start_on(sb: &Sandbox, week: &str) -> Tmux {
        let tmux_found = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            tmux_found,
            "tmux is needed for this test: `bash scripts/test` installs Debian's tmux"
        );
        let socket = sb.dir.path().join("tmux.sock");
        let tmux = Tmux { socket };
        let command = format!(
            "env USER=tmux-e2e NO_COLOR=1 '{}' --data '{}' --db '{}' --week {week} 2> '{}'; echo $? > '{}'",
            env!("CARGO_BIN_EXE_duty"),
            sb.data.display(),
            sb.db.display(),
            stderr_file(sb).display(),
            exit_status_file(sb).display()
        );
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "duty",
            "-x",
            &WIDTH.to_string(),
            "-y",
            &HEIGHT.to_string(),
            &command,
        ]);
        // Keep the pane after duty exits, to read its exit status and
        // what it left on the screen.
        tmux.run(&["set-option", "-t", "duty", "remain-on-exit", "on"]);
        tmux
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(["-f", "/dev/null"])
            .args(args)
            .output_by_deadline();
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "duty", key]);
            if *key == "Escape" {
                // Esc and the next key read together are Alt+key to a terminal.
                std::thread::sleep(Duration::from_millis(150));
            }
        }
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "duty"])
    }

    /// Waits until the screen satisfies `ready`, or fails showing it.
    /// Returns a settled screen: see `settled`.
    fn wait_for(&self, what: &str, timeout: Duration, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return self.settled(screen, &ready);
            }
            assert!(
                Instant::now() < deadline,
                "waited {timeout:?} for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// tmux can be caught halfway through a frame (on a busy machine CI
    /// once read the title of the first frame with its last rows still
    /// unwritten), so a screen is read again until two captures 100 ms
    /// apart agree. A gauge that keeps moving never settles: after a
    /// second the last capture still `ready` is returned.
    fn settled(&self, mut screen: String, ready: &impl Fn(&str) -> bool) -> String {
        for _ in 0..10 {
            std::thread::sleep(Duration::from_millis(100));
            let again = self.screen();
            if again == screen || !ready(&again) {
                return screen;
            }
            screen = again;
        }
        screen
    }

    /// Waits until duty and its shell have exited, or fails showing the
    /// screen; returns what the pane shows then.
    fn wait_exit(&self, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        while self.pane("#{pane_dead}") != "1" {
            assert!(
                Instant::now() < deadline,
                "duty did not exit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        self.screen()
    }

    fn pane(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", "duty", format])
            .trim()
            .to_string()
    }
}

/// Where duty's standard error goes (the pane may close before tmux has
/// drawn the last words).
fn stderr_file(sb: &Sandbox) -> PathBuf {
    sb.dir.path().join("stderr")
}

/// Where the pane's shell writes duty's exit status.
fn exit_status_file(sb: &Sandbox) -> PathBuf {
    sb.dir.path().join("exit-status")
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

/// The status line: the one above the key hints.
fn status(screen: &str) -> &str {
    let lines: Vec<&str> = screen.lines().collect();
    lines
        .iter()
        .rposition(|l| l.contains("hjkl move"))
        .and_then(|i| i.checked_sub(1))
        .map_or("", |i| lines[i])
}

/// Where day `day` (0 = Monday 2026-11-30) starts on the screen: the
/// column of its head, such as `Mo30`.
fn day_column(screen: &str, day: usize) -> usize {
    let heads = screen
        .lines()
        .find(|l| l.starts_with("Officer"))
        .unwrap_or_else(|| panic!("no day heads:\n{screen}"));
    let label = ["Mo30", "Tu01", "We02", "Th03", "Fr04", "Sa05", "Su06"][day];
    let byte = heads
        .find(label)
        .unwrap_or_else(|| panic!("no {label}:\n{screen}"));
    heads[..byte].chars().count()
}

/// The text in a line at day `day`'s column.
fn at_day(screen: &str, line: &str, day: usize) -> String {
    line.chars()
        .skip(day_column(screen, day))
        .take(DAY_COLUMN)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The cell of officer `id` on day `day` as drawn (`N`, `CHF!`, ...).
fn cell(screen: &str, id: &str, day: usize) -> String {
    let line = screen
        .lines()
        .find(|l| {
            l.chars()
                .skip(1)
                .collect::<String>()
                .starts_with(&format!("{id} "))
        })
        .unwrap_or_else(|| panic!("no row for {id}:\n{screen}"));
    at_day(screen, line, day)
}

/// Whether the editor's whole first frame for `week` is on the screen:
/// its title at the top and its key line at the bottom.
fn first_frame(screen: &str, week: &str) -> bool {
    screen.contains(&format!("{week} · draft")) && screen.contains("? help · q quit")
}

/// The picker's options in order, as (code, note).
fn picker_options(screen: &str) -> Vec<(String, String)> {
    screen
        .lines()
        .filter_map(|l| {
            let inside = l.split('│').nth(1)?;
            let (code, note) = inside.trim().split_once(' ')?;
            let note = note.trim();
            ["ok", "breaks", "mends", "as now"]
                .iter()
                .any(|start| note.starts_with(start))
                .then(|| (code.to_string(), note.to_string()))
        })
        .collect()
}

/// A grid cell's duty as the picker and the CSV name it.
fn duty_code(cell: &str) -> String {
    match cell.trim_end_matches(['!', '~']) {
        "CHF" => "CHIEF".to_string(),
        "lv" => "-".to_string(),
        other => other.to_string(),
    }
}

fn duty(sb: &Sandbox, args: &[&str]) -> String {
    let out = sb.duty(args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "duty {args:?}: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn open_solve_edit_pin_resolve_publish_quit_then_now_and_history() {
    let sb = Sandbox::new("data");
    let tmux = Tmux::start(&sb);
    let long = Duration::from_secs(90);
    let short = Duration::from_secs(10);

    let screen = tmux.wait_for("the first frame", short, |s| first_frame(s, "2026-W49"));
    assert!(screen.contains("Chief on duty"), "{screen}");
    assert_eq!(cell(&screen, "ST01", 0), "-", "a new week starts empty");
    // NO_COLOR=1: the empty week's shortfalls are bold, never red.
    let styled = tmux.run(&["capture-pane", "-e", "-p", "-t", "duty"]);
    assert!(styled.contains("0/3!"), "{styled}");
    assert!(styled.contains("\u{1b}[1m"), "bold is used:\n{styled:?}");
    // tmux writes red as 31 or as colour 1 of 256 (38;5;1).
    assert!(
        !styled.contains("\u{1b}[31m") && !styled.contains("38;5;1m"),
        "no red under NO_COLOR:\n{styled:?}"
    );

    tmux.keys(&["s"]);
    tmux.wait_for("the solver's gauge", short, |s| {
        status(s).contains("SOLVING")
    });
    tmux.wait_for("the first solve", long, |s| {
        status(s).contains("solved: hard 0")
    });

    // Change a cell through the picker: the first officer, from the top,
    // whose picker offers another duty that breaks nothing. Any officer on
    // the screen will do (a tight Monday may leave the first dozen none).
    let officer_row = |l: &&str| l.starts_with('◆') || l.starts_with(' ');
    let on_screen = tmux.screen().lines().filter(officer_row).count();
    let mut changed = None;
    for row in 0..on_screen {
        let screen = tmux.screen();
        let id = screen
            .lines()
            .filter(officer_row)
            .nth(row)
            .and_then(|l| {
                l.chars()
                    .skip(1)
                    .collect::<String>()
                    .split(' ')
                    .next()
                    .map(String::from)
            })
            .unwrap();
        let current = duty_code(&cell(&screen, &id, 0));
        tmux.keys(&["Enter"]);
        let picker = tmux.wait_for("the picker", short, |s| !picker_options(s).is_empty());
        let options = picker_options(&picker);
        if let Some(k) = options
            .iter()
            .position(|(code, note)| *code != current && note.starts_with("ok"))
        {
            let ups = vec!["Up"; options.len()];
            tmux.keys(&ups);
            tmux.keys(&vec!["Down"; k]);
            tmux.keys(&["Enter"]);
            changed = Some((id, options[k].0.clone()));
            break;
        }
        tmux.keys(&["Escape", "j"]);
    }
    let (changed_id, changed_code) = changed.expect("some officer could take another duty");
    let screen = tmux.wait_for("the changed cell", short, |s| {
        status(s).contains("and pinned")
    });
    let changed_cell = cell(&screen, &changed_id, 0);
    assert_eq!(duty_code(&changed_cell), changed_code, "{screen}");
    assert!(changed_cell.ends_with('!'), "{screen}");

    // Pin the next day of the same officer as it is.
    tmux.keys(&["l", "Space"]);
    let screen = tmux.wait_for("the pin", short, |s| status(s).trim() == "pinned");
    let pinned = cell(&screen, &changed_id, 1);
    assert!(pinned.ends_with('!'), "{screen}");

    // Solve again around both pins: they stay.
    tmux.keys(&["s"]);
    // A solve never worsens the roster: it takes a better one or keeps
    // the one it started from.
    let screen = tmux.wait_for("the second solve", long, |s| {
        status(s).contains("solved: hard 0") || status(s).contains("kept your roster (hard 0")
    });
    assert_eq!(cell(&screen, &changed_id, 0), changed_cell, "{screen}");
    assert_eq!(cell(&screen, &changed_id, 1), pinned, "{screen}");
    let chief_line = screen
        .lines()
        .find(|l| l.starts_with("Chief on duty"))
        .unwrap();
    let chief_tuesday = at_day(&screen, chief_line, 1);

    // Publish after the confirmation, which shows the score.
    tmux.keys(&["P"]);
    tmux.wait_for("the publish question", short, |s| {
        s.contains("Publish 2026-W49 with score hard 0")
    });
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("publishing", short, |s| {
        status(s).contains("published 2026-W49 as roster #") || status(s).contains("not published")
    });
    assert!(
        status(&screen).contains("published 2026-W49 as roster #1"),
        "{screen}"
    );
    assert!(screen.contains("2026-W49 · published"), "{screen}");

    // The week's history, read from the database by the event loop: the
    // roster just published, by whom, and the publish in the audit log.
    tmux.keys(&["H"]);
    let history = tmux.wait_for("the history screen", short, |s| {
        s.contains("History of 2026-W49") && s.contains("Absences recorded:")
    });
    assert!(history.contains("Rosters:"), "{history}");
    assert!(history.contains("published"), "{history}");
    assert!(history.contains("tmux-e2e"), "{history}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("the grid again", short, |s| !s.contains("History of"));

    // Quit: nothing unpublished, so no question; the terminal is restored.
    tmux.keys(&["q"]);
    let after = tmux.wait_exit(short);
    let exit = std::fs::read_to_string(exit_status_file(&sb)).unwrap();
    assert_eq!(exit.trim(), "0", "duty's exit status");
    let stderr = std::fs::read_to_string(stderr_file(&sb)).unwrap();
    assert!(stderr.is_empty(), "nothing on standard error: {stderr}");
    assert!(
        !after.contains("Chief on duty"),
        "the alternate screen was left:\n{after}"
    );

    // What was published is what the rest of duty sees.
    let now = duty(&sb, &["now", "--at", "2026-12-01 12:00"]);
    assert!(
        now.contains(&format!("({chief_tuesday})")),
        "chief {chief_tuesday}:\n{now}"
    );
    let history = duty(&sb, &["history"]);
    assert!(history.contains("published"), "{history}");
    assert!(history.contains("by tmux-e2e"), "{history}");
    let csv = duty(&sb, &["print", "2026-W49", "--format", "csv"]);
    let row = csv
        .lines()
        .find(|l| l.starts_with(&format!("2026-11-30,{changed_id},")));
    match changed_code.as_str() {
        "-" => assert!(row.is_none(), "{changed_id} should be off:\n{csv}"),
        code => assert!(
            row.is_some_and(|r| r.split(',').nth(4) == Some(code)),
            "{changed_id} should work {code}:\n{csv}"
        ),
    }
}

/// The pid of the `duty` process whose command line names `db`.
fn duty_pid(db: &std::path::Path) -> Option<u32> {
    let db = db.to_string_lossy();
    std::fs::read_dir("/proc").ok()?.find_map(|entry| {
        let entry = entry.ok()?;
        let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
        let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
        let args: Vec<String> = cmdline
            .split(|&b| b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        (args.first()? == env!("CARGO_BIN_EXE_duty") && args.iter().any(|a| *a == db))
            .then_some(pid)
    })
}

#[test]
fn a_stop_signal_restores_the_terminal() {
    let sb = Sandbox::new("data");
    let tmux = Tmux::start(&sb);
    let short = Duration::from_secs(10);
    tmux.wait_for("the first frame", short, |s| first_frame(s, "2026-W49"));
    let pid = duty_pid(&sb.db).expect("duty is running");
    let killed = Command::new("sh")
        .args(["-c", &format!("kill -TERM {pid}")])
        .status()
        .unwrap();
    assert!(killed.success());
    let after = tmux.wait_exit(short);
    assert!(
        !after.contains("Chief on duty"),
        "the alternate screen was left:\n{after}"
    );
    let exit = std::fs::read_to_string(exit_status_file(&sb)).unwrap();
    assert_eq!(exit.trim(), "1", "duty's exit status");
    let stderr = std::fs::read_to_string(stderr_file(&sb)).unwrap();
    assert!(stderr.contains("stopped by a signal"), "{stderr}");
}

/// Closing the terminal under the editor (the tmux server goes, SIGHUP
/// follows) ends duty within seconds; crossterm alone would read the
/// closed terminal's end-of-file forever at full CPU.
#[test]
fn closing_the_terminal_ends_the_editor() {
    let sb = Sandbox::new("data");
    let tmux = Tmux::start(&sb);
    let short = Duration::from_secs(10);
    tmux.wait_for("the first frame", short, |s| first_frame(s, "2026-W49"));
    let pid = duty_pid(&sb.db).expect("duty is running");
    let closed = Instant::now();
    drop(tmux); // kills the tmux server: the terminal is gone
    let deadline = closed + short;
    while std::path::Path::new(&format!("/proc/{pid}")).exists() && duty_pid(&sb.db) == Some(pid) {
        if Instant::now() > deadline {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("duty (pid {pid}) still runs {short:?} after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let took = closed.elapsed();
    assert!(
        took < Duration::from_secs(1),
        "duty took {took:?} to end after its terminal closed"
    );
    let stderr = std::fs::read_to_string(stderr_file(&sb)).unwrap_or_default();
    assert!(stderr.contains("stopped by a signal"), "{stderr}");
}

#[test]
fn a_dumb_terminal_gets_a_clear_message() {
    let sb = Sandbox::new("data");
    let socket = sb.dir.path().join("tmux-dumb.sock");
    let command = format!(
        "env TERM=dumb '{}' --data '{}' --db '{}' 2> '{}'; echo $? > '{}'",
        env!("CARGO_BIN_EXE_duty"),
        sb.data.display(),
        sb.db.display(),
        stderr_file(&sb).display(),
        exit_status_file(&sb).display()
    );
    let tmux = Tmux { socket };
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "duty",
        "-x",
        "80",
        "-y",
        "24",
        &command,
    ]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !exit_status_file(&sb).exists() {
        assert!(
            Instant::now() < deadline,
            "duty did not exit under TERM=dumb"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(100));
    let status = std::fs::read_to_string(exit_status_file(&sb)).unwrap();
    assert_eq!(status.trim(), "1");
    let stderr = std::fs::read_to_string(stderr_file(&sb)).unwrap();
    assert!(stderr.contains("TERM=dumb"), "{stderr}");
}

/// Ctrl-z suspends the editor to the shell with the terminal restored;
/// `fg` brings it back with the whole screen drawn again.
#[test]
fn ctrl_z_suspends_and_fg_resumes_with_the_screen_redrawn() {
    let sb = Sandbox::new("data");
    let socket = sb.dir.path().join("tmux-job.sock");
    let tmux = Tmux { socket };
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "duty",
        "-x",
        "160",
        "-y",
        "48",
        "env PS1='job$ ' bash --norc --noprofile -i",
    ]);
    let short = Duration::from_secs(15);
    tmux.wait_for("the shell", short, |s| s.contains("job$"));
    let line = format!(
        "NO_COLOR=1 '{}' --data '{}' --db '{}' --week 2026-W49",
        env!("CARGO_BIN_EXE_duty"),
        sb.data.display(),
        sb.db.display()
    );
    tmux.run(&["send-keys", "-t", "duty", "-l", &line]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the first frame", short, |s| first_frame(s, "2026-W49"));
    tmux.keys(&["C-z"]);
    let shell = tmux.wait_for("the shell again", short, |s| {
        s.contains("Stopped") && !s.contains("2026-W49 · draft")
    });
    assert!(shell.contains("job$"), "{shell}");
    tmux.run(&["send-keys", "-t", "duty", "-l", "fg"]);
    tmux.keys(&["Enter"]);
    let back = tmux.wait_for("the editor again", short, |s| {
        s.contains("2026-W49 · draft") && s.contains("Chief on duty")
    });
    assert!(back.contains("Officer"), "{back}");
    tmux.keys(&["q"]);
    let deadline = Instant::now() + short;
    while duty_pid(&sb.db).is_some() {
        assert!(
            Instant::now() < deadline,
            "duty did not quit after fg:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The seam recipe (issue: one judgement): W49 published, a W50 draft in
/// which an officer works the Sunday night of W49 and an early shift on
/// Monday. The real editor on that database shows the hard violations
/// `duty print` reports, lists them, and refuses to publish, as `duty
/// publish` does.
#[test]
fn the_editor_refuses_to_publish_a_draft_that_breaks_rest_across_the_seam() {
    let sb = Sandbox::new("data");
    sb.ok(&[
        "plan", "--week", "2026-W49", "--weeks", "1", "--moves", "3000000", "--seed", "1", "--save",
    ]);
    sb.ok(&["publish", "2026-W49"]);
    sb.ok(&[
        "plan", "--week", "2026-W50", "--weeks", "1", "--moves", "3000000", "--seed", "2", "--save",
    ]);
    common::break_rest_across_the_seam(&sb);
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&["print", "2026-W50", "--format", "json"])).unwrap();
    let hard_score = json["score"]["hard"].as_i64().unwrap();
    let hard: Vec<String> = json["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["hard"] == true)
        .map(|v| v["rule"].as_str().unwrap().to_string())
        .collect();
    assert!(hard.iter().any(|r| r == "min_rest"), "{hard:?}");

    let tmux = Tmux::start_on(&sb, "2026-W50");
    let short = Duration::from_secs(15);
    let screen = tmux.wait_for("the W50 draft", short, |s| first_frame(s, "2026-W50"));
    assert!(
        screen.contains(&format!("{} hard broken", hard.len())),
        "the header and print disagree (print: {} hard, score hard {hard_score}):\n{screen}",
        hard.len()
    );
    tmux.keys(&["v"]);
    let list = tmux.wait_for("the violations list", short, |s| s.contains("Violations: "));
    assert!(
        list.contains(&format!("Violations: {} hard", hard.len())),
        "{list}"
    );
    assert!(
        list.contains("HARD too little rest between duties"),
        "{list}"
    );
    // Refused at once: no question whose yes could only be refused.
    tmux.keys(&["Escape", "P"]);
    let refused = tmux.wait_for("the refusal", short, |s| s.contains("not published"));
    assert!(
        refused.contains("hard rule") && refused.contains("broken"),
        "{refused}"
    );
    assert!(!refused.contains("y publishes"), "{refused}");
    // y now is no answer to anything: nothing is published.
    tmux.keys(&["y"]);
    tmux.keys(&["q"]);
    tmux.wait_exit(short);
    let published: i64 = sb
        .sql()
        .query_row(
            "SELECT COUNT(*) FROM rosters WHERE status = 'published' AND start_date = '2026-12-07'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(published, 0, "the editor published it");
    let cli = sb.duty(&["publish", "2026-W50"]);
    assert_eq!(cli.status.code(), Some(4));
}
