//! The call buttons' rule (`call_option`) and the machine agree: a button is live exactly when
//! pressing it would place (or answer) a call.

use super::*;
use crate::presence::PeerSummary;

fn online(id: &str, takes_calls: bool) -> PeerSummary {
    PeerSummary { id: id.into(), name: None, busy: false, takes_calls }
}

/// The phone in each state a call button can be seen in, made afresh each time.
fn states() -> Vec<(&'static str, fn() -> Phone)> {
    vec![
        ("idle", phone),
        ("Alice's call ringing here", || {
            let mut p = phone();
            signal(&mut p, 1, offer_from(ALICE, "c9")).unwrap();
            drain(&mut p);
            p
        }),
        ("calling Alice", || {
            let mut p = phone();
            ringing_outgoing(&mut p, 0);
            p
        }),
        ("in a call with Alice", || {
            let mut p = phone();
            connected_call(&mut p);
            p
        }),
        ("the ended call's summary", || {
            let mut p = phone();
            connected_call(&mut p);
            p.handle(5, Input::HangUp).unwrap();
            drain(&mut p);
            p
        }),
    ]
}

#[test]
fn a_button_is_live_exactly_when_the_machine_takes_the_call() {
    for (label, make) in states() {
        for peer in [ALICE, CAROL] {
            let phone_now = make();
            let view = phone_now.view();
            let option = call_option(view.as_ref(), true, Some(&online(peer, true)));
            let mut pressed = make();
            let taken = pressed.handle(9, Input::PlaceCall { peer: peer.into(), media: MediaKind::Audio, call_id: "new".into() });
            assert_eq!(option == CallOption::Available, taken.is_ok(), "{label}, calling {peer}: {option:?} but the machine said {taken:?}");
        }
    }
}

#[test]
fn each_reason_a_button_is_off() {
    let idle = phone();
    assert_eq!(call_option(idle.view().as_ref(), true, Some(&online(ALICE, true))), CallOption::Available);
    assert_eq!(call_option(None, true, None), CallOption::Offline, "not in the room");
    assert_eq!(call_option(None, true, Some(&online(ALICE, false))), CallOption::TheyCannot);
    assert_eq!(call_option(None, false, Some(&online(ALICE, true))), CallOption::ThisBrowserCannot);
    assert_eq!(call_option(None, false, None), CallOption::ThisBrowserCannot, "this browser first: it is true of everyone");
    let mut busy = phone();
    connected_call(&mut busy);
    assert_eq!(call_option(busy.view().as_ref(), true, Some(&online(CAROL, true))), CallOption::InACall);
    assert_eq!(call_option(busy.view().as_ref(), true, Some(&online(ALICE, true))), CallOption::InThisCall, "the person on the call");
}

#[test]
fn without_webrtc_the_machine_refuses_what_the_buttons_do_not_offer() {
    let mut phone = phone();
    phone.set_webrtc_missing(true);
    assert_eq!(call_option(phone.view().as_ref(), false, Some(&online(ALICE, true))), CallOption::ThisBrowserCannot);
    assert!(phone.handle(0, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() }).is_err());
}
