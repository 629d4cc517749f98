//! The shift scheduling benchmark of Curtois and Qu (instances 1-24, see
//! `../shared/bench/shift-scheduling/README.md`): its text format read
//! into plain data, with a message naming the line for anything wrong.
//! The reader only reads; [`super::objective`] scores a roster of it, and
//! mapping an instance onto a station's model is the solver's business.

use std::collections::HashMap;

use super::FormatError;

/// One benchmark instance, as the file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// Days in the horizon; day 0 is a Monday.
    pub horizon: usize,
    /// The shift types, in file order.
    pub shifts: Vec<Shift>,
    /// The employees, in file order.
    pub staff: Vec<Employee>,
    /// Days each employee must not work (by employee index).
    pub days_off: Vec<Vec<usize>>,
    /// Requests to work a shift on a day (cost the weight unless granted).
    pub on_requests: Vec<Request>,
    /// Requests not to work a shift on a day (cost the weight if worked).
    pub off_requests: Vec<Request>,
    /// Cover wanted per day and shift.
    pub cover: Vec<Cover>,
}

/// A shift type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    /// Its id, such as `E`.
    pub id: String,
    /// Length in minutes.
    pub minutes: u32,
    /// Shifts (indices) that may not be worked the day after this one.
    pub not_followed_by: Vec<usize>,
}

/// An employee and their limits over the horizon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employee {
    /// Their id, such as `A`.
    pub id: String,
    /// Most shifts of each type (by shift index) over the horizon.
    pub max_shifts: Vec<u32>,
    /// Most minutes worked in all.
    pub max_minutes: u32,
    /// Fewest minutes worked in all.
    pub min_minutes: u32,
    /// Most working days in a row.
    pub max_consecutive: u32,
    /// Fewest working days in a row (runs touching either end excepted).
    pub min_consecutive: u32,
    /// Fewest days off in a row (runs touching either end excepted).
    pub min_days_off: u32,
    /// Most weekends worked (a weekend counts when either day is worked).
    pub max_weekends: u32,
}

/// A shift-on or shift-off request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// The employee (index).
    pub employee: usize,
    /// The day.
    pub day: usize,
    /// The shift (index).
    pub shift: usize,
    /// What it costs when not met.
    pub weight: u32,
}

/// Cover wanted for one shift on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cover {
    /// The day.
    pub day: usize,
    /// The shift (index).
    pub shift: usize,
    /// Employees wanted.
    pub requirement: u32,
    /// Cost per employee missing.
    pub under_weight: u32,
    /// Cost per employee too many.
    pub over_weight: u32,
}

/// The sections of the format, in the order a reader meets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Horizon,
    Shifts,
    Staff,
    DaysOff,
    OnRequests,
    OffRequests,
    Cover,
}

impl Section {
    fn from_header(line: &str) -> Option<Section> {
        Some(match line {
            "SECTION_HORIZON" => Section::Horizon,
            "SECTION_SHIFTS" => Section::Shifts,
            "SECTION_STAFF" => Section::Staff,
            "SECTION_DAYS_OFF" => Section::DaysOff,
            "SECTION_SHIFT_ON_REQUESTS" => Section::OnRequests,
            "SECTION_SHIFT_OFF_REQUESTS" => Section::OffRequests,
            "SECTION_COVER" => Section::Cover,
            _ => return None,
        })
    }
}

/// The rows of each section with their line numbers, comments and blank
/// lines dropped, CR LF and LF alike.
fn sections(text: &str) -> Result<Vec<(Section, usize, &str)>, FormatError> {
    let mut rows = Vec::new();
    let mut current = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(section) = Section::from_header(line) {
            current = Some(section);
            continue;
        }
        let Some(section) = current else {
            return Err(FormatError {
                line: i + 1,
                message: format!("\"{line}\" comes before any SECTION_ line"),
            });
        };
        rows.push((section, i + 1, line));
    }
    Ok(rows)
}

/// Reads an instance.
pub fn read_instance(text: &str) -> Result<Instance, FormatError> {
    let rows = sections(text)?;
    let of = |s: Section| rows.iter().filter(move |(sec, _, _)| *sec == s);
    let mut instance = Instance {
        horizon: 0,
        shifts: Vec::new(),
        staff: Vec::new(),
        days_off: Vec::new(),
        on_requests: Vec::new(),
        off_requests: Vec::new(),
        cover: Vec::new(),
    };
    for &(_, line, row) in of(Section::Horizon) {
        instance.horizon = number(row, line, "the horizon")?;
    }
    if instance.horizon == 0 {
        return Err(FormatError {
            line: 1,
            message: "no SECTION_HORIZON with a number of days".into(),
        });
    }
    // Shifts first by id, so rotations may name shifts listed later.
    let shift_rows: Vec<_> = of(Section::Shifts).collect();
    let mut shift_index = HashMap::new();
    for (i, &&(_, line, row)) in shift_rows.iter().enumerate() {
        let id = fields(row).next().unwrap_or_default().to_string();
        if shift_index.insert(id.clone(), i).is_some() {
            return Err(error(line, format!("shift \"{id}\" is listed twice")));
        }
    }
    for &&(_, line, row) in &shift_rows {
        instance.shifts.push(shift(row, line, &shift_index)?);
    }
    let mut staff_index = HashMap::new();
    for &(_, line, row) in of(Section::Staff) {
        let employee = employee(row, line, &shift_index)?;
        if staff_index
            .insert(employee.id.clone(), instance.staff.len())
            .is_some()
        {
            return Err(error(
                line,
                format!("employee \"{}\" is listed twice", employee.id),
            ));
        }
        instance.staff.push(employee);
    }
    instance.days_off = vec![Vec::new(); instance.staff.len()];
    let ids = Ids {
        staff: &staff_index,
        shifts: &shift_index,
        horizon: instance.horizon,
    };
    for &(_, line, row) in of(Section::DaysOff) {
        let mut cells = fields(row);
        let e = ids.employee(cells.next(), line)?;
        for cell in cells.filter(|c| !c.is_empty()) {
            let day = ids.day(Some(cell), line)?;
            instance.days_off[e].push(day);
        }
    }
    for &(_, line, row) in of(Section::OnRequests) {
        instance.on_requests.push(ids.request(row, line)?);
    }
    for &(_, line, row) in of(Section::OffRequests) {
        instance.off_requests.push(ids.request(row, line)?);
    }
    for &(_, line, row) in of(Section::Cover) {
        let mut cells = fields(row);
        let day = ids.day(cells.next(), line)?;
        let shift = ids.shift(cells.next(), line)?;
        let requirement = number(cells.next().unwrap_or_default(), line, "the requirement")?;
        let under_weight = number(cells.next().unwrap_or_default(), line, "the under weight")?;
        let over_weight = number(cells.next().unwrap_or_default(), line, "the over weight")?;
        instance.cover.push(Cover {
            day,
            shift,
            requirement,
            under_weight,
            over_weight,
        });
    }
    Ok(instance)
}

