//! An in-memory signaling server with the rules of the real one (specs/signaling.md and
//! dialtone-server's hub) where a call can tell the difference: every frame is JSON text, parsed
//! with the core's protocol types and written back; `from` is stamped with the real sender; a
//! frame to nobody in the room is answered with `UNKNOWN_PEER`; a socket that drops keeps its id
//! and its frames for the resume grace, and one that stays away longer leaves (`peer-left`). A
//! page is named by its connection (the URL's `name`); a resume keeps the name the server had; a
//! `hello` changes the name or says the page takes no calls, and the room hears it as a
//! `peer-joined` (the hub's "profile changed"); the list carries the profiles.
//!
//! As a base server (`Relay::base`) it keeps only the base protocol: `client-id` with the id
//! alone, `offer` / `answer` / `ice-candidate` relayed, everything else (and every error) dropped
//! without a word, and no resume: a dropped client is gone at once and comes back as a new id. It
//! knows no names, and it lists the client itself and echoes its own `peer-joined`, as some base
//! servers do (specs/signaling.md, "Tolerances").
//!
//! The relay does not decide anything about calls: like the real hub (whose `busy` is advisory)
//! it never answers "busy" itself; the callee's `Phone` does.

use std::collections::BTreeMap;

use dialtone_core::protocol::{
    ClientIdInfo, Envelope, ErrorCode, ErrorFrame, Limits, MAX_FRAME_BYTES, Message, MessageKind, PeerId,
    PeerInfo, PeerListing, Profile,
};

/// How long a dropped client keeps its id (the server's default).
pub const RESUME_GRACE_MS: u64 = 30_000;

/// One frame the relay writes to a client.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub to: PeerId,
    pub text: String,
}

#[derive(Debug)]
struct Client {
    /// The socket is up; frames for a client that is away wait in `kept`.
    attached: bool,
    /// When a detached client's id is released.
    leaves_at: Option<u64>,
    token: String,
    kept: Vec<String>,
    name: Option<String>,
    /// From the client's `hello`: `Some(false)` when its page takes no calls.
    calls: Option<bool>,
}

#[derive(Debug, Default)]
pub struct Relay {
    clients: BTreeMap<PeerId, Client>,
    tokens_issued: u64,
    /// Every frame a client sent that the relay refused, with its error code.
    pub refused: Vec<(PeerId, ErrorCode)>,
    /// Only the base protocol (see above).
    base: bool,
}

impl Relay {
    pub fn is_base(&self) -> bool {
        self.base
    }

    /// The server restarts: it forgets every client, their tokens and what it kept for them, and
    /// tells nobody (it was down). Tokens it gives from now on are new ones.
    pub fn restart(&mut self) {
        self.clients.clear();
    }

    /// A base server: the minimal protocol only.
    pub fn base() -> Relay {
        Relay { base: true, ..Relay::default() }
    }

    /// A new connection named `name` that is given `id` (the real server draws one; tests choose
    /// it so they can say which side's id is the smaller). Returns the frames that go out.
    pub fn connect(&mut self, id: &str, name: &str) -> Vec<Delivery> {
        let token = self.new_token();
        let name = (!self.base).then(|| name.to_owned());
        let client = Client { attached: true, leaves_at: None, token: token.clone(), kept: Vec::new(), name, calls: None };
        let hello = if self.base { base_client_id(id) } else { client_id(id, &token, &client) };
        let existed = self.clients.insert(id.to_owned(), client);
        assert!(existed.is_none(), "the relay never gives out an id that is in use");
        let mut out = vec![Delivery { to: id.to_owned(), text: hello }];
        out.extend(self.announce(id));
        out
    }

    /// `peer-joined` for `id`, with its profile, to the room (and to itself on a base server).
    fn announce(&mut self, id: &str) -> Vec<Delivery> {
        let Some(client) = self.clients.get(id) else { return Vec::new() };
        let joined = Message::PeerJoined(PeerInfo { id: id.to_owned(), name: client.name.clone(), busy: Some(false), calls: client.calls });
        let mut out = self.to_all_but(id, &joined.to_json());
        if self.base {
            out.extend(self.deliver(id, joined.to_json()));
        }
        out
    }

    /// The socket of `id` closed at `now`: it keeps its id until the grace ends.
    pub fn socket_closed(&mut self, id: &str, now: u64) {
        if let Some(client) = self.clients.get_mut(id) {
            client.attached = false;
            let grace = if self.base { 0 } else { RESUME_GRACE_MS };
            client.leaves_at = Some(now + grace);
        }
    }

    /// A reconnection with a resume token: the same id with a fresh token, then what was kept, in
    /// order. `None` for a token the relay does not know (it was used, or its grace is over).
    pub fn resume(&mut self, token: &str) -> Option<(PeerId, Vec<Delivery>)> {
        if self.base {
            return None;
        }
        let id = self.clients.iter().find(|(_, c)| !c.attached && c.token == token).map(|(id, _)| id.clone())?;
        let fresh = self.new_token();
        let client = self.clients.get_mut(&id)?;
        client.attached = true;
        client.leaves_at = None;
        client.token = fresh.clone();
        let mut out = vec![Delivery { to: id.clone(), text: client_id(&id, &fresh, client) }];
        out.extend(std::mem::take(&mut client.kept).into_iter().map(|text| Delivery { to: id.clone(), text }));
        Some((id, out))
    }

