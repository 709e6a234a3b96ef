//! Pages and components. They read the controller's signals and hand user intents to it;
//! nothing more.

#[cfg(feature = "call-page")]
pub mod app;
#[cfg(feature = "call-page")]
mod stage;
#[cfg(feature = "call-page")]
mod stage_quality;
#[cfg(feature = "call-page")]
mod stage_reconnecting;
#[cfg(feature = "call-page")]
mod shortcuts;
#[cfg(feature = "call-page")]
mod header;
pub mod icons;
#[cfg(feature = "call-page")]
mod incoming;
#[cfg(feature = "call-page")]
mod language;
#[cfg(feature = "call-page")]
mod notice;
#[cfg(feature = "call-page")]
mod peer_list;
#[cfg(feature = "call-page")]
mod server_banner;
#[cfg(feature = "call-page")]
mod avatar;
#[cfg(feature = "call-page")]
mod chat;
#[cfg(feature = "call-page")]
mod focus;
#[cfg(feature = "call-page")]
mod intents;
#[cfg(feature = "call-page")]
mod control_link;
#[cfg(feature = "call-page")]
mod devices;
#[cfg(feature = "call-page")]
mod first_run;
#[cfg(feature = "call-page")]
mod precall;
#[cfg(feature = "call-page")]
mod reading_order;
#[cfg(feature = "call-page")]
mod rehearsal;
#[cfg(feature = "call-page")]
mod history;
#[cfg(feature = "call-page")]
mod live_stream;
#[cfg(feature = "call-page")]
mod side_panel;
pub mod telephony;
#[cfg(feature = "call-page")]
mod alerts;
#[cfg(feature = "call-page")]
mod menu;
#[cfg(feature = "call-page")]
mod no_webrtc;
#[cfg(feature = "call-page")]
mod share;
#[cfg(feature = "call-page")]
mod stream_settings;
