//! A page whose sound the browser holds says that a call would ring silently, while one could
//! come in (`silent_ringing.rs`).

use super::*;

fn silent_ringing(actions: &[Action]) -> Vec<bool> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::ShowSilentRinging(silent) => Some(*silent),
            _ => None,
        })
        .collect()
}

fn held() -> Input {
    Input::PageAudio { state: AudioState::Suspended, policy: None }
}

fn running() -> Input {
    Input::PageAudio { state: AudioState::Running, policy: None }
}

#[test]
fn an_online_page_whose_sound_is_held_says_calls_would_ring_silently_until_the_sound_may_play() {
    let mut client = online();
    client.handle(20, held()).unwrap();
    assert_eq!(silent_ringing(&drain(&mut client)), vec![true]);
    // Told again (a state change that is no change): said once.
    client.handle(30, held()).unwrap();
    assert_eq!(silent_ringing(&drain(&mut client)), Vec::<bool>::new());
    client.handle(40, running()).unwrap();
    assert_eq!(silent_ringing(&drain(&mut client)), vec![false]);
}

#[test]
fn nothing_is_said_before_the_page_has_told_or_when_the_sound_may_play() {
    let mut client = online();
    assert_eq!(silent_ringing(&drain(&mut client)), Vec::<bool>::new(), "not told yet");
    client.handle(20, running()).unwrap();
    assert_eq!(silent_ringing(&drain(&mut client)), Vec::<bool>::new(), "nothing to say");
}

#[test]
fn told_before_the_page_is_online_it_is_said_once_calls_can_come_in() {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    client.handle(5, held()).unwrap();
    assert_eq!(silent_ringing(&drain(&mut client)), Vec::<bool>::new(), "no call can come in yet");
    frame(&mut client, 10, client_id("m-bob", None)).unwrap();
    assert_eq!(silent_ringing(&drain(&mut client)), vec![true]);
}

#[test]
fn offline_nothing_can_ring_so_it_waits_for_the_link_to_come_back() {
    let mut client = online();
    client.handle(20, held()).unwrap();
    drain(&mut client);
    assert!(client.snapshot().silent_ringing);
    client.handle(30, Input::SocketClosed).unwrap();
    let actions = drain(&mut client);
    assert_eq!(silent_ringing(&actions), vec![false], "{actions:?}");
    assert!(client.snapshot().silent_ringing, "an embedding site hears no flip: the sound is still held");
    // The retry's socket is not online yet.
    let retry = client.next_deadline().expect("a retry is due");
    client.handle_timeout(retry);
    assert_eq!(silent_ringing(&drain(&mut client)), Vec::<bool>::new());
    frame(&mut client, retry + 10, client_id("m-bob", Some("token-1"))).unwrap();
    assert_eq!(silent_ringing(&drain(&mut client)), vec![true]);
    // The person used the page meanwhile: the sound may play, it goes.
    client.handle(retry + 20, running()).unwrap();
    assert_eq!(silent_ringing(&drain(&mut client)), vec![false]);
}

#[test]
fn a_browser_without_webrtc_takes_no_calls_so_it_never_says_they_would_ring_silently() {
    let mut client = Client::new(ClientConfig { name: "Bob".into(), webrtc_missing: true, ..ClientConfig::default() });
    client.handle(0, Input::Start).unwrap();
    frame(&mut client, 10, client_id("m-bob", None)).unwrap();
    client.handle(20, held()).unwrap();
    assert_eq!(silent_ringing(&drain(&mut client)), Vec::<bool>::new());
}

#[test]
fn firefox_s_allowed_context_is_not_held_while_it_starts_but_its_refusal_is() {
    let mut client = online();
    let firefox = |policy| Input::PageAudio { state: AudioState::Suspended, policy: Some(policy) };
    client.handle(20, firefox(AutoplayPolicy::Allowed)).unwrap();
    assert_eq!(silent_ringing(&drain(&mut client)), Vec::<bool>::new(), "starting, not held");
    client.handle(30, firefox(AutoplayPolicy::Disallowed)).unwrap();
    assert_eq!(silent_ringing(&drain(&mut client)), vec![true]);
    // The person used the page: Firefox allows it, and the context runs.
    client.handle(40, firefox(AutoplayPolicy::Allowed)).unwrap();
    assert_eq!(silent_ringing(&drain(&mut client)), vec![false]);
}

#[test]
fn audio_closed_or_taken_by_the_system_is_not_said_to_wait_for_a_click() {
    let mut client = online();
    client.handle(20, held()).unwrap();
    drain(&mut client);
    client.handle(30, Input::PageAudio { state: AudioState::Other, policy: None }).unwrap();
    assert_eq!(silent_ringing(&drain(&mut client)), vec![false], "a click would not bring it back");
}
