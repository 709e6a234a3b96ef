//! The call page's machine by example: raw frames in, the page's actions out, time as input.
//! Here: the connection, the directory, chat and errors; in `call`: what happens around a call;
//! in `device_check` and `device_switch`: the devices before and during a call.

mod call;
mod device_check;
mod device_choice;
mod device_loss;
mod device_switch;
mod link_watch;
mod live_stream;
mod names;
mod silent_ringing;

use super::*;
use crate::protocol::{
    ChatBody, ClientIdInfo, ErrorCode, ErrorFrame, MediaKind, Message, PeerInfo, PeerListing, Routed,
    SdpType, SessionDescription,
};

const ORIGIN: u64 = 1_700_000_000_000;

fn client() -> Client {
    Client::new(ClientConfig {
        name: "Bob".into(),
        wall_origin: ORIGIN,
        seed: 7,
        ..ClientConfig::default()
    })
}

fn drain(client: &mut Client) -> Vec<Action> {
    std::iter::from_fn(|| client.poll_action()).collect()
}

fn frame(client: &mut Client, now: u64, message: Message) -> Result<(), Ignored> {
    client.handle(now, Input::Frame(message.to_json()))
}

fn client_id(id: &str, resume: Option<&str>) -> Message {
    Message::ClientId(ClientIdInfo { id: id.into(), resume: resume.map(Into::into), name: None, room: None, limits: None })
}

/// A client that started and was given `m-bob` on a Dialtone server, its actions drained.
fn online() -> Client {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    frame(&mut client, 10, client_id("m-bob", Some("token-1"))).unwrap();
    drain(&mut client);
    client
}

fn offer_from(peer: &str, call_id: &str) -> Message {
    Message::Offer(Routed {
        from: Some(peer.into()),
        to: None,
        payload: SessionDescription {
            sdp_type: SdpType::Offer,
            sdp: "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n".into(),
            call_id: Some(call_id.into()),
            media: Some(MediaKind::Audio),
        },
    })
}

fn sent(actions: &[Action]) -> Vec<Message> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send(text) => Message::parse(text).ok(),
            _ => None,
        })
        .collect()
}

#[test]
fn starting_shows_the_name_and_history_then_fetches_ice_servers_and_connects() {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    let actions = drain(&mut client);
    assert_eq!(actions[0], Action::ShowMe(Me { id: None, name: "Bob".into() }));
    assert!(matches!(actions[1], Action::ShowHistory(ref entries) if entries.is_empty()));
    assert!(matches!(actions[2], Action::FetchIceServers { .. }));
    assert_eq!(actions[3], Action::ShowLink(LinkStatus::Connecting));
    assert_eq!(actions[4], Action::OpenSocket { name: "Bob".into(), resume: None });
}

#[test]
fn clearing_the_history_offers_it_back_until_undone() {
    let entry = crate::history::HistoryEntry {
        call_id: "c1".into(),
        peer: "p".into(),
        peer_name: Some("Ann".into()),
        outgoing: true,
        media: MediaKind::Audio,
        started_at: 1,
        connected_at: Some(2),
        ended_at: 3,
        reason: crate::protocol::EndReason::HungUp,
        by_peer: false,
    };
    let stored = serde_json::to_string(&vec![entry]).expect("json");
    let mut client = Client::new(ClientConfig { name: "Bob".into(), stored_history: Some(stored), ..ClientConfig::default() });
    client.handle(0, Input::Start).unwrap();
    assert!(drain(&mut client).iter().any(|a| matches!(a, Action::ShowHistory(entries) if entries.len() == 1)), "the stored entry is read");
    client.handle(10, Input::ClearHistory).unwrap();
    let cleared = drain(&mut client);
    assert!(cleared.contains(&Action::SaveHistory("[]".into())), "the device's store is emptied at once: {cleared:?}");
    assert!(cleared.contains(&Action::ShowHistory(Vec::new())));
    assert!(cleared.contains(&Action::ShowHistoryUndo(1)));
    client.handle(20, Input::UndoClearHistory).unwrap();
    let undone = drain(&mut client);
    assert!(undone.iter().any(|a| matches!(a, Action::SaveHistory(json) if json.contains("c1"))), "stored again: {undone:?}");
    assert!(undone.iter().any(|a| matches!(a, Action::ShowHistory(entries) if entries.len() == 1)));
    assert!(undone.contains(&Action::ShowHistoryUndo(0)), "no Undo left to offer");
    // An Undo with nothing to bring back changes nothing and stores nothing.
    client.handle(30, Input::UndoClearHistory).unwrap();
    assert_eq!(drain(&mut client), vec![Action::ShowHistoryUndo(0)]);
}

