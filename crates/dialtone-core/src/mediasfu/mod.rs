//! MediaSFU telephony (specs/mediasfu-api.md), sans-IO. The web layer (`src/net/mediasfu.rs`)
//! sends the requests built here and feeds responses back with the current time; every decision
//! (what a status means, when to poll, when a control is confirmed, what history holds) is here.
//!
//! One file per idea: [`credentials`] (validation, redaction, the header), [`numbers`] (E.164 and
//! paste cleanup), [`sip_uri`] (caller/callee), [`status`] (phase normaliser), [`records`] (API
//! bodies), [`api_error`] (HTTP outcome → stable code), [`request`] (method, path, body),
//! [`gate`] (one per key: every request waits its turn, a window after the previous answer),
//! [`traffic`] (the gate and the poller of one key together), [`poller`] (the shared `/list`
//! policy), [`dial_plan`] (checks before a call), [`placement`] (placing and following a call),
//! [`placement_view`] (its line in the dialer), [`rooms`] (deleting the rooms we created),
//! [`controls`] (confirmation-based controls), [`dtmf`] (key buffering), [`call_log`],
//! [`mode`] (the three credential modes), [`config_refresh`] (when SIP configs are fetched),
//! [`notices`] (where each error is said, once, with its code), [`account`] (the saved settings),
//! and [`page`]: the one machine that composes them all for the telephony page.

pub mod account;
pub mod api_error;
pub mod call_log;
pub mod config_refresh;
pub mod controls;
pub mod credentials;
pub mod dial_plan;
pub mod dtmf;
pub mod gate;
pub mod mode;
pub mod notices;
pub mod numbers;
pub mod page;
pub mod placement;
pub mod placement_view;
pub mod poller;
pub mod records;
pub mod request;
pub mod rooms;
pub mod sip_uri;
pub mod status;
pub mod time;
pub mod traffic;
