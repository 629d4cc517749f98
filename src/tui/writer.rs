//! The editor's writes to the database (save a draft, publish) on a thread
//! of their own with its own connection, one after another in the order
//! asked: a database locked by another `duty` (up to the busy timeout)
//! never freezes the screen. Dropping the writer waits for the writes
//! under way, so quitting never cuts one short.

use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;

use super::app::Message;
use super::commands::{Session, WORKER_PREFIX, WriteJob, WriteKind, panic_text, write};
use crate::app::{Store, StoreError};
use crate::model::Station;

/// The write thread and the queue to it.
pub struct Writer {
    jobs: Option<Sender<WriteJob>>,
    thread: Option<JoinHandle<()>>,
    writing: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Writer {
    /// Opens a second connection to `store`'s file and starts the thread;
    /// results come back on `results` as `Saved` or `Published`.
    pub fn start(
        store: &Store,
        mut station: Station,
        session: Session,
        results: Sender<Message>,
    ) -> Result<Writer, StoreError> {
        let mut own = Store::open(store.path())?;
        let writing = std::sync::Arc::clone(&session.writing);
        let session_writing = std::sync::Arc::clone(&session.writing);
        let (jobs, queue) = mpsc::channel::<WriteJob>();
        let thread = std::thread::Builder::new()
            .name(format!("{WORKER_PREFIX}store"))
            .spawn(move || {
                for job in queue {
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        write(&mut own, &station, &session, &job)
                    }));
                    let message = outcome.unwrap_or_else(|panic| {
                        let why = format!("internal error: {}", panic_text(panic.as_ref()));
                        match job.kind {
                            WriteKind::SaveDraft => Message::Saved(Err(why)),
                            WriteKind::Publish => Message::Published(Err(why)),
                            WriteKind::Absent(_) => Message::AbsenceRecorded(Err(why)),
                            WriteKind::DayOf(change) => Message::DayOfRecorded(change, Err(why)),
                            WriteKind::Replan(_) => Message::ReplanFound(Err(why)),
                            WriteKind::ApplyReplan => Message::ReplanRecorded(Err(why)),
                        }
                    });
                    // Later writes judge with the absence, as the editor does.
                    if let Message::AbsenceRecorded(Ok(absence)) = &message {
                        let date = job.roster.date(absence.day);
                        station.leave.push(crate::model::Leave {
                            staff: absence.staff,
                            from: date,
                            to: date,
                            kind: crate::model::LeaveKind::Sick,
                        });
                    }
                    let _ = results.send(message);
                    if job.kind.writes() {
                        writing.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            })
            .map_err(|e| StoreError::Refused(format!("cannot start the writer: {e}")))?;
        Ok(Writer {
            jobs: Some(jobs),
            thread: Some(thread),
            writing: std::sync::Arc::clone(&session_writing),
        })
    }

    /// Queues a write; its result arrives as a message.
    pub fn submit(&self, job: WriteJob) {
        if let Some(jobs) = &self.jobs {
            let writes = job.kind.writes();
            if writes {
                self.writing
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            if jobs.send(job).is_err() && writes {
                self.writing
                    .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