#[test]
fn a_client_id_puts_the_page_online_and_asks_for_the_list() {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    drain(&mut client);
    frame(&mut client, 10, client_id("m-bob", Some("token-1"))).unwrap();
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::ShowLink(LinkStatus::Online)));
    assert!(actions.contains(&Action::ShowMe(Me { id: Some("m-bob".into()), name: "Bob".into() })));
    assert_eq!(sent(&actions), vec![Message::ListPeers]);
}

/// The call page's loader asks for the list on the socket it opens early; the page, taking that
/// socket, does not ask again (the server would send the whole list twice). A later connection
/// asks as usual, and the loader's note is believed only for a list request on an open socket.
#[test]
fn a_list_the_loader_asked_for_is_not_asked_for_again_on_that_socket() {
    let mut client = client();
    let ask = r#"{"type":"list-peers"}"#;
    assert!(client.handle(0, Input::SentByLoader(ask.into())).is_err(), "no socket yet");
    client.handle(0, Input::Start).unwrap();
    assert!(client.handle(0, Input::SentByLoader(r#"{"type":"hello","payload":{}}"#.into())).is_err());
    client.handle(0, Input::SentByLoader(ask.into())).unwrap();
    drain(&mut client);
    frame(&mut client, 10, client_id("m-bob", Some("token-1"))).unwrap();
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::ShowLink(LinkStatus::Online)));
    assert_eq!(sent(&actions), Vec::<Message>::new(), "asked by the loader already");

    client.handle(20, Input::SocketClosed).unwrap();
    let reconnect_at = client.next_deadline().expect("a reconnect is due");
    client.handle_timeout(reconnect_at);
    assert!(drain(&mut client).iter().any(|a| matches!(a, Action::OpenSocket { .. })));
    frame(&mut client, reconnect_at + 10, client_id("m-bob", Some("token-2"))).unwrap();
    assert_eq!(sent(&drain(&mut client)), vec![Message::ListPeers], "a new socket asks itself");
}

/// What a first call needs without consent is made ready once the page is online (after the list
/// is asked for, so the page itself never waits for it), once per page, and never in a browser
/// that cannot call.
#[test]
fn calls_are_prepared_once_when_the_page_is_first_online() {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    assert!(!drain(&mut client).contains(&Action::PrepareCalls), "not before the page is online");
    frame(&mut client, 10, client_id("m-bob", Some("token-1"))).unwrap();
    let actions = drain(&mut client);
    let listed = actions.iter().position(|a| sent(std::slice::from_ref(a)) == vec![Message::ListPeers]);
    let prepared = actions.iter().position(|a| *a == Action::PrepareCalls);
    assert!(listed.is_some() && prepared > listed, "{actions:?}");
    client.handle(20, Input::SocketClosed).unwrap();
    frame(&mut client, 30, client_id("m-bob", Some("token-2"))).unwrap();
    assert!(!drain(&mut client).contains(&Action::PrepareCalls), "once per page");

    let mut without = Client::new(ClientConfig { name: "Bob".into(), webrtc_missing: true, ..ClientConfig::default() });
    without.handle(0, Input::Start).unwrap();
    frame(&mut without, 10, client_id("m-bob", None)).unwrap();
    assert!(!drain(&mut without).contains(&Action::PrepareCalls), "a browser without WebRTC");
}

#[test]
fn a_lost_socket_clears_the_list_says_so_and_reconnects_with_the_resume_token_after_back_off() {
    let mut client = online();
    client.handle(1_000, Input::SocketClosed).unwrap();
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::ShowPeers(Vec::new())));
    assert!(actions.contains(&Action::ShowNotice(Some(Notice::from_client_error(crate::errors::ClientError::SignalingLost)))));
    let at = client.next_deadline().expect("a reconnect is due");
    // The signaling back-off's first delay lies in [250, 500] ms.
    assert!((1_250..=1_500).contains(&at), "{at}");
    assert!(actions.contains(&Action::ShowLink(LinkStatus::Reconnecting { retry_at: ORIGIN + at, room_full: false })));
    // Nothing is sent while offline: a chat line is refused and not shown as sent.
    assert!(client.handle(1_100, Input::SendChat { to: None, text: "hi".into(), id: "c1".into() }).is_err());
    assert!(!drain(&mut client).iter().any(|a| matches!(a, Action::Send(_) | Action::ShowChat(_))));

    client.handle_timeout(at);
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::OpenSocket { name: "Bob".into(), resume: Some("token-1".into()) }));
    // While the attempt is made the page is still offline (not "connecting" as at first).
    assert!(actions.contains(&Action::ShowLink(LinkStatus::Reconnecting { retry_at: ORIGIN + at, room_full: false })), "{actions:?}");
    assert!(LinkStatus::Reconnecting { retry_at: ORIGIN + at, room_full: false }.is_lost() && !LinkStatus::Connecting.is_lost());
    // Back online: the reconnect notice goes, the back-off starts over.
    frame(&mut client, at + 5, client_id("m-bob", Some("token-2"))).unwrap();
    assert!(drain(&mut client).contains(&Action::ShowNotice(None)));
    client.handle(at + 10, Input::SocketClosed).unwrap();
    assert!(client.next_deadline().is_some_and(|d| d <= at + 10 + 500));
}

