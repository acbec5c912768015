//! The intervention process as a state machine: an Ofsted track and a DfE track side by
//! side, as the NAO drew them, and the transitions that do not fit it.
//!
//! The machine only knows order, not deadlines: it says where a council stands after each
//! event and which steps the process does not allow. Timing is the rules' job.

mod flowchart;
mod state;
mod step;
mod violation;

pub use flowchart::{FlowchartFormat, render_flowchart};
pub use state::{DfeState, OfstedState, State};
pub use step::{Flagged, Machine};
pub use violation::{Violation, ViolationName};
