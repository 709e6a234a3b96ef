//! Chat rules: what to send (and what to refuse) on this server, and which arriving messages to
//! show. On a base server a message "to" someone is shown to everyone, so private chat is refused
//! before it leaves the page; the server echoes our own room messages back, and those are not
//! shown a second time.

use std::collections::VecDeque;

use crate::errors::ClientError;
use crate::protocol::{ChatBody, Message, PeerId, Routed};
use crate::server::ServerCapabilities;

/// Characters one message carries at most (a longer one is refused, never cut).
pub const MAX_CHAT_CHARS: usize = 2_000;
/// Message ids remembered to drop a repeat (a history replayed after a reconnect).
const SEEN_IDS_KEPT: usize = 256;

/// Characters kept of a sender's name carried in a message.
const MAX_NAME_CHARS: usize = 40;
/// A sender's clock may run this far ahead of ours before its time is not believed.
const CLOCK_SKEW_MS: u64 = 60_000;
/// A message time older than this (a wrong clock, or a very old history) is not believed either.
const OLDEST_BELIEVED_MS: u64 = 7 * 24 * 3600 * 1000;

/// The message to send for `text`, to `to` (a peer) or to the room; `id` and `ts` are the
/// caller's fresh id and time, `name` the sender's display name. `Err` says why it may not go
/// (nothing is sent).
pub fn compose(
    capabilities: ServerCapabilities,
    to: Option<PeerId>,
    addressee: Addressee,
    text: &str,
    id: String,
    ts: u64,
    name: Option<&str>,
) -> Result<Option<(Message, String)>, ClientError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    // Whether it can go out now is the sender's to say (`Client::send_chat` keeps it if not).
    if let Some(refusal) = refusal(capabilities, Reach::Online, addressee, draft_chars(text)) {
        return Err(refusal);
    }
    let text = text.to_owned();
    // Base clients expect a bare string and would print an object.
    let body = if capabilities.structured_chat() {
        ChatBody::Rich { text: text.clone(), id: Some(id), ts: Some(ts), name: name.map(str::to_owned) }
    } else {
        ChatBody::Text(text.clone())
    };
    let message = match to {
        Some(peer) => Message::Chat(Routed::to(peer, body)),
        None => Message::Chat(Routed::broadcast(body)),
    };
    Ok(Some((message, text)))
}

/// Whether the server can take a message now, as the rules see it (from the client's
/// `LinkStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Online,
    /// No connection to the server.
    Offline,
    /// The server is there, but it refused this page a place: its room is full.
    RoomFull,
}

/// Whom a draft is addressed to, as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addressee {
    /// Everyone in the room.
    Room,
    /// A person in the room, privately.
    Present,
    /// A person chosen who has left the room.
    Left,
}

impl Addressee {
    /// For a recipient `to` (`None`: the room), with who is in the room now.
    pub fn of(to: Option<&str>, in_room: impl Fn(&str) -> bool) -> Addressee {
        match to {
            None => Addressee::Room,
            Some(id) if in_room(id) => Addressee::Present,
            Some(_) => Addressee::Left,
        }
    }
}

/// The characters a draft counts, as one message carries them: trimmed, in characters (not
/// bytes, not UTF-16 units).
pub fn draft_chars(text: &str) -> usize {
    text.trim().chars().count()
}

/// Why a message may not go, before it is written: no connection to the server (`link` not
/// online: nothing can go out, and the composer keeps what was typed; a room refused as full
/// says so, since the server is there); a private line to a
/// person who has left (never sent on to someone else: it was written for them); a draft of
/// `chars` characters longer than one message carries (never cut: a pasted text would lose its
/// end unseen; the person shortens or splits it); or a private one on a server that cannot keep
/// it private. The page shows this as soon as it is so, and it clears itself once it is no
/// longer so.
pub fn refusal(capabilities: ServerCapabilities, reach: Reach, addressee: Addressee, chars: usize) -> Option<ClientError> {
    match reach {
        Reach::Online => {}
        Reach::RoomFull => return Some(ClientError::RoomFull),
        Reach::Offline => return Some(ClientError::ChatOffline),
    }
    if addressee == Addressee::Left {
        return Some(ClientError::ChatRecipientLeft);
    }
    if chars > MAX_CHAT_CHARS {
        return Some(ClientError::ChatTooLong);
    }
    (addressee == Addressee::Present && !capabilities.keeps_chat_private()).then_some(ClientError::PrivateChatUnavailable)
}