    /// A frame that was on its way to `to` when its socket closed: the server still held it (it
    /// had not been written), so it waits for the resume, ahead of anything newer.
    pub fn keep(&mut self, to: &str, text: String) {
        if let Some(client) = self.clients.get_mut(to).filter(|c| !c.attached) {
            client.kept.push(text);
        }
    }

    /// Clients whose grace ended by `now` leave; the room hears `peer-left`.
    pub fn expire(&mut self, now: u64) -> Vec<Delivery> {
        let gone: Vec<PeerId> = self
            .clients
            .iter()
            .filter(|(_, c)| c.leaves_at.is_some_and(|at| at <= now))
            .map(|(id, _)| id.clone())
            .collect();
        let mut out = Vec::new();
        for id in gone {
            self.clients.remove(&id);
            let left = Message::PeerLeft(PeerInfo { id: id.clone(), name: None, busy: None, calls: None });
            out.extend(self.to_all_but(&id, &left.to_json()));
        }
        out
    }

    /// When the next detached client leaves.
    pub fn next_deadline(&self) -> Option<u64> {
        self.clients.values().filter_map(|c| c.leaves_at).min()
    }

    /// One text frame from client `sender`, as the server's socket task hands it to the hub.
    pub fn receive(&mut self, sender: &str, text: &str) -> Vec<Delivery> {
        let envelope = match Envelope::parse(text) {
            Ok(envelope) => envelope,
            Err(error) => return self.refuse(sender, error.to_error_frame()),
        };
        let message = match Message::from_envelope_ref(&envelope) {
            Ok(message) => message,
            Err(error) => return self.refuse(sender, error.to_error_frame()),
        };
        let kind = message.kind();
        if kind.is_server_only() {
            return self.refuse(sender, error(ErrorCode::NotAllowed, kind, "only the server sends this"));
        }
        let base_relays = matches!(kind, MessageKind::Offer | MessageKind::Answer | MessageKind::IceCandidate);
        if self.base && !base_relays && kind != MessageKind::ListPeers {
            return Vec::new();
        }
        match message {
            Message::ListPeers => {
                let listed = self.clients.iter().filter(|(id, _)| self.base || id.as_str() != sender);
                let profiles = listed.clone().map(|(id, c)| (id.clone(), Profile { name: c.name.clone(), busy: Some(false), calls: c.calls }));
                let peers = listed.map(|(id, _)| id.clone()).collect();
                let list = Message::PeerList(PeerListing { peers, profiles: (!self.base).then(|| profiles.collect()) });
                self.deliver(sender, list.to_json())
            }
            Message::Hello(hello) => {
                if let Some(client) = self.clients.get_mut(sender) {
                    client.name = hello.name.or(client.name.take());
                    client.calls = hello.calls.or(client.calls);
                }
                self.announce(sender)
            }
            _ if kind.is_peer_to_peer() => self.relay(sender, kind, envelope),
            // Chat changes nothing a call depends on.
            _ => Vec::new(),
        }
    }

    /// A peer-to-peer frame: to its `to`, `from` stamped, the payload passed on untouched.
    fn relay(&mut self, sender: &str, kind: MessageKind, envelope: Envelope) -> Vec<Delivery> {
        let Some(to) = envelope.to.clone() else {
            return self.refuse(sender, error(ErrorCode::Malformed, kind, "needs `to`"));
        };
        if to == sender {
            return self.refuse(sender, error(ErrorCode::NotAllowed, kind, "you cannot send to yourself"));
        }
        if !self.clients.contains_key(&to) {
            return self.refuse(sender, error(ErrorCode::UnknownPeer, kind, "no such peer in your room"));
        }
        let frame = Envelope::relayed(kind, sender, None, envelope.payload).to_json();
        self.deliver(&to, frame)
    }

    fn refuse(&mut self, sender: &str, frame: ErrorFrame) -> Vec<Delivery> {
        self.refused.push((sender.to_owned(), frame.code));
        if self.base {
            return Vec::new();
        }
        self.deliver(sender, Message::Error(frame).to_json())
    }

    /// To a client whose socket is up; kept for the resume while it is away.
    fn deliver(&mut self, to: &str, text: String) -> Vec<Delivery> {
        match self.clients.get_mut(to) {
            Some(client) if client.attached => vec![Delivery { to: to.to_owned(), text }],
            Some(client) => {
                client.kept.push(text);
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    fn to_all_but(&mut self, sender: &str, text: &str) -> Vec<Delivery> {
        let others: Vec<PeerId> = self.clients.keys().filter(|id| id.as_str() != sender).cloned().collect();
        others.into_iter().flat_map(|id| self.deliver(&id, text.to_owned())).collect()
    }

    fn new_token(&mut self) -> String {
        self.tokens_issued += 1;
        format!("token-{}", self.tokens_issued)
    }
}

fn client_id(id: &str, token: &str, client: &Client) -> String {
    let info = ClientIdInfo {
        id: id.to_owned(),
        resume: Some(token.to_owned()),
        name: client.name.clone(),
        room: Some("lobby".to_owned()),
        limits: Some(Limits { max_frame: MAX_FRAME_BYTES }),
    };
    Message::ClientId(info).to_json()
}

fn base_client_id(id: &str) -> String {
    Message::ClientId(ClientIdInfo { id: id.to_owned(), resume: None, name: None, room: None, limits: None }).to_json()
}

fn error(code: ErrorCode, kind: MessageKind, message: &str) -> ErrorFrame {
    ErrorFrame { code, message: format!("`{kind}`: {message}"), reference: Some(kind.as_str().to_owned()) }
}