#[test]
fn a_full_room_says_so_through_the_close_and_retries_until_there_is_a_place() {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    drain(&mut client);
    // The server's answer to the socket, then its close (1013).
    let full = ErrorFrame { code: ErrorCode::RoomFull, message: "this room is full (3 people); try again later".into(), reference: None };
    frame(&mut client, 10, Message::Error(full)).unwrap();
    client.handle(12, Input::SocketClosed).unwrap();
    let room_full = Notice::from_client_error(crate::errors::ClientError::RoomFull);
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::ShowNotice(Some(room_full.clone()))), "{actions:?}");
    assert!(!actions.iter().any(|a| matches!(a, Action::ShowNotice(Some(n)) if n.code == "SIGNALING_LOST")), "the close is not a lost server: {actions:?}");
    assert!(room_full.message.contains("keeps trying"), "{}", room_full.message);
    // The header and the empty list say the room is full, not that the server is gone.
    assert!(actions.iter().any(|a| matches!(a, Action::ShowLink(LinkStatus::Reconnecting { room_full: true, .. }))), "{actions:?}");
    // It retries with its back-off, and a place lets it in: the notice goes.
    let at = client.next_deadline().expect("a retry is due");
    client.handle_timeout(at);
    let retry = drain(&mut client);
    assert!(retry.iter().any(|a| matches!(a, Action::OpenSocket { .. })));
    assert!(retry.iter().any(|a| matches!(a, Action::ShowLink(LinkStatus::Reconnecting { room_full: true, .. }))), "{retry:?}");
    // That attempt drops with no word from the server (it went down, or the network did): a
    // lost connection, not a full room.
    client.handle(at + 1, Input::SocketClosed).unwrap();
    let dropped = drain(&mut client);
    assert!(dropped.iter().any(|a| matches!(a, Action::ShowLink(LinkStatus::Reconnecting { room_full: false, .. }))), "{dropped:?}");
    assert!(dropped.contains(&Action::ShowNotice(Some(Notice::from_client_error(crate::errors::ClientError::SignalingLost)))), "{dropped:?}");
    let at = client.next_deadline().expect("a retry is due");
    client.handle_timeout(at);
    drain(&mut client);
    frame(&mut client, at + 5, client_id("m-bob", Some("token-1"))).unwrap();
    assert!(drain(&mut client).contains(&Action::ShowNotice(None)));
    // A ROOM_FULL refusing one of our own messages is the server's answer to it, as any other.
    let refused = ErrorFrame { code: ErrorCode::RoomFull, message: "this room is full".into(), reference: Some("hello".into()) };
    frame(&mut client, at + 10, Message::Error(refused)).unwrap();
    let shown = drain(&mut client).into_iter().find_map(|a| match a {
        Action::ShowNotice(Some(n)) => Some(n),
        _ => None,
    });
    assert_eq!(shown.map(|n| n.message), Some("The server refused a message: this room is full".to_owned()));
}

