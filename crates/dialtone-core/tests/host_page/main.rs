//! The host-mode page machine (specs/host-protocol.md §1.4, §4, §5, §7), driven as the page's
//! glue would: frames and browser results in, actions out, time as an input.

mod batching;
mod media;
mod monitor;
mod exchange;
mod ordering;
mod screen;
mod setup;

use dialtone_core::host::page::*;
use dialtone_core::host::signal::{self, IceCandidateInit, SdpType, SessionDescription};
use dialtone_core::host::{ConnectionStates, HostErrorCode, IceServer};
use serde_json::{Value, json};

pub const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

pub struct Page {
    pub page: HostPage,
    pub now: u64,
}

impl Default for Page {
    fn default() -> Self {
        Page::with(true)
    }
}

impl Page {
    pub fn new() -> Page {
        Page::default()
    }

    pub fn with(can_encrypt: bool) -> Page {
        Page::in_browser(can_encrypt, PermissionBrowser::ChromeLike)
    }

    pub fn in_browser(can_encrypt: bool, browser: PermissionBrowser) -> Page {
        let config = PageConfig {
            browser,
            can_encrypt,
            default_ice_servers: vec![IceServer {
                urls: vec!["stun:dialtone.example:3478".into()],
                username: None,
                credential: None,
            }],
        };
        Page {
            page: HostPage::new(config),
            now: 1_000,
        }
    }

    pub fn input(&mut self, input: Input) -> Vec<Action> {
        let _ = self.page.handle(self.now, input);
        self.drain()
    }

    /// An input that must be refused as not fitting the state.
    pub fn ignored(&mut self, input: Input) {
        assert!(
            self.page.handle(self.now, input).is_err(),
            "input was applied"
        );
        assert_eq!(self.drain(), vec![]);
    }

    pub fn drain(&mut self) -> Vec<Action> {
        std::iter::from_fn(|| self.page.poll_action()).collect()
    }

    /// A host command, as a frame with this `corrId`.
    pub fn command(&mut self, corr_id: u64, command: Value) -> Vec<Action> {
        self.input(Input::Frame(
            json!({"corrId": corr_id, "command": command}).to_string(),
        ))
    }

    /// Moves time to `to`, ticking at every deadline on the way.
    pub fn advance_to(&mut self, to: u64) -> Vec<Action> {
        let mut actions = Vec::new();
        while let Some(at) = self.page.next_deadline().filter(|at| *at <= to) {
            self.now = self.now.max(at);
            actions.extend(self.input(Input::Tick));
        }
        self.now = to;
        actions.extend(self.input(Input::Tick));
        actions
    }

    pub fn advance(&mut self, ms: u64) -> Vec<Action> {
        self.advance_to(self.now + ms)
    }

    /// The caller after `capabilities` (audio, media granted).
    pub fn with_preview() -> Page {
        let mut page = Page::new();
        let actions = page.command(1, json!({"type": "capabilities", "media": "audio"}));
        let op = acquire_op(&actions);
        page.input(Input::MediaAcquired {
            op,
            mic: Ok(()),
            camera: None,
        });
        page
    }

    /// A callee whose `start` reply is out; returns the page and the `MakeOffer` op's actions.
    pub fn offerer() -> Page {
        let mut page = Page::new();
        let actions = page.command(1, json!({"type": "start", "media": "video"}));
        let op = acquire_op(&actions);
        let actions = page.input(Input::MediaAcquired {
            op,
            mic: Ok(()),
            camera: Some(Ok(())),
        });
        let op = create_op(&actions);
        let actions = page.input(Input::PeerConnectionCreated { op });
        let op = make_offer_op(&actions);
        page.input(Input::LocalDescriptionSet {
            op,
            sdp: "v=0\r\n".into(),
            old_peer: None,
        });
        let reply = sent(&page.advance(750));
        assert_eq!(reply[0]["resp"]["type"], "offer");
        page
    }

