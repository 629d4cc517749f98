//! Questions asked of a station before any roster exists, such as "is there
//! enough staff for this demand at all?". Pure functions of the model.

pub mod capacity;