#[test]
fn the_directory_follows_the_server_and_names_chat_lines() {
    let mut client = online();
    let listing = PeerListing { peers: vec!["a-alice".into(), "m-bob".into()], profiles: None };
    frame(&mut client, 20, Message::PeerList(listing)).unwrap();
    let actions = drain(&mut client);
    let peers = actions.iter().find_map(|a| match a {
        Action::ShowPeers(peers) => Some(peers.clone()),
        _ => None,
    });
    assert_eq!(peers.map(|p| p.len()), Some(1), "ourselves are not listed");
    frame(&mut client, 30, Message::PeerJoined(PeerInfo { id: "a-alice".into(), name: Some("Alice".into()), busy: None, calls: None }))
        .unwrap();
    drain(&mut client);
    let chat = Routed { from: Some("a-alice".into()), to: None, payload: ChatBody::Text("hello".into()) };
    frame(&mut client, 40, Message::Chat(chat)).unwrap();
    let line = drain(&mut client).into_iter().find_map(|a| match a {
        Action::ShowChat(line) => Some(line),
        _ => None,
    });
    let line = line.expect("the line is shown");
    assert_eq!((line.name.as_deref(), line.text.as_str(), line.at), (Some("Alice"), "hello", ORIGIN + 40));
    // Our own echo (a base server broadcasts to the sender too) is not shown again.
    let echo = Routed { from: Some("m-bob".into()), to: None, payload: ChatBody::Text("mine".into()) };
    frame(&mut client, 50, Message::Chat(echo)).unwrap();
    assert!(!drain(&mut client).iter().any(|a| matches!(a, Action::ShowChat(_))));
    // Each of those frames was taken (by the directory or the chat) though none is a call's; a
    // peer's leaving is taken too. A call message with no call to go to is still refused.
    frame(&mut client, 60, Message::PeerLeft(PeerInfo { id: "a-alice".into(), name: None, busy: None, calls: None })).unwrap();
    let stray = Routed { from: Some("a-alice".into()), to: None, payload: crate::protocol::CallEnd { call_id: "none".into(), reason: crate::protocol::EndReason::HungUp, seq: None } };
    assert!(frame(&mut client, 70, Message::CallEnd(stray)).is_err());
}

#[test]
fn a_sent_chat_line_goes_out_then_shows_as_ours() {
    let mut client = online();
    client.handle(60, Input::SendChat { to: None, text: "  hi all ".into(), id: "c1".into() }).unwrap();
    let actions = drain(&mut client);
    assert_eq!(actions[0], Action::ShowChatRefusal(None));
    assert!(matches!(&actions[1], Action::Send(text) if text.contains("hi all")));
    assert!(matches!(&actions[2], Action::ShowChat(line) if line.mine && line.text == "hi all" && line.at == ORIGIN + 60));
}

#[test]
fn a_private_line_on_a_base_server_is_refused_before_anything_is_sent() {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    frame(&mut client, 10, client_id("m-bob", None)).unwrap();
    let listing = PeerListing { peers: vec!["a-alice".into(), "m-bob".into()], profiles: None };
    frame(&mut client, 15, Message::PeerList(listing)).unwrap();
    drain(&mut client);
    assert!(client.handle(20, Input::SendChat { to: Some("a-alice".into()), text: "psst".into(), id: "c1".into() }).is_err());
    let actions = drain(&mut client);
    assert_eq!(actions.len(), 1);
    assert!(matches!(&actions[0], Action::ShowChatRefusal(Some(n)) if n.code == "PRIVATE_CHAT_UNAVAILABLE"));
}

#[test]
fn a_private_line_for_someone_who_left_is_refused_not_sent_on() {
    let mut client = online();
    assert!(client.handle(20, Input::SendChat { to: Some("z-gone".into()), text: "for you only".into(), id: "c1".into() }).is_err());
    let actions = drain(&mut client);
    assert_eq!(actions.len(), 1, "nothing sent: {actions:?}");
    assert!(matches!(&actions[0], Action::ShowChatRefusal(Some(n)) if n.code == "CHAT_RECIPIENT_LEFT"));
}

