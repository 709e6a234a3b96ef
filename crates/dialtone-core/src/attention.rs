//! Getting a person's attention when a call rings in a tab they are not looking at: which call
//! rings, which line the tab's title shows now, and whether to notify. The page only applies
//! these, in the reader's language.

use crate::call::{CallState, CallView, Direction};
use crate::protocol::{CallId, MediaKind, PeerId};

/// The page's title when nothing needs attention.
pub const APP_TITLE: &str = "Dialtone";

/// The call that rings here now, which the title and the notification follow: an incoming call
/// not yet answered, or a second caller waiting during a call (its tone plays, and a person who
/// looks at another tab must hear of it as of any other).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RingingCall {
    pub call_id: CallId,
    pub peer: PeerId,
    pub media: MediaKind,
}

pub fn ringing_call(call: Option<&CallView>) -> Option<RingingCall> {
    let call = call?;
    if call.direction == Direction::Incoming && call.state == CallState::InvitationReceived && call.ended.is_none() {
        return Some(RingingCall { call_id: call.call_id.clone(), peer: call.peer.clone(), media: call.media });
    }
    call.waiting
        .as_ref()
        .map(|waiting| RingingCall { call_id: waiting.call_id.clone(), peer: waiting.peer.clone(), media: waiting.media })
}

/// How often the hidden tab's title alternates between its two lines, so the change catches
/// the eye in a row of tabs.
pub const TITLE_ALTERNATE_MS: u64 = 1_000;

/// The line the tab's title shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleLine {
    /// The app's name ([`APP_TITLE`]).
    App,
    /// Who is calling ("📞 Bob is calling").
    WhoCalls,
    /// What kind of call it is ("📞 Incoming video call").
    WhatCall,
}

/// The title's line now. Only a hidden tab with a call ringing changes it; as soon as the call
/// is answered, declined or missed, or the tab is shown, it is the app's name again. `now`
/// alternates the two lines every [`TITLE_ALTERNATE_MS`].
pub fn title_line(ringing: bool, hidden: bool, now: u64) -> TitleLine {
    if !(ringing && hidden) {
        TitleLine::App
    } else if (now / TITLE_ALTERNATE_MS).is_multiple_of(2) {
        TitleLine::WhoCalls
    } else {
        TitleLine::WhatCall
    }
}

/// Whether a ringing call would go unheard on this page: its tab is hidden (the dialog is not
/// seen), or the browser holds the page's sound until the person uses it (the dialog rings in
/// silence, and someone away from the screen would miss it). Either way a system
/// notification, which makes the system's own sound, is what can reach the person.
pub fn ring_unheard(hidden: bool, sound_held: bool) -> bool {
    hidden || sound_held
}

/// Whether to show a notification for a ringing call: only where the ring would go unheard
/// ([`ring_unheard`]; a visible page that sounds has its dialog and its ringtone), only with
/// the person's permission, and once per call.
pub fn should_notify(unheard: bool, permission_granted: bool, already_notified: bool) -> bool {
    unheard && permission_granted && !already_notified
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visible_tab_keeps_its_title_even_while_ringing() {
        assert_eq!(title_line(true, false, 0), TitleLine::App);
        assert_eq!(title_line(false, false, 0), TitleLine::App);
    }

    #[test]
    fn a_hidden_tab_says_who_calls_and_what_kind_of_call_in_turn() {
        let lines: Vec<_> = [0, 999, 1_000, 2_500].into_iter().map(|now| title_line(true, true, now)).collect();
        assert_eq!(lines, [TitleLine::WhoCalls, TitleLine::WhoCalls, TitleLine::WhatCall, TitleLine::WhoCalls]);
    }

    #[test]
    fn the_title_comes_back_when_nothing_rings() {
        for now in [0, 1_000, 7_777] {
            assert_eq!(title_line(false, true, now), TitleLine::App);
        }
    }

    /// A phone with the server's frames fed in as JSON, the way they arrive.
    fn phone_after(frames: &[&str]) -> crate::call::Phone {
        use crate::call::{CallTimers, Input, Phone};
        use crate::protocol::Message;
        let mut phone = Phone::new(CallTimers::default());
        let hello = r#"{"type":"client-id","payload":{"id":"m-bob","resume":"token"}}"#;
        for (now, frame) in std::iter::once(&hello).chain(frames).enumerate() {
            let message = Message::parse(frame).expect("a valid frame");
            let _ = phone.handle(now as u64, Input::Signal(message));
        }
        while phone.poll_action().is_some() {}
        phone
    }

    fn offer(from: &str, call_id: &str, media: &str) -> String {
        format!(r#"{{"type":"offer","from":"{from}","payload":{{"type":"offer","sdp":"v=0\r\n","callId":"{call_id}","media":"{media}"}}}}"#)
    }

    #[test]
    fn the_call_that_rings_is_the_unanswered_one_else_a_second_caller_waiting() {
        let alice = offer("a-alice", "c9", "audio");
        let carol = offer("z-carol", "c7", "video");
        assert_eq!(ringing_call(phone_after(&[]).view().as_ref()), None);
        let ringing = phone_after(&[&alice]);
        let first = ringing_call(ringing.view().as_ref()).expect("Alice's call rings");
        assert_eq!((first.peer.as_str(), first.call_id.as_str(), first.media), ("a-alice", "c9", MediaKind::Audio));
        // Carol waits behind a call still ringing: the ringing one is named.
        assert_eq!(ringing_call(phone_after(&[&alice, &carol]).view().as_ref()).map(|r| r.call_id), Some("c9".into()));

        let mut in_call = phone_after(&[&alice]);
        in_call.handle(10, crate::call::Input::Accept).expect("accepted");
        assert_eq!(ringing_call(in_call.view().as_ref()), None, "a call in progress rings nothing");
        in_call.handle(11, crate::call::Input::Signal(crate::protocol::Message::parse(&carol).expect("frame"))).expect("Carol waits");
        let waiting = ringing_call(in_call.view().as_ref()).expect("Carol's call rings");
        assert_eq!((waiting.peer.as_str(), waiting.call_id.as_str(), waiting.media), ("z-carol", "c7", MediaKind::Video));
        in_call.handle(12, crate::call::Input::RejectWaiting).expect("turned away");
        assert_eq!(ringing_call(in_call.view().as_ref()), None, "turned away: nothing rings");
    }

    #[test]
    fn a_ring_goes_unheard_in_a_hidden_tab_or_a_page_the_browser_keeps_silent() {
        assert!(!ring_unheard(false, false), "a visible page that sounds rings out loud");
        assert!(ring_unheard(true, false), "nobody sees the dialog");
        assert!(ring_unheard(false, true), "the dialog rings in silence");
        assert!(ring_unheard(true, true));
    }

    #[test]
    fn a_notification_only_for_an_unheard_ring_with_permission_once_per_call() {
        assert!(should_notify(true, true, false));
        assert!(!should_notify(false, true, false), "the dialog is on screen, ringing out loud");
        assert!(!should_notify(true, false, false), "no permission");
        assert!(!should_notify(true, true, true), "once per call");
    }
}
