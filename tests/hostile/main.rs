//! Hostile names, hostile files, many writers: one case per finding of the
//! audit (issue "nothing gets in, nothing is lost"), each through the real
//! binary, asserting the exact outcome. Every wait on a process has a
//! deadline.

#[path = "../common/mod.rs"]
mod common;

mod config;
mod exports;
mod processes;
mod properties;

use std::process::Output;
use std::time::{Duration, Instant};

use common::{Sandbox, text};

/// A sandbox on the sample station with week 2026-W49 published.
pub fn published() -> Sandbox {
    let sb = Sandbox::new("data");
    // Legal or not (a short search), the roster is saved and published.
    let planned = sb.duty(&[
        "plan", "--week", "2026-W49", "--weeks", "1", "--moves", "300000", "--save",
    ]);
    assert!(matches!(code(&planned), 0 | 4), "{}", text(&planned.stderr));
    sb.ok(&["publish", "2026-W49", "--force", "--reason", "test set-up"]);
    sb
}

/// Output with no character that would steer a terminal: only line feeds,
/// tabs, form feeds and the CR of CRLF.
pub fn assert_inert(what: &str, bytes: &[u8]) {
    let out = text(bytes);
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        let steering = dutyroster::text::is_steering(c);
        let allowed =
            matches!(c, '\n' | '\t' | '\x0c') || (c == '\r' && chars.peek() == Some(&'\n'));
        assert!(
            !steering || allowed,
            "{what}: raw {:?} in output:\n{out}",
            c
        );
    }
}

/// The process's exit code, insisting it did not panic (101) or die.
pub fn code(out: &Output) -> i32 {
    let code = out.status.code().expect("exited, not killed");
    assert_ne!(code, 101, "panicked:\n{}", text(&out.stderr));
    code
}

/// Runs a command to its end or kills it at the deadline (failing).
pub fn within(sb: &Sandbox, args: &[&str], deadline: Duration) -> Output {
    let mut child = sb
        .command(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("duty {args:?} still running after {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Replaces the name of officer `id` in the sandbox's staff.toml with a
/// TOML basic string holding `name` (escaped as TOML requires, so that
/// any Unicode, control characters included, reaches the parser).
pub fn rename(sb: &Sandbox, id: &str, name: &str) {
    let path = sb.data.join("staff.toml");
    let staff = std::fs::read_to_string(&path).unwrap();
    let marker = format!("id = \"{id}\"");
    let at = staff.find(&marker).expect("officer in staff.toml");
    let name_at = at + staff[at..].find("name = ").unwrap();
    let line_end = name_at + staff[name_at..].find('\n').unwrap();
    let mut quoted = String::from("\"");
    for c in name.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    let updated = format!("{}name = {quoted}{}", &staff[..name_at], &staff[line_end..]);
    std::fs::write(&path, updated).unwrap();
}
