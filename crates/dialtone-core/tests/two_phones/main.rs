//! Two (or three) phones wired through an in-memory relay, with time as an input: the whole call
//! book of specs/call-lifecycle.md played end to end, and a property test over random
//! interleavings of both sides' inputs.
//!
//! Each station runs a `Client`, the machine the call page runs, as the page runs it: the raw
//! text of every signaling frame goes in, and its actions (the socket, frames, getUserMedia by op
//! id, the peer connection, what the page shows) are performed by a simulated page and browser
//! (`page`, `call_page`, `browser`, `transport`) whose results come back later as inputs. So the
//! client's frame parsing, peer directory, `client-id` and resume token, reconnect back-off and
//! capture ids are played with every call. Frames go as JSON text through a relay with the real
//! server's rules (`relay`). Nothing of the core is mocked; the browser and the server are
//! stand-ins with their rules, not with canned answers.

mod browser;
mod call_page;
mod page;
mod relay;
mod signaling;
mod station;
mod transport;
mod world;

mod agreement;
mod base_server;
mod call_book;
mod competing;
mod identity;
mod interleavings;
mod recovery;
mod three_phones;
