//! Getting a person's attention when a call rings in a tab they are not looking at: what the
//! tab's title says, and what the system notification says. The page only applies these.

use crate::call::{CallState, CallView, Direction};
use crate::protocol::{CallId, MediaKind, PeerId};

/// The page's title when nothing needs attention.
pub const APP_TITLE: &str = "Dialtone";

/// A call ringing here: who calls, and with what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ringing<'a> {
    pub caller: &'a str,
    pub media: MediaKind,
}

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

/// The title the tab should have now. Only a hidden tab with a call ringing changes it; as soon
/// as the call is answered, declined or missed, or the tab is shown, it is the app's name again.
/// `now` alternates the wording (who calls / what kind of call) every [`TITLE_ALTERNATE_MS`].
pub fn page_title(ringing: Option<Ringing<'_>>, hidden: bool, now: u64) -> String {
    match ringing {
        Some(call) if hidden => {
            if (now / TITLE_ALTERNATE_MS).is_multiple_of(2) {
                format!("📞 {} is calling — {APP_TITLE}", call.caller)
            } else {
                format!("📞 Incoming {} call — {APP_TITLE}", kind(call.media))
            }
        }
        _ => APP_TITLE.to_owned(),
    }
}

/// The system notification for a call ringing in a hidden tab: its title and body.
pub fn notification_text(call: Ringing<'_>) -> (String, String) {
    (
        format!("Incoming {} call from {}", kind(call.media), call.caller),
        "Open Dialtone to answer or decline.".to_owned(),
    )
}

/// Whether to show a notification for a ringing call: only in a hidden tab (a visible one has
/// its dialog), only with the person's permission, and once per call.
pub fn should_notify(hidden: bool, permission_granted: bool, already_notified: bool) -> bool {
    hidden && permission_granted && !already_notified
}

fn kind(media: MediaKind) -> &'static str {
    if media.has_video() { "video" } else { "audio" }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOB: Ringing<'static> = Ringing { caller: "Bob", media: MediaKind::Video };

    #[test]
    fn a_visible_tab_keeps_its_title_even_while_ringing() {
        assert_eq!(page_title(Some(BOB), false, 0), "Dialtone");
        assert_eq!(page_title(None, false, 0), "Dialtone");
    }

    #[test]
    fn a_hidden_tab_says_who_calls_and_what_kind_of_call_in_turn() {
        assert_eq!(page_title(Some(BOB), true, 0), "📞 Bob is calling — Dialtone");
        assert_eq!(page_title(Some(BOB), true, 999), "📞 Bob is calling — Dialtone");
        assert_eq!(page_title(Some(BOB), true, 1_000), "📞 Incoming video call — Dialtone");
        assert_eq!(page_title(Some(BOB), true, 2_500), "📞 Bob is calling — Dialtone");
        let audio = Ringing { caller: "Ann", media: MediaKind::Audio };
        assert_eq!(page_title(Some(audio), true, 1_000), "📞 Incoming audio call — Dialtone");
    }

    #[test]
    fn the_title_comes_back_when_nothing_rings() {
        for now in [0, 1_000, 7_777] {
            assert_eq!(page_title(None, true, now), APP_TITLE);
        }
    }

    #[test]
    fn the_notification_names_the_caller_and_the_kind_of_call() {
        let (title, body) = notification_text(BOB);
        assert_eq!(title, "Incoming video call from Bob");
        assert!(body.contains("answer"));
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
    fn a_notification_only_for_a_hidden_tab_with_permission_once_per_call() {
        assert!(should_notify(true, true, false));
        assert!(!should_notify(false, true, false), "the dialog is on screen");
        assert!(!should_notify(true, false, false), "no permission");
        assert!(!should_notify(true, true, true), "once per call");
    }
}
