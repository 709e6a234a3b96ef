//! Pages and components. They read the controller's signals and hand user intents to it;
//! nothing more.

pub mod app;
mod stage;
mod stage_quality;
mod stage_reconnecting;
mod shortcuts;
mod header;
pub mod icons;
mod incoming;
mod language;
mod notice;
mod peer_list;
mod server_banner;
mod avatar;
mod chat;
mod focus;
mod control_link;
mod devices;
mod history;
mod live_stream;
mod side_panel;
pub mod telephony;
mod alerts;
mod menu;
mod no_webrtc;
mod share;
mod stream_settings;
