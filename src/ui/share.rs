//! Links people share: "Copy link to this room", "Copy a link to call Bob", and, on a page
//! opened from a call link, the offer to call that person once they are online (never dialled
//! by itself). The link formats are the core's (`share_link`).

use dialtone_core::protocol::MediaKind;
use dialtone_core::share_link::{self, CallLinkOffer};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::app::{use_intents, use_ui};
use super::focus::on_page;
use super::icons;
use crate::i18n::t;

/// What the last copy did: copied (a short confirmation), or refused by the browser (the link
/// is shown to select and copy by hand).
#[derive(Debug, Clone, PartialEq)]
pub struct CopyResult {
    pub link: String,
    /// What was copied, in words ("Link to this room").
    pub what: String,
    pub copied: bool,
    /// Tells one copy from the next, so an older confirmation's timer leaves a newer one alone.
    pub serial: u32,
}

thread_local! {
    /// One result on screen at a time, whichever control copied it (menu or a person's row).
    static LAST_COPY: RwSignal<Option<CopyResult>> = RwSignal::new(None);
}

fn last_copy() -> RwSignal<Option<CopyResult>> {
    LAST_COPY.with(|signal| *signal)
}

/// How long "Copied" stays on screen.
const CONFIRMATION_MS: u64 = 4_000;

/// This page's origin (`https://host:port`), which every link starts with.
pub fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// The room this page is in, as its `?room=` says (none: the server's default room).
pub fn room() -> Option<String> {
    crate::settings::query_param("room").filter(|r| !r.trim().is_empty())
}

pub fn copy_room_link() {
    copy(share_link::room_link(&origin(), room().as_deref()), t::copy_what_room());
}

pub fn copy_call_link(name: &str, what: String) {
    copy(share_link::call_link(&origin(), room().as_deref(), name), what);
}

/// Puts `link` on the clipboard; when the browser refuses (no permission, an insecure page, no
/// Clipboard API), the link is shown selected instead, to copy by hand.
fn copy(link: String, what: String) {
    let serial = last_copy().with_untracked(|c| c.as_ref().map_or(0, |c| c.serial.wrapping_add(1)));
    leptos::task::spawn_local(async move {
        let copied = write_to_clipboard(&link).await;
        last_copy().set(Some(CopyResult { link, what, copied, serial }));
        if copied {
            set_timeout(
                move || last_copy().update(|c| if c.as_ref().is_some_and(|c| c.serial == serial) { *c = None }),
                std::time::Duration::from_millis(CONFIRMATION_MS),
            );
        }
    });
}

async fn write_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let clipboard = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("clipboard")).unwrap_or(JsValue::UNDEFINED);
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(write) = write else { return false };
    let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(text)) else { return false };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else { return false };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// The result of the last copy: "Copied" for a moment, or the link to copy by hand.
#[component]
pub fn CopyToast() -> impl IntoView {
    let result = last_copy();
    let field = NodeRef::<leptos::html::Input>::new();
    // The fallback's field is selected at once, so Ctrl+C (or the phone's Copy) is all it takes.
    // A frame later: after the menu has given focus back to its button.
    Effect::new(move |_| {
        if let Some(field) = field.get() {
            request_animation_frame(move || {
                let _ = field.focus();
                field.select();
            });
        }
    });
    let focus_menu_button = super::menu::focus_menu_button();
    let close = move || {
        result.set(None);
        focus_menu_button();
    };
    view! {
        // Always in the page, so screen readers announce what appears in it.
        <div class="copy-toast-region" role="status" aria-live="polite">
            {move || result.get().map(|r| if r.copied {
                view! {
                    <div class="copy-toast" data-testid="link-copied" data-link=r.link.clone()>
                        <span class="copy-check" aria-hidden="true">"✓"</span>
                        {t::copy_done(&r.what)}
                    </div>
                }.into_any()
            } else {
                view! {
                    <div class="copy-toast fallback" data-testid="link-copy-fallback"
                        on:keydown=move |event: web_sys::KeyboardEvent| if event.key() == "Escape" { close(); }>
                        <label class="field">{t::copy_fallback_label(&r.what)}
                            <input type="text" readonly data-testid="share-link-text" node_ref=field prop:value=r.link.clone()
                                on:focus=move |_| if let Some(f) = field.get_untracked() { f.select(); }/>
                        </label>
                        <p class="hint">{t::copy_fallback_hint()}</p>
                        <button class="pill neutral-surface small" data-testid="link-copy-close" on:click=move |_| close()>{t::copy_close()}</button>
                    </div>
                }.into_any()
            })}
        </div>
    }
}

/// On a person's row, after their id: a small text button that copies the link offering to call
/// them (small, so the name keeps its room beside the call buttons).
#[component]
pub fn CopyCallLinkButton(name: String) -> impl IntoView {
    let label = t::copy_call_link_label(&name);
    view! {
        <button class="peer-link" data-testid="copy-call-link-button" title=label.clone() aria-label=label
            on:click=move |_| copy_call_link(&name, t::copy_what_call_person(&name))>
            {link_icon()} {move || t::copy_call_link_short()}
        </button>
    }
}

