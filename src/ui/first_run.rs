//! The welcome on a first visit: pick your name, then (if you like) check camera, microphone and
//! speaker; skippable at each step and shown once. The same check opens again from Devices.
//!
//! It sits above the page, not over it: an incoming call, the name in the top bar and every
//! other control stay usable, and it steps aside while a call is on.

use leptos::html::{Button, H2};
use leptos::prelude::*;

use super::app::{use_intents, use_ui};
use super::focus::{Landmarks, focus_first_visible, on_page, use_landmarks};
use super::precall::PreCallCheck;
use crate::i18n::t;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WelcomeStep {
    Hidden,
    /// First visit: choose the name people see.
    Name,
    /// The pre-call check (second step of the first visit, or opened from Devices).
    Check { first_run: bool },
}

impl WelcomeStep {
    fn as_str(self) -> &'static str {
        match self {
            WelcomeStep::Hidden => "hidden",
            WelcomeStep::Name => "name",
            WelcomeStep::Check { .. } => "check",
        }
    }
}

/// Which welcome step shows, for the page and the Devices tab's "Check" button.
#[derive(Clone, Copy)]
pub struct Welcome {
    step: RwSignal<WelcomeStep>,
    /// The heading of the step that shows (each step binds its own).
    title: NodeRef<H2>,
    /// The Devices tab's button that opens the check.
    pub open_button: NodeRef<Button>,
    landmarks: Landmarks,
}

impl Welcome {
    pub fn new(first_visit: bool) -> Welcome {
        Welcome {
            step: RwSignal::new(if first_visit { WelcomeStep::Name } else { WelcomeStep::Hidden }),
            title: NodeRef::new(),
            open_button: NodeRef::new(),
            landmarks: use_landmarks(),
        }
    }

    /// Opens the pre-call check (from Devices) and brings it into view.
    pub fn open_check(&self) {
        self.step.set(WelcomeStep::Check { first_run: false });
        self.focus_heading();
    }

    fn close(&self) {
        self.step.set(WelcomeStep::Hidden);
        let (open_button, landmarks) = (self.open_button, self.landmarks);
        focus_first_visible(move || [on_page(open_button), on_page(landmarks.idle_title), on_page(landmarks.people_tab)]);
    }

    /// Moves focus (and the view) to the step's heading, so keyboard and screen-reader users follow.
    fn focus_heading(&self) {
        let title = self.title;
        focus_first_visible(move || [on_page(title)]);
    }
}

#[component]
pub fn FirstRun() -> impl IntoView {
    let ui = use_ui();
    let Some(welcome) = use_context::<Welcome>() else { return ().into_any() };
    let step = welcome.step;
    // A call takes the screen; the welcome waits (and its check lets go of the devices).
    let in_call = move || ui.call.with(Option::is_some);
    view! {
        <Show when=move || step.get() != WelcomeStep::Hidden && !in_call()>
            <section class="welcome" data-testid="first-run" data-step=move || step.get().as_str()
                aria-labelledby="welcome-title">
                {move || match step.get() {
                    WelcomeStep::Name => view! { <NameStep welcome=welcome/> }.into_any(),
                    WelcomeStep::Check { first_run } => view! { <CheckStep welcome=welcome first_run=first_run/> }.into_any(),
                    WelcomeStep::Hidden => ().into_any(),
                }}
            </section>
        </Show>
    }
    .into_any()
}

#[component]
fn NameStep(welcome: Welcome) -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let input = NodeRef::<leptos::html::Input>::new();
    let current = ui.me.with_untracked(|me| me.as_ref().map(|m| m.name.clone()).unwrap_or_default());
    let next = move || {
        if let Some(field) = input.get_untracked() {
            intents.rename(&field.value());
        }
        welcome.step.set(WelcomeStep::Check { first_run: true });
        welcome.focus_heading();
    };
    view! {
        <div class="welcome-head">
            <h2 id="welcome-title" tabindex="-1" node_ref=welcome.title>{move || t::welcome_title()}</h2>
            <p class="welcome-step" data-testid="first-run-progress">{move || t::welcome_step_name()}</p>
        </div>
        <p class="hint">{move || t::welcome_name_hint()}</p>
        <form class="welcome-name" on:submit=move |event| { event.prevent_default(); next(); }>
            <label class="field">{move || t::welcome_name_label()}
                <input class="name-input welcome-input" data-testid="first-run-name-input" node_ref=input
                    maxlength=dialtone_core::client::MAX_NAME_CHARS autocomplete="nickname" prop:value=current/>
            </label>
            <div class="welcome-actions">
                <button class="pill accent" type="submit" data-testid="first-run-continue">{move || t::welcome_continue()}</button>
                <button class="pill neutral" type="button" data-testid="first-run-skip"
                    on:click=move |_| welcome.close()>{move || t::welcome_skip()}</button>
            </div>
        </form>
    }
}

#[component]
fn CheckStep(welcome: Welcome, first_run: bool) -> impl IntoView {
    view! {
        <div class="welcome-head">
            <h2 id="welcome-title" tabindex="-1" node_ref=welcome.title>{move || t::precall_title()}</h2>
            {first_run.then(|| view! { <p class="welcome-step" data-testid="first-run-progress">{move || t::welcome_step_check()}</p> })}
        </div>
        <PreCallCheck/>
        <div class="welcome-actions">
            <button class="pill accent" type="button" data-testid="first-run-done"
                on:click=move |_| welcome.close()>{move || t::welcome_done()}</button>
        </div>
    }
}
