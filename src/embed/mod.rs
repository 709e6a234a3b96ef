//! The embedded widget's side of the postMessage API (specs/embed.md).

pub mod bridge;