#[test]
fn a_server_error_is_shown_unless_the_call_took_it_or_it_is_the_expected_race() {
    let mut client = online();
    let error = |code, reference: &str| {
        Message::Error(ErrorFrame { code, message: "nope".into(), reference: Some(reference.into()) })
    };
    frame(&mut client, 20, error(ErrorCode::RateLimited, "chat")).unwrap();
    assert!(matches!(&drain(&mut client)[..], [Action::ShowNotice(Some(n))] if n.code == "RATE_LIMITED"));
    frame(&mut client, 30, error(ErrorCode::UnknownPeer, "ice-candidate")).unwrap();
    assert!(drain(&mut client).is_empty(), "trickling to a peer who just left is not a problem");
}

#[test]
fn the_people_list_of_a_big_room_is_read_though_it_is_larger_than_a_client_may_send() {
    let mut client = online();
    // 600 people with long names: a list of ~100 KB, over the 64 KiB a client's frame may be.
    let ids: Vec<String> = (0..600).map(|n| format!("p-{n:04}-{}", "x".repeat(20))).collect();
    let profiles = ids
        .iter()
        .map(|id| (id.clone(), crate::protocol::Profile { name: Some(format!("Person {id} Ölund-Ångström")), busy: Some(false), calls: None }))
        .collect();
    let text = Message::PeerList(PeerListing { peers: ids.clone(), profiles: Some(profiles) }).to_json();
    assert!(text.len() > crate::protocol::MAX_FRAME_BYTES, "{} bytes", text.len());
    client.handle(20, Input::Frame(text)).expect("the list is taken");
    let shown = drain(&mut client).into_iter().find_map(|a| match a {
        Action::ShowPeers(peers) => Some(peers.len()),
        _ => None,
    });
    assert_eq!(shown, Some(600), "everyone is listed");
    // A frame past what the server ever queues for one client is still refused.
    let huge = format!(r#"{{"type":"peer-list","peers":["{}"]}}"#, "y".repeat(crate::protocol::MAX_SERVER_FRAME_BYTES));
    assert!(client.handle(30, Input::Frame(huge)).is_err());
}

#[test]
fn a_frame_that_does_not_parse_is_skipped() {
    let mut client = online();
    assert!(client.handle(20, Input::Frame("{not json".into())).is_err());
    assert!(drain(&mut client).is_empty());
}

#[test]
fn a_rename_made_while_offline_is_told_to_the_server_once_it_has_us_back() {
    let mut client = online();
    client.handle(1_000, Input::SocketClosed).unwrap();
    client.handle(1_100, Input::Rename("Robert".into())).unwrap();
    assert!(sent(&drain(&mut client)).is_empty(), "no socket: the hello has nowhere to go");
    let retry = client.next_deadline().expect("a reconnect is due");
    client.handle_timeout(retry);
    drain(&mut client);
    // The resume keeps the name the server had.
    let resumed = ClientIdInfo { id: "m-bob".into(), resume: Some("token-2".into()), name: Some("Bob".into()), room: None, limits: None };
    frame(&mut client, 2_000, Message::ClientId(resumed)).unwrap();
    let actions = drain(&mut client);
    let told = sent(&actions).into_iter().any(|m| matches!(m, Message::Hello(h) if h.name.as_deref() == Some("Robert")));
    assert!(told, "the room hears the new name: {actions:?}");
    assert!(actions.contains(&Action::ShowMe(Me { id: Some("m-bob".into()), name: "Robert".into() })), "the page shows the name it chose");
    // The server knows it now: the next connection says nothing more.
    let current = ClientIdInfo { id: "m-bob".into(), resume: Some("token-3".into()), name: Some("Robert".into()), room: None, limits: None };
    frame(&mut client, 3_000, Message::ClientId(current)).unwrap();
    assert_eq!(sent(&drain(&mut client)), vec![Message::ListPeers]);
}

#[test]
fn a_name_the_server_only_cleaned_is_shown_as_it_cleaned_it_and_not_said_again() {
    let mut client = Client::new(ClientConfig { name: "Bob\u{200B}".into(), ..ClientConfig::default() });
    client.handle(0, Input::Start).unwrap();
    drain(&mut client);
    let info = ClientIdInfo { id: "m-bob".into(), resume: Some("token-1".into()), name: Some("Bob".into()), room: None, limits: None };
    frame(&mut client, 10, Message::ClientId(info)).unwrap();
    let actions = drain(&mut client);
    assert_eq!(sent(&actions), vec![Message::ListPeers], "no hello");
    assert!(actions.contains(&Action::ShowMe(Me { id: Some("m-bob".into()), name: "Bob".into() })));
}
