//! A set of skills as a bit mask, so that "does this officer have every skill
//! the shift needs" is one AND in the solver's hot loop rather than a search.

/// Skills held or required, as bits indexed by `Station::skills`. At most 64
/// skills exist per station; the config layer enforces that bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SkillSet(pub u64);

/// The most skills a station may declare, because a set is one `u64`.
pub const MAX_SKILLS: usize = 64;

impl SkillSet {
    /// A set holding one skill; used when building sets from references.
    pub fn single(skill: usize) -> Self {
        debug_assert!(skill < MAX_SKILLS);
        SkillSet(1 << skill)
    }

    /// Adds a skill; builders call this while resolving names.
    pub fn insert(&mut self, skill: usize) {
        self.0 |= Self::single(skill).0;
    }

    /// True when the officer holds the given skill.
    pub fn contains(self, skill: usize) -> bool {
        self.0 & (1 << skill) != 0
    }

    /// True when every skill in `required` is also in `self`.
    pub fn covers(self, required: SkillSet) -> bool {
        self.0 & required.0 == required.0
    }

    /// True when the two sets share at least one skill.
    pub fn intersects(self, other: SkillSet) -> bool {
        self.0 & other.0 != 0
    }

    /// True when no skill is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The skill indices in ascending order, for display.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..MAX_SKILLS).filter(move |&s| self.contains(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_and_contains() {
        let mut held = SkillSet::default();
        held.insert(0);
        held.insert(5);
        assert!(held.contains(5));
        assert!(!held.contains(4));
        assert!(held.covers(SkillSet::single(0)));
        assert!(!held.covers(SkillSet(0b11)));
        assert!(held.covers(SkillSet::default()));
        assert_eq!(held.iter().collect::<Vec<_>>(), vec![0, 5]);
    }
}