fn error(line: usize, message: String) -> FormatError {
    FormatError { line, message }
}

fn fields(row: &str) -> impl Iterator<Item = &str> {
    row.split(',').map(str::trim)
}

/// A whole number that is not negative. Read through `i64`, because the
/// published Instance15 writes a requirement of `-0`.
fn number<T: TryFrom<i64>>(text: &str, line: usize, what: &str) -> Result<T, FormatError> {
    text.trim()
        .parse::<i64>()
        .ok()
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| {
            error(
                line,
                format!("{what} \"{text}\" is not a whole number of 0 or more"),
            )
        })
}

fn shift(row: &str, line: usize, index: &HashMap<String, usize>) -> Result<Shift, FormatError> {
    let mut cells = fields(row);
    let id = cells.next().unwrap_or_default().to_string();
    let minutes = number(cells.next().unwrap_or_default(), line, "the length")?;
    let not_followed_by = cells
        .next()
        .unwrap_or_default()
        .split('|')
        .filter(|s| !s.is_empty())
        .map(|s| {
            index
                .get(s)
                .copied()
                .ok_or_else(|| error(line, format!("unknown shift \"{s}\" in the rotation")))
        })
        .collect::<Result<_, _>>()?;
    Ok(Shift {
        id,
        minutes,
        not_followed_by,
    })
}

fn employee(
    row: &str,
    line: usize,
    shifts: &HashMap<String, usize>,
) -> Result<Employee, FormatError> {
    let cells: Vec<&str> = fields(row).collect();
    if cells.len() != 8 {
        return Err(error(
            line,
            format!("an employee has 8 fields, this row {}", cells.len()),
        ));
    }
    let mut max_shifts = vec![0; shifts.len()];
    for pair in cells[1].split('|').filter(|p| !p.is_empty()) {
        let (id, max) = pair
            .split_once('=')
            .ok_or_else(|| error(line, format!("\"{pair}\" is not shift=max")))?;
        let s = *shifts
            .get(id)
            .ok_or_else(|| error(line, format!("unknown shift \"{id}\"")))?;
        max_shifts[s] = number(max, line, "a maximum of shifts")?;
    }
    Ok(Employee {
        id: cells[0].to_string(),
        max_shifts,
        max_minutes: number(cells[2], line, "the maximum minutes")?,
        min_minutes: number(cells[3], line, "the minimum minutes")?,
        max_consecutive: number(cells[4], line, "the maximum consecutive shifts")?,
        min_consecutive: number(cells[5], line, "the minimum consecutive shifts")?,
        min_days_off: number(cells[6], line, "the minimum consecutive days off")?,
        max_weekends: number(cells[7], line, "the maximum weekends")?,
    })
}

/// Ids resolved to indices, with the line for the message.
struct Ids<'a> {
    staff: &'a HashMap<String, usize>,
    shifts: &'a HashMap<String, usize>,
    horizon: usize,
}

impl Ids<'_> {
    fn employee(&self, id: Option<&str>, line: usize) -> Result<usize, FormatError> {
        let id = id.unwrap_or_default();
        self.staff
            .get(id)
            .copied()
            .ok_or_else(|| error(line, format!("unknown employee \"{id}\"")))
    }

    fn shift(&self, id: Option<&str>, line: usize) -> Result<usize, FormatError> {
        let id = id.unwrap_or_default();
        self.shifts
            .get(id)
            .copied()
            .ok_or_else(|| error(line, format!("unknown shift \"{id}\"")))
    }

    fn day(&self, text: Option<&str>, line: usize) -> Result<usize, FormatError> {
        let day: usize = number(text.unwrap_or_default(), line, "the day")?;
        if day >= self.horizon {
            return Err(error(
                line,
                format!("day {day} is past the horizon of {} days", self.horizon),
            ));
        }
        Ok(day)
    }

    fn request(&self, row: &str, line: usize) -> Result<Request, FormatError> {
        let mut cells = fields(row);
        Ok(Request {
            employee: self.employee(cells.next(), line)?,
            day: self.day(cells.next(), line)?,
            shift: self.shift(cells.next(), line)?,
            weight: number(cells.next().unwrap_or_default(), line, "the weight")?,
        })
    }
}
