//! The signaling link watched from this side: a silent socket is asked, one that does not
//! answer (or never comes up) is closed and reconnected like a dropped one.

use super::*;
use crate::client::link_watch::{OPEN_LIMIT_MS, PROBE_LIMIT_MS, QUIET_MS};
use crate::errors::ClientError;

fn notice_code(actions: &[Action]) -> Option<String> {
    actions.iter().rev().find_map(|a| match a {
        Action::ShowNotice(notice) => Some(notice.as_ref().map(|n| n.code.clone()).unwrap_or_default()),
        _ => None,
    })
}

#[test]
fn a_silent_link_is_asked_and_any_frame_counts_as_an_answer() {
    let mut client = online();
    assert_eq!(client.link_deadline(), Some(10 + QUIET_MS));
    // A frame (even one that does not parse) before then moves the watch on.
    let _ = client.handle(5_000, Input::Frame("not json".into()));
    assert_eq!(client.link_deadline(), Some(5_000 + QUIET_MS));
    client.handle_timeout(5_000 + QUIET_MS);
    let actions = drain(&mut client);
    assert_eq!(sent(&actions), vec![Message::ListPeers], "asked with what every server answers");
    assert!(!actions.contains(&Action::CloseSocket));
    frame(&mut client, 5_000 + QUIET_MS + 40, Message::PeerList(Default::default())).unwrap();
    drain(&mut client);
    client.handle_timeout(5_000 + QUIET_MS + PROBE_LIMIT_MS);
    assert!(!drain(&mut client).contains(&Action::CloseSocket), "it answered: still online");
}

#[test]
fn a_link_that_does_not_answer_is_closed_said_lost_and_reconnected_with_the_resume_token() {
    let mut client = online();
    client.handle_timeout(10 + QUIET_MS);
    drain(&mut client);
    let dead = 10 + QUIET_MS + PROBE_LIMIT_MS;
    client.handle_timeout(dead - 1);
    assert!(!drain(&mut client).contains(&Action::CloseSocket), "not before its limit");
    client.handle_timeout(dead);
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::CloseSocket), "{actions:?}");
    assert_eq!(notice_code(&actions).as_deref(), Some(ClientError::SignalingLost.code()));
    assert!(actions.iter().any(|a| matches!(a, Action::ShowLink(LinkStatus::Reconnecting { .. }))), "{actions:?}");
    // The back-off's first retry opens a new socket, asking for our id back.
    let retry = client.reconnect_at.expect("a retry is planned");
    client.handle_timeout(retry);
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::OpenSocket { name: "Bob".into(), resume: Some("token-1".into()) }), "{actions:?}");
    assert_eq!(client.link_deadline(), Some(retry + OPEN_LIMIT_MS));
}

#[test]
fn a_socket_that_never_comes_up_is_closed_and_tried_again() {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    drain(&mut client);
    assert_eq!(client.link_deadline(), Some(OPEN_LIMIT_MS));
    client.handle_timeout(OPEN_LIMIT_MS);
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::CloseSocket), "{actions:?}");
    assert_eq!(client.link_deadline(), None, "no socket is watched until the next opens");
    let retry = client.reconnect_at.expect("a retry is planned");
    client.handle_timeout(retry);
    let actions = drain(&mut client);
    assert!(actions.iter().any(|a| matches!(a, Action::OpenSocket { .. })), "tried again: {actions:?}");
    assert_eq!(client.link_deadline(), Some(retry + OPEN_LIMIT_MS), "and watched again");
}

#[test]
fn a_page_woken_long_after_its_ask_asks_again_instead_of_dropping_a_live_link() {
    let mut client = online();
    client.handle_timeout(10 + QUIET_MS);
    drain(&mut client);
    // The tab was frozen for minutes: the answer may be queued behind this timer.
    let woken = 10 + QUIET_MS + 300_000;
    client.handle_timeout(woken);
    let actions = drain(&mut client);
    assert!(!actions.contains(&Action::CloseSocket), "{actions:?}");
    assert_eq!(sent(&actions), vec![Message::ListPeers]);
    frame(&mut client, woken + 5, Message::PeerList(Default::default())).unwrap();
    assert_eq!(client.link_deadline(), Some(woken + 5 + QUIET_MS));

    // Slept through the second ask too: only one second chance, then it is closed.
    client.handle_timeout(woken + 5 + QUIET_MS);
    drain(&mut client);
    client.handle_timeout(woken + 5 + QUIET_MS + 60_000);
    assert_eq!(sent(&drain(&mut client)), vec![Message::ListPeers], "asked again once");
    client.handle_timeout(woken + 5 + QUIET_MS + 60_000 + 60_000);
    assert!(drain(&mut client).contains(&Action::CloseSocket));
}

#[test]
fn a_page_that_slept_through_its_opening_limit_waits_a_moment_more_then_gives_up() {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    drain(&mut client);
    client.handle_timeout(OPEN_LIMIT_MS + 30_000);
    assert!(!drain(&mut client).contains(&Action::CloseSocket), "its client-id may be queued behind the timer");
    // It was: the page is online, and watched from then.
    frame(&mut client, OPEN_LIMIT_MS + 30_010, client_id("m-bob", None)).unwrap();
    assert_eq!(client.link_deadline(), Some(OPEN_LIMIT_MS + 30_010 + QUIET_MS));

    let mut client = super::client();
    client.handle(0, Input::Start).unwrap();
    client.handle_timeout(OPEN_LIMIT_MS + 30_000);
    let last = client.link_deadline().expect("a last short wait");
    assert!(last <= OPEN_LIMIT_MS + 32_000, "{last}");
    client.handle_timeout(last);
    assert!(drain(&mut client).contains(&Action::CloseSocket));
}
