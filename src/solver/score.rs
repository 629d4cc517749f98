//! A roster's score: hard and soft penalty sums, compared hard first. Lower
//! is better; a roster with `hard == 0` may be published.

use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub};

/// (hard, soft) penalties. The derived order compares `hard` first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score {
    /// Weighted hard violations; must be zero to publish.
    pub hard: i64,
    /// Weighted soft penalties.
    pub soft: i64,
}

impl Score {
    /// No penalty.
    pub const ZERO: Score = Score { hard: 0, soft: 0 };

    /// A hard-only penalty.
    pub fn hard(hard: i64) -> Self {
        Score { hard, soft: 0 }
    }

    /// A soft-only penalty.
    pub fn soft(soft: i64) -> Self {
        Score { hard: 0, soft }
    }

    /// True when every hard rule holds.
    pub fn is_feasible(self) -> bool {
        self.hard == 0
    }
}

impl Add for Score {
    type Output = Score;
    fn add(self, o: Score) -> Score {
        Score {
            hard: self.hard + o.hard,
            soft: self.soft + o.soft,
        }
    }
}

impl Sub for Score {
    type Output = Score;
    fn sub(self, o: Score) -> Score {
        Score {
            hard: self.hard - o.hard,
            soft: self.soft - o.soft,
        }
    }
}

impl Neg for Score {
    type Output = Score;
    fn neg(self) -> Score {
        Score {
            hard: -self.hard,
            soft: -self.soft,
        }
    }
}

impl AddAssign for Score {
    fn add_assign(&mut self, o: Score) {
        *self = *self + o;
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "hard {} / soft {}", self.hard, self.soft)
    }
}
