//! Replay order: by date, where events with overlapping dates keep their file order.

use crate::model::Event;

/// Indices of `events` in replay order.
///
/// An event moves ahead of one listed before it only when it is certainly earlier; two
/// events whose partial dates overlap may be listed either way, so their file order is
/// the only order there is.
pub fn replay_order(events: &[Event]) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(events.len());
    for (index, event) in events.iter().enumerate() {
        let mut at = order.len();
        while at > 0 && event.date.certainly_before(&events[order[at - 1]].date) {
            at -= 1;
        }
        order.insert(at, index);
    }
    order
}
