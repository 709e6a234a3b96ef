//! Dialtone's web app: a Leptos single-page app over the sans-IO core.
//!
//! The app only exists on wasm32 (built by trunk). Natively, `cargo test --workspace` compiles
//! this crate as an empty binary so that one command covers the whole workspace.
//!
//! Each page is its own bundle (features `call-page`, `host-page`, `telephony-page`): a build with
//! one page feature mounts that page whatever the URL, and the linker drops the other pages' code.
//! Only the build with every feature (the default) checks for code no page uses.

// A one-page build leaves the other pages' modules unused on purpose.
#![cfg_attr(
    not(all(feature = "call-page", feature = "host-page", feature = "telephony-page")),
    allow(dead_code, unused_imports)
)]

// The call page's controller and the widget's bridge are Leptos code: only its build has them.
#[cfg(all(target_arch = "wasm32", feature = "call-page"))]
mod controller;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod driver;
#[cfg(all(target_arch = "wasm32", feature = "call-page"))]
mod embed;
#[cfg(target_arch = "wasm32")]
mod host;
#[cfg(target_arch = "wasm32")]
mod js;
// Also compiled natively, for the catalogue tests.
#[cfg(any(target_arch = "wasm32", test))]
mod i18n;
#[cfg(target_arch = "wasm32")]
mod media;
#[cfg(target_arch = "wasm32")]
mod net;
#[cfg(target_arch = "wasm32")]
mod rtc;
#[cfg(target_arch = "wasm32")]
mod settings;
#[cfg(target_arch = "wasm32")]
mod telephony;
#[cfg(target_arch = "wasm32")]
mod ui;

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    // The static shell of index.html has done its job (something on screen while this loaded).
    if let Some(shell) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app-shell")) {
        shell.remove();
    }
    // The reader's language, before anything renders (it also sets `<html lang>`).
    i18n::init();
    // Host mode replaces the whole app: no signaling server, the host drives the page.
    #[cfg(feature = "host-page")]
    if !cfg!(feature = "call-page") || host::requested() {
        return host::mount();
    }
    // The MediaSFU telephony page stands alone (no signaling server needed).
    #[cfg(feature = "telephony-page")]
    if !cfg!(feature = "call-page") || ui::telephony::requested() {
        return ui::telephony::mount();
    }
    #[cfg(feature = "call-page")]
    leptos::mount::mount_to_body(ui::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("dialtone is a web app: build it with `trunk build --release` (see README.md)");
}
