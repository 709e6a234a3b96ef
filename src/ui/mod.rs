//! Pages and components. They read the controller's signals and hand user intents to it;
//! nothing more.

// Drawn without Leptos, so in every bundle that needs them: the telephony page, and the icon
// paths the host page draws too.
pub mod icons;
pub mod telephony;

/// The call page's Leptos components: only its bundle has Leptos (`Cargo.toml`).
macro_rules! call_page_modules {
    ($($visibility:vis mod $name:ident;)*) => {
        $(
            #[cfg(feature = "call-page")]
            $visibility mod $name;
        )*
    };
}

call_page_modules! {
    pub mod app;
    mod stage;
    mod stage_quality;
    mod stage_reconnecting;
    mod shortcuts;
    mod header;
    mod incoming;
    mod language;
    mod notice;
    mod peer_list;
    mod server_banner;
    mod silent_ringing;
    mod avatar;
    mod chat;
    mod focus;
    mod intents;
    mod leaving;
    mod control_link;
    mod devices;
    mod first_run;
    mod precall;
    mod reading_order;
    mod rehearsal;
    mod history;
    mod live_stream;
    mod side_panel;
    mod alerts;
    mod screen_awake;
    mod media_session;
    mod menu;
    mod no_webrtc;
    mod recording_ready;
    mod share;
    mod stream_settings;
}