    /// A caller whose `answer` reply is out.
    pub fn answerer() -> Page {
        let mut page = Page::with_preview();
        let actions = page.command(2, offer_command(&[]));
        let op = create_op(&actions);
        let actions = page.input(Input::PeerConnectionCreated { op });
        let op = make_answer_op(&actions);
        page.input(Input::LocalDescriptionSet {
            op,
            sdp: "v=0\r\n".into(),
            old_peer: None,
        });
        let reply = sent(&page.advance(750));
        assert_eq!(reply[0]["resp"]["type"], "answer");
        page
    }
}

pub fn candidate(n: u32) -> IceCandidateInit {
    IceCandidateInit {
        candidate: format!("candidate:{n} 1 udp 1 10.0.0.{n} 5000 typ host"),
        sdp_mid: Some("0".into()),
        sdp_m_line_index: Some(0),
        username_fragment: Some("u".into()),
    }
}

pub fn lz_candidates(candidates: &[IceCandidateInit]) -> String {
    signal::encode_candidates(candidates)
}

pub fn lz_description(sdp_type: SdpType, sdp: &str) -> String {
    signal::encode_description(&SessionDescription::new(sdp_type, sdp))
}

pub fn offer_command(candidates: &[IceCandidateInit]) -> Value {
    json!({"type": "offer", "offer": lz_description(SdpType::Offer, "v=0\r\nremote\r\n"),
           "iceCandidates": lz_candidates(candidates), "media": "audio"})
}

/// Every frame sent, parsed.
pub fn sent(actions: &[Action]) -> Vec<Value> {
    actions
        .iter()
        .filter_map(|action| match action {
            Action::Send(text) => Some(serde_json::from_str(text).expect("the page sends JSON")),
            _ => None,
        })
        .collect()
}

/// The `message` of the only error sent.
pub fn error_code(actions: &[Action]) -> String {
    let sent = sent(actions);
    assert_eq!(sent.len(), 1, "{sent:?}");
    let message = sent[0]["resp"]["message"]
        .as_str()
        .expect("an error")
        .to_owned();
    message.split(' ').nth(1).unwrap_or_default().to_owned()
}

pub fn code(code: HostErrorCode) -> String {
    code.as_str().to_owned()
}

/// Candidates of an LZ string in a sent message.
pub fn decoded(text: &Value) -> Vec<IceCandidateInit> {
    signal::decode_candidates(text.as_str().expect("a string")).expect("valid candidates")
}

pub fn acquire_op(actions: &[Action]) -> OpId {
    actions
        .iter()
        .find_map(|a| {
            if let Action::AcquireMedia { op, .. } = a {
                Some(*op)
            } else {
                None
            }
        })
        .expect("AcquireMedia")
}

pub fn create_op(actions: &[Action]) -> OpId {
    actions
        .iter()
        .find_map(|a| {
            if let Action::CreatePeerConnection { op, .. } = a {
                Some(*op)
            } else {
                None
            }
        })
        .expect("CreatePeerConnection")
}

pub fn make_offer_op(actions: &[Action]) -> OpId {
    actions
        .iter()
        .find_map(|a| {
            if let Action::MakeOffer { op, .. } = a {
                Some(*op)
            } else {
                None
            }
        })
        .expect("MakeOffer")
}

pub fn make_answer_op(actions: &[Action]) -> OpId {
    actions
        .iter()
        .find_map(|a| {
            if let Action::MakeAnswer { op, .. } = a {
                Some(*op)
            } else {
                None
            }
        })
        .expect("MakeAnswer")
}

pub fn set_media_op(actions: &[Action]) -> OpId {
    actions
        .iter()
        .find_map(|a| {
            if let Action::SetMedia { op, .. } = a {
                Some(*op)
            } else {
                None
            }
        })
        .expect("SetMedia")
}

pub fn states(connection: &str) -> ConnectionStates {
    ConnectionStates::new(connection, "checking", "gathering", "stable")
}
