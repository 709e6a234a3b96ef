//! The embedded widget's side of the postMessage API (specs/embed.md).

mod access;
pub mod bridge;