/// Whom a new message goes to by default: the call's peer when the server keeps it private,
/// else the room.
pub fn default_recipient(capabilities: ServerCapabilities, call_peer: Option<PeerId>) -> Option<PeerId> {
    call_peer.filter(|_| capabilities.keeps_chat_private())
}

/// Whom the composer is set to send to, as the person left it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RecipientChoice {
    /// Not chosen: the default, which follows the call.
    #[default]
    Default,
    Everyone,
    Person(PeerId),
}

/// Whom the composer's next message goes to (`None`: the room), for the person's `choice` and
/// who is in the room now (`in_room`). A person chosen stays chosen, also while they are away
/// (then [`refusal`] says so: a private line is never sent on to someone else). When nothing
/// was chosen it is the default, which follows the call as it starts and ends.
pub fn recipient(
    capabilities: ServerCapabilities,
    call_peer: Option<PeerId>,
    choice: &RecipientChoice,
    in_room: impl Fn(&str) -> bool,
) -> Option<PeerId> {
    match choice {
        RecipientChoice::Everyone => None,
        RecipientChoice::Person(id) => Some(id.clone()),
        RecipientChoice::Default => default_recipient(capabilities, call_peer.filter(|peer| in_room(peer))),
    }
}

/// An arriving message the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub from: PeerId,
    pub text: String,
    /// Sent to us alone.
    pub direct: bool,
    /// When it was written: the sender's time when it is believable, else when it arrived.
    pub at: u64,
    /// The name the sender wrote it under (cleaned), for when the server does not know them.
    pub name: Option<String>,
}