pub fn link_icon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path fill="currentColor" d="M10.6 13.4a1 1 0 0 1 0-1.4l3.4-3.4a1 1 0 1 1 1.4 1.4L12 13.4a1 1 0 0 1-1.4 0zm-2.1 5.3a3.5 3.5 0 0 1-2.5-6l2.1-2.1a1 1 0 0 1 1.4 1.4l-2.1 2.1a1.5 1.5 0 0 0 2.1 2.1l2.1-2.1a1 1 0 1 1 1.4 1.4L11 17.7a3.5 3.5 0 0 1-2.5 1zm6.3-5.4a1 1 0 0 1-.7-1.7l2.1-2.1a1.5 1.5 0 0 0-2.1-2.1L12 9.5a1 1 0 1 1-1.4-1.4L12.7 6a3.5 3.5 0 0 1 5 5l-2.1 2.1a1 1 0 0 1-.8.2z"/>
        </svg>
    }
}

/// What a call link's prompt shows.
#[derive(Debug, Clone, PartialEq)]
enum Offer {
    /// Nobody of that name is online here yet.
    Waiting,
    /// They are here and can be called (`busy`: in another call right now).
    Ready { id: String, name: String, busy: bool },
    /// They are here, but their browser cannot take calls.
    CannotTake { name: String },
}

/// The page was opened from a call link (`?call=Bob`): a prominent "Call Bob" once Bob is
/// online. It never dials by itself; it goes away once used or dismissed.
#[component]
pub fn CallLinkPrompt() -> impl IntoView {
    let Some(wanted) = crate::settings::query_param(share_link::CALL_PARAM).map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()) else {
        return ().into_any();
    };
    let ui = use_ui();
    let landmarks = super::focus::use_landmarks();
    let intents = use_intents();
    let done = RwSignal::new(false);
    let offer = Memo::new({
        let wanted = wanted.clone();
        move |_| {
            ui.peers.with(|peers| match share_link::call_link_offer(peers, &wanted) {
                CallLinkOffer::Waiting => Offer::Waiting,
                CallLinkOffer::CannotTake(p) => Offer::CannotTake { name: crate::i18n::names::listed(p) },
                CallLinkOffer::Ready(p) => Offer::Ready { id: p.id.clone(), name: crate::i18n::names::listed(p), busy: p.busy },
            })
        }
    });
    let in_call = move || ui.call.with(Option::is_some);
    let this_page_cannot = move || ui.webrtc_missing.get();
    let call = move |media: MediaKind| {
        // Gone once the call is placed; a refused one (offline a moment) leaves it to try again.
        if let Offer::Ready { id, .. } = offer.get_untracked()
            && intents.place_call(id, media)
        {
            done.set(true);
        }
    };
    view! {
        <Show when=move || !done.get() && !in_call()>
            <section class="call-link-prompt" data-testid="call-link-prompt" aria-label=move || t::call_link_region()
                data-state=move || match offer.get() { Offer::Waiting => "waiting", Offer::Ready { .. } => "ready", Offer::CannotTake { .. } => "cannot-take" }>
                {
                    let wanted = wanted.clone();
                    move || match offer.get() {
                        Offer::Waiting => view! {
                            <p class="call-link-text" data-testid="call-link-status">
                                <strong>{t::call_link_waiting_lead(&wanted)}</strong>" "{t::call_link_waiting_rest(&wanted)}
                            </p>
                        }.into_any(),
                        Offer::CannotTake { name } => view! {
                            <p class="call-link-text" data-testid="call-link-status">
                                <strong>{t::call_link_cannot_lead(&name)}</strong>" "{t::call_link_cannot_rest()}
                            </p>
                        }.into_any(),
                        Offer::Ready { name, busy, .. } => view! {
                            <p class="call-link-text" data-testid="call-link-status">
                                <strong>{t::call_link_ready_lead(&name)}</strong>" "
                                {if busy { t::call_link_ready_busy() } else { t::call_link_ready_idle() }}
                            </p>
                            <div class="call-link-actions">
                                <button class="pill accept" data-testid="call-link-call-button" disabled=this_page_cannot
                                    on:click=move |_| call(MediaKind::Audio)>
                                    {icons::phone()} {t::call_link_call(&name)}
                                </button>
                                <button class="pill neutral-surface" data-testid="call-link-video-button" disabled=this_page_cannot
                                    aria-label=t::call_video_person(&name)
                                    on:click=move |_| call(MediaKind::Video)>
                                    {icons::video()} {t::call_link_video()}
                                </button>
                            </div>
                        }.into_any(),
                    }
                }
                <button class="notice-close" data-testid="call-link-dismiss" aria-label=move || t::dismiss() title=move || t::dismiss()
                    on:click=move |_| {
                        done.set(true);
                        // Not on the body: on to the list of people (or the idle stage).
                        super::focus::focus_first_visible(move || [on_page(landmarks.people_tab), on_page(landmarks.idle_title)]);
                    }>"×"</button>
            </section>
        </Show>
    }
    .into_any()
}
