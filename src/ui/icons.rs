//! Inline SVG icons (no icon font or image files to load).

// Each icon's path (24×24), also drawn without Leptos by the host page (`host::dom`).
pub const PHONE: &str = "M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z";
pub const VIDEO: &str = "M17 10.5V7a1 1 0 0 0-1-1H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-3.5l4 4v-11z";
pub const HANG_UP: &str = "M12 9c-1.6 0-3.15.25-4.6.72v3.1c0 .39-.23.74-.56.9-.98.49-1.87 1.12-2.66 1.85a1 1 0 0 1-1.41-.02L.29 13.08a1 1 0 0 1 0-1.41C3.34 8.78 7.46 7 12 7s8.66 1.78 11.71 4.67a1 1 0 0 1 0 1.41l-2.48 2.48a1 1 0 0 1-1.41.02 11.3 11.3 0 0 0-2.66-1.85 1 1 0 0 1-.56-.9v-3.1A15.3 15.3 0 0 0 12 9z";
pub const MIC: &str = "M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11z";
pub const MIC_OFF: &str = "M19 11h-2c0 .74-.16 1.43-.43 2.05l1.5 1.5A6.9 6.9 0 0 0 19 11zM15 11.16V5a3 3 0 0 0-5.94-.6zM4.27 3 3 4.27l6 6V11a3 3 0 0 0 4.5 2.6l1.6 1.6A5 5 0 0 1 7 11H5a7 7 0 0 0 6 6.92V21h2v-3.08a6.9 6.9 0 0 0 3.1-1.1L19.73 21 21 19.73z";
pub const VIDEO_OFF: &str = "M21 6.5l-4 4V7a1 1 0 0 0-1-1H9.82L21 17.18zM3.27 2 2 3.27 4.73 6H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12c.21 0 .39-.08.54-.18L19.73 21 21 19.73z";
/// Sound level bars: a call's audio streamed out.
pub const STREAM: &str = "M3 10h2v4H3zm4-3h2v10H7zm4-4h2v18h-2zm4 4h2v10h-2zm4 3h2v4h-2z";
/// The theme toggle's: a sun (to light) and a crescent moon (to dark). Drawn, not the text
/// symbols ☀/☾, which some fonts draw as hairlines and a phone may draw as emoji.
pub const SUN: &str = "M12 7a5 5 0 1 0 0 10 5 5 0 0 0 0-10zm-1-6h2v3h-2zm0 19h2v3h-2zM1 11h3v2H1zm19 0h3v2h-3zM4.22 5.64l1.42-1.42 2.12 2.12-1.42 1.42zm12.02 12.02 1.42-1.42 2.12 2.12-1.42 1.42zM4.22 18.36l2.12-2.12 1.42 1.42-2.12 2.12zM16.24 6.34l2.12-2.12 1.42 1.42-2.12 2.12z";
pub const MOON: &str = "M21 14.5A9 9 0 1 1 9.5 3a7 7 0 0 0 11.5 11.5z";
pub const SCREEN: &str = "M20 18a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2H0v2h24v-2zM4 6h16v10H4zm8 1.5 4 4h-3v3h-2v-3H8z";

/// The call page's icons, as Leptos views.
#[cfg(feature = "call-page")]
mod views {
    use leptos::prelude::*;

    use super::*;

    fn icon(path: &'static str) -> impl IntoView {
        view! {
            <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                <path d=path fill="currentColor"/>
            </svg>
        }
    }

    pub fn phone() -> impl IntoView {
        icon(PHONE)
    }

    pub fn video() -> impl IntoView {
        icon(VIDEO)
    }

    pub fn hang_up() -> impl IntoView {
        icon(HANG_UP)
    }

    pub fn mic() -> impl IntoView {
        icon(MIC)
    }

    pub fn mic_off() -> impl IntoView {
        icon(MIC_OFF)
    }

    pub fn video_off() -> impl IntoView {
        icon(VIDEO_OFF)
    }

    pub fn screen() -> impl IntoView {
        icon(SCREEN)
    }

    pub fn stream() -> impl IntoView {
        icon(STREAM)
    }

    pub fn sun() -> impl IntoView {
        icon(SUN)
    }

    pub fn moon() -> impl IntoView {
        icon(MOON)
    }
}
#[cfg(feature = "call-page")]
pub use views::*;
