//! MediaSFU telephony (specs/mediasfu-api.md), sans-IO. The web layer (`src/net/mediasfu.rs`)
//! sends the requests built here and feeds responses back with the current time; every decision
//! (what a status means, when to poll, when a control is confirmed, what history holds) is here.
//!
//! One file per idea: [`credentials`] (validation, redaction, the header), [`numbers`] (E.164 and
//! paste cleanup), [`sip_uri`] (caller/callee), [`status`] (phase normaliser), [`records`] (API
//! bodies), [`api_error`] (HTTP outcome → stable code), [`request`] (method, path, body),
//! [`poller`] (the shared `/list` policy), [`placement`] (placing and following a call),
//! [`controls`] (confirmation-based controls), [`dtmf`] (key buffering), [`call_history`],
//! [`mode`] (the three credential modes), [`config_refresh`] (when SIP configs are re-fetched).

pub mod api_error;
pub mod call_history;
pub mod config_refresh;
pub mod controls;
pub mod credentials;
pub mod dtmf;
pub mod mode;
pub mod numbers;
pub mod placement;
pub mod poller;
pub mod records;
pub mod request;
pub mod sip_uri;
pub mod status;
pub mod time;
