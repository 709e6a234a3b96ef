//! One browser page around a `Client`, the machine the call page runs: what the page holds (its
//! socket, its peer connection, the streams getUserMedia gave) and what it last showed. The page
//! performs the client's actions (`page`) and the call machine's actions inside them (`call_page`)
//! the way src/controller/ does: every result comes back later as an input, never from inside the
//! action.

use dialtone_core::call::{CallView, Tone};
use dialtone_core::client::{Client, ClientConfig, LinkStatus, Me, Notice, OpId};
use dialtone_core::history::HistoryEntry;
use dialtone_core::presence::PeerSummary;
use dialtone_core::protocol::{CallId, EndReason, PeerId};
use dialtone_core::server::ServerKind;

pub struct Station {
    pub name: String,
    /// The id the relay knows this page's socket by (the page learns it from `client-id`).
    pub id: Option<PeerId>,
    /// Every id the relay gave this page (a long outage gets a new one).
    pub ids: Vec<PeerId>,
    pub client: Client,
    /// The page's current socket, from its last `OpenSocket`.
    pub(crate) socket: Option<u32>,
    /// The relay holds that socket (it reached the server and has not dropped).
    pub(crate) attached: bool,
    /// Outages of the page's network to the server that have not ended (they may overlap).
    pub(crate) outages: u32,
    /// The current peer connection.
    pub(crate) pc: Option<u32>,
    /// Streams getUserMedia gave that wait for the machine's word (use or discard), by op.
    pub(crate) captures: Vec<OpId>,
    /// A captured stream is the call's local stream.
    pub has_media: bool,
    /// The next getUserMedia fails with this.
    pub media_failure: Option<EndReason>,
    pub tone: Option<Tone>,
    pub recording: bool,
    /// The next recorder fails to start.
    pub recorder_fails: bool,
    /// The URL of the live audio stream that runs, if one does.
    pub live_stream: Option<String>,
    /// The call history as the page shows it (newest first).
    pub records: Vec<HistoryEntry>,
    /// The history as the page last stored it (JSON).
    pub saved_history: Option<String>,
    /// Calls this side sent an end for (over either path): it ended them itself.
    pub told_end: Vec<CallId>,
    /// Inputs the client refused, with the reason (for reading a failure, not for asserting).
    pub ignored: Vec<String>,
    /// Frames the page could not send (its socket had died unnoticed).
    pub unsent: Vec<String>,
    /// The notice on screen, and every notice shown.
    pub notice: Option<Notice>,
    pub notices: Vec<Notice>,
    pub me: Option<Me>,
    pub link: Option<LinkStatus>,
    pub peers: Vec<PeerSummary>,
    /// What the page says about the server (the page starts with the default kind, as the UI does).
    pub server_kind: ServerKind,
    pub ice_servers: Option<String>,
    /// The remote streams shown: the call's own and the peer's screen.
    pub remote_call: Option<String>,
    pub remote_screen: Option<String>,
}

impl Station {
    /// The page whose relay id will be `name`, its client configured by `config`.
    pub fn new(name: &str, config: ClientConfig) -> Station {
        Station {
            name: name.to_owned(),
            id: None,
            ids: Vec::new(),
            client: Client::new(config),
            socket: None,
            attached: false,
            outages: 0,
            pc: None,
            captures: Vec::new(),
            has_media: false,
            media_failure: None,
            tone: None,
            recording: false,
            recorder_fails: false,
            live_stream: None,
            records: Vec::new(),
            saved_history: None,
            told_end: Vec::new(),
            ignored: Vec::new(),
            unsent: Vec::new(),
            notice: None,
            notices: Vec::new(),
            me: None,
            link: None,
            peers: Vec::new(),
            server_kind: ServerKind::default(),
            ice_servers: None,
            remote_call: None,
            remote_screen: None,
        }
    }

    /// The name the person gave their page.
    pub fn person(&self) -> &str {
        self.client.name()
    }

    /// The call as the page reads it (times on the wall clock).
    pub fn view(&self) -> Option<CallView> {
        self.client.call_view()
    }

    pub fn call_id(&self) -> Option<CallId> {
        self.view().map(|v| v.call_id)
    }

    pub fn in_call(&self) -> bool {
        self.client.in_call()
    }

    /// The history entry of call `id`, if it ended here.
    pub fn record(&self, id: &str) -> Option<&HistoryEntry> {
        self.records.iter().find(|r| r.call_id == id)
    }

    /// The page is on the server: its socket is attached and the network is up.
    pub fn online(&self) -> bool {
        self.attached && self.outages == 0
    }
}

/// "a-alice" → "Alice": the name after the id's sorting prefix, capitalised.
pub fn person(id: &str) -> String {
    let name = id.split_once('-').map_or(id, |(_, name)| name);
    let mut chars = name.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
