//! Two (or three) phones wired through an in-memory relay, with time as an input: the whole call
//! book of specs/call-lifecycle.md played end to end, and a property test over random
//! interleavings of both sides' inputs.
//!
//! Each `Phone` runs as the call page runs it: its actions are performed by a simulated browser
//! (`station`, `browser`, `transport`) whose results come back later as inputs; its frames go as
//! JSON text through a relay with the real server's rules (`relay`). Nothing of the core is
//! mocked; the browser and the server are stand-ins with their rules, not with canned answers.

mod browser;
mod relay;
mod signaling;
mod station;
mod transport;
mod world;

mod agreement;
mod base_server;
mod call_book;
mod competing;
mod interleavings;
mod recovery;