/// A name carried in a message: no control or invisible formatting characters, capped.
fn clean_name(raw: &str) -> Option<String> {
    let invisible = |c: char| {
        matches!(c, '\u{00AD}' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
    };
    let name: String = raw.chars().filter(|c| !c.is_control() && !invisible(*c)).take(MAX_NAME_CHARS).collect();
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Decides which arriving messages to show.
#[derive(Debug, Clone, Default)]
pub struct ChatInbox {
    seen_ids: VecDeque<String>,
}

impl ChatInbox {
    /// `self_id`: our id now. Our own echo, a message addressed to someone else, and a repeat of
    /// a message id already shown are not shown.
    pub fn receive(&mut self, chat: &Routed<ChatBody>, self_id: Option<&str>, now: u64) -> Option<Incoming> {
        let from = chat.from.clone()?;
        if Some(from.as_str()) == self_id {
            // A base server broadcasts to the sender too; the page showed it when it was sent.
            return None;
        }
        let direct = match chat.to.as_deref() {
            None => false,
            Some(to) if Some(to) == self_id => true,
            // Relayed to us although it was for someone else: not ours to show.
            Some(_) => return None,
        };
        if let ChatBody::Rich { id: Some(id), .. } = &chat.payload {
            if self.seen_ids.contains(id) {
                return None;
            }
            self.seen_ids.push_back(id.clone());
            if self.seen_ids.len() > SEEN_IDS_KEPT {
                self.seen_ids.pop_front();
            }
        }
        let text: String = chat.payload.text().chars().take(MAX_CHAT_CHARS).collect();
        let (ts, name) = match &chat.payload {
            ChatBody::Rich { ts, name, .. } => (*ts, name.as_deref().and_then(clean_name)),
            ChatBody::Text(_) => (None, None),
        };
        let believable = |ts: &u64| *ts <= now.saturating_add(CLOCK_SKEW_MS) && now.saturating_sub(*ts) <= OLDEST_BELIEVED_MS;
        let at = ts.filter(believable).map_or(now, |ts| ts.min(now));
        Some(Incoming { from, text, direct, at, name })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::ServerKind;

    const BASE: ServerCapabilities = ServerCapabilities { kind: ServerKind::Base };
    const DIALTONE: ServerCapabilities = ServerCapabilities { kind: ServerKind::Dialtone };

    #[test]
    fn private_chat_is_refused_on_a_base_server_before_anything_is_sent() {
        assert_eq!(
            compose(BASE, Some("bob".into()), Addressee::Present, "secret", "m1".into(), 1, None).map(|_| ()),
            Err(ClientError::PrivateChatUnavailable)
        );
        assert!(ClientError::PrivateChatUnavailable.sentence().contains("cannot keep a message private"));
        assert!(compose(DIALTONE, Some("bob".into()), Addressee::Present, "secret", "m1".into(), 1, None).is_ok());
    }

    #[test]
    fn the_refusal_shown_before_writing_is_the_one_sending_would_give() {
        assert_eq!(refusal(BASE, Reach::Online, Addressee::Present, 5), Some(ClientError::PrivateChatUnavailable));
        assert_eq!(refusal(BASE, Reach::Online, Addressee::Room, 5), None, "the room is reachable while online");
        assert_eq!(refusal(DIALTONE, Reach::Online, Addressee::Present, 5), None);
        assert_eq!(refusal(DIALTONE, Reach::Online, Addressee::Room, MAX_CHAT_CHARS), None, "up to the limit");
        assert_eq!(refusal(DIALTONE, Reach::Online, Addressee::Room, MAX_CHAT_CHARS + 1), Some(ClientError::ChatTooLong));
        assert_eq!(draft_chars("  😀é  "), 2);
        for capabilities in [BASE, DIALTONE] {
            assert_eq!(refusal(capabilities, Reach::Online, Addressee::Left, 5), Some(ClientError::ChatRecipientLeft));
        }
        assert_eq!(Addressee::of(Some("carol"), |id| id == "bob"), Addressee::Left);
        assert_eq!(Addressee::of(Some("bob"), |id| id == "bob"), Addressee::Present);
        assert_eq!(Addressee::of(None, |_| false), Addressee::Room);
    }

    #[test]
    fn nothing_can_be_sent_while_the_server_is_out_of_reach() {
        for capabilities in [BASE, DIALTONE] {
            for addressee in [Addressee::Room, Addressee::Present, Addressee::Left] {
                assert_eq!(refusal(capabilities, Reach::Offline, addressee, 5), Some(ClientError::ChatOffline));
                // Refused as full, the server is there: that is what the composer says.
                assert_eq!(refusal(capabilities, Reach::RoomFull, addressee, 5), Some(ClientError::RoomFull));
            }
        }
        assert_eq!(ClientError::ChatOffline.code(), "CHAT_OFFLINE");
        assert!(ClientError::ChatOffline.sentence().contains("What you typed stays here"));
    }

    #[test]
    fn room_chat_on_a_base_server_is_a_bare_string() {
        let sent = compose(BASE, None, Addressee::Room, "  hi  ", "m1".into(), 1, Some("Ann"));
        assert!(matches!(sent, Ok(Some((ref m, ref t))) if m.to_json() == r#"{"type":"chat","payload":"hi"}"# && t == "hi"));
        let rich = compose(DIALTONE, None, Addressee::Room, "hi", "m1".into(), 7, Some("Ann"));
        assert!(matches!(rich, Ok(Some((Message::Chat(ref c), _))) if c.payload == ChatBody::Rich { text: "hi".into(), id: Some("m1".into()), ts: Some(7), name: Some("Ann".into()) }));
    }

    #[test]
    fn blank_messages_send_nothing_and_long_ones_are_refused_not_cut() {
        assert!(matches!(compose(DIALTONE, None, Addressee::Room, "   ", "m".into(), 1, None), Ok(None)));
        let long = "é".repeat(MAX_CHAT_CHARS + 1);
        assert_eq!(compose(DIALTONE, None, Addressee::Room, &long, "m".into(), 1, None).err(), Some(ClientError::ChatTooLong));
        // Characters, not bytes or UTF-16 units, and the spaces around do not count.
        let full = format!("  {}  ", "😀".repeat(MAX_CHAT_CHARS));
        assert!(matches!(compose(DIALTONE, None, Addressee::Room, &full, "m".into(), 1, None), Ok(Some((_, ref t))) if t.chars().count() == MAX_CHAT_CHARS));
        assert_eq!(ClientError::ChatTooLong.code(), "CHAT_TOO_LONG");
        // The sentence states the limit in words: it must say this constant.
        assert!(ClientError::ChatTooLong.sentence().contains(&format!("{},{:03} characters", MAX_CHAT_CHARS / 1000, MAX_CHAT_CHARS % 1000)));
    }

    #[test]
    fn the_default_recipient_is_the_room_on_a_base_server() {
        assert_eq!(default_recipient(BASE, Some("bob".into())), None);
        assert_eq!(default_recipient(DIALTONE, Some("bob".into())), Some("bob".into()));
    }

    #[test]
    fn the_recipient_follows_the_call_until_chosen_and_a_chosen_person_stays_chosen() {
        let here = |present: &'static [&'static str]| move |id: &str| present.contains(&id);
        let bob = || Some("bob".to_owned());
        let default = RecipientChoice::Default;
        // Not chosen: the room, then the call's peer once a call starts, the room once it ends.
        assert_eq!(recipient(DIALTONE, None, &default, here(&["bob", "carol"])), None);
        assert_eq!(recipient(DIALTONE, bob(), &default, here(&["bob", "carol"])), bob());
        assert_eq!(recipient(BASE, bob(), &default, here(&["bob"])), None, "never private where it cannot be");
        // Everyone chosen holds during a call.
        assert_eq!(recipient(DIALTONE, bob(), &RecipientChoice::Everyone, here(&["bob"])), None);
        // Carol chosen stays chosen while she is away (the refusal says she left), and after.
        let carol = RecipientChoice::Person("carol".into());
        for present in [&["bob", "carol"][..], &["bob"][..], &[][..]] {
            assert_eq!(recipient(DIALTONE, bob(), &carol, |id: &str| present.contains(&id)), Some("carol".into()));
        }
        // A call's peer who left (the call about to end) is not written to either.
        assert_eq!(recipient(DIALTONE, bob(), &default, here(&["carol"])), None);
    }

    fn arriving(from: &str, to: Option<&str>, body: ChatBody) -> Routed<ChatBody> {
        Routed { from: Some(from.into()), to: to.map(str::to_owned), payload: body }
    }

    #[test]
    fn our_own_echo_is_not_shown_again() {
        let mut inbox = ChatInbox::default();
        assert_eq!(inbox.receive(&arriving("me", None, ChatBody::Text("hi".into())), Some("me"), 1_000), None);
        assert!(inbox.receive(&arriving("bob", None, ChatBody::Text("hi".into())), Some("me"), 1_000).is_some());
    }

    #[test]
    fn a_message_for_someone_else_is_not_shown_and_one_for_us_is_direct() {
        let mut inbox = ChatInbox::default();
        assert_eq!(inbox.receive(&arriving("bob", Some("carol"), ChatBody::Text("psst".into())), Some("me"), 1_000), None);
        let ours = inbox.receive(&arriving("bob", Some("me"), ChatBody::Text("psst".into())), Some("me"), 1_000);
        assert_eq!(ours, Some(Incoming { from: "bob".into(), text: "psst".into(), direct: true, at: 1_000, name: None }));
    }

    #[test]
    fn a_replayed_message_id_is_shown_once() {
        let mut inbox = ChatInbox::default();
        let body = ChatBody::Rich { text: "hi".into(), id: Some("m1".into()), ts: None, name: None };
        assert!(inbox.receive(&arriving("bob", None, body.clone()), Some("me"), 1_000).is_some());
        assert!(inbox.receive(&arriving("bob", None, body), Some("me"), 1_000).is_none());
    }

    #[test]
    fn a_message_keeps_its_believable_time_and_its_sender_name_cleaned() {
        let mut inbox = ChatInbox::default();
        let now = 10 * 24 * 3600 * 1000;
        let rich = |id: &str, ts: u64, name: &str| ChatBody::Rich { text: "hi".into(), id: Some(id.into()), ts: Some(ts), name: Some(name.into()) };
        let shown = inbox.receive(&arriving("bob", None, rich("a", now - 5_000, "\u{202E}Bob\u{200B}")), Some("me"), now).unwrap();
        assert_eq!((shown.at, shown.name.as_deref()), (now - 5_000, Some("Bob")));
        let future = inbox.receive(&arriving("bob", None, rich("b", now + 3_600_000, "Bob")), Some("me"), now).unwrap();
        assert_eq!(future.at, now, "a clock an hour ahead is not believed");
        let ancient = inbox.receive(&arriving("bob", None, rich("c", 1, "Bob")), Some("me"), now).unwrap();
        assert_eq!(ancient.at, now);
        let plain = inbox.receive(&arriving("bob", None, ChatBody::Text("hi".into())), Some("me"), now).unwrap();
        assert_eq!((plain.at, plain.name), (now, None));
    }
}
