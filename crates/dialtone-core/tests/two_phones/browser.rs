//! One simulated RTCPeerConnection: the signaling-state machine of the WebRTC spec (stable,
//! have-local-offer, have-remote-offer, implicit rollback), the descriptions it makes and
//! accepts, ICE generations (a ufrag per generation, a new one on an ICE restart), the tracks it
//! sends and the negotiation-needed rule. What the descriptions say is written into a small
//! SDP of our own, so the far side reads it back from the text it was given, as a browser does.

use dialtone_core::call::ConnectionState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signaling {
    Stable,
    HaveLocalOffer,
    HaveRemoteOffer,
}

/// What a description says, as the far side reads it from the SDP text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sdp {
    /// Which connection wrote it (a DTLS fingerprint stands for it).
    pub pc: u32,
    /// The session version of the `o=` line: each new description has the next one.
    pub version: u32,
    pub ufrag: String,
    pub video: bool,
    pub channel: bool,
    pub screen: bool,
}

impl Sdp {
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "v=0\r\no=- {pc} {} IN IP4 127.0.0.1\r\na=fingerprint:sim-{pc}\r\na=ice-ufrag:{}\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n",
            self.version,
            self.ufrag,
            pc = self.pc
        );
        if self.video {
            text.push_str("m=video 9 UDP/TLS/RTP/SAVPF 96\r\n");
        }
        if self.screen {
            text.push_str("m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=msid:screen screen\r\n");
        }
        if self.channel {
            text.push_str("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n");
        }
        text
    }

    /// Reads a description back; `None` for text this simulated browser did not write (it refuses
    /// it, as a browser refuses an SDP it cannot parse).
    pub fn parse(text: &str) -> Option<Sdp> {
        let value = |prefix: &str| text.lines().find_map(|l| l.strip_prefix(prefix)).map(str::to_owned);
        let pc = value("a=fingerprint:sim-")?.parse().ok()?;
        let version = value("o=- ")?.split(' ').nth(1)?.parse().ok()?;
        let ufrag = value("a=ice-ufrag:")?;
        let screen = text.contains("a=msid:screen");
        let videos = text.matches("m=video").count();
        Some(Sdp { pc, version, ufrag, video: videos > usize::from(screen), channel: text.contains("m=application"), screen })
    }
}

/// Why an operation was refused (the DOMException a browser would throw).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    InvalidState,
    BadSdp,
}

#[derive(Debug, Clone)]
pub struct PeerSim {
    pub id: u32,
    pub station: usize,
    pub closed: bool,
    /// The far side has noticed that this connection closed (DTLS close, consent gone).
    pub gone: bool,
    pub signaling: Signaling,
    generation: u32,
    /// The session version of the last description made.
    session_version: u32,
    /// The ufrag of the last local description set (the pending offer's while there is one).
    pub local_ufrag: Option<String>,
    /// The committed local ufrag, to go back to on a rollback.
    stable_ufrag: Option<String>,
    pub remote: Option<Sdp>,
    /// The last remote description changed the remote ufrag (the peer restarted ICE).
    remote_ufrag_changed: bool,
    /// Remote candidates were added for this remote ufrag.
    pub candidates_for: Option<String>,
    /// Candidates the page added that the browser refused (before a remote description, or of
    /// another ICE generation): the core's buffering rule says this never happens.
    pub refused_candidates: Vec<String>,
    pub video: bool,
    /// The page added its local tracks (the first offer or answer does that).
    pub tracks_added: bool,
    pub screen: bool,
    /// Bumped on every track change after the first exchange; negotiated once an offer carrying
    /// it was answered.
    pub tracks_version: u32,
    offered_version: Option<u32>,
    pub negotiated_version: u32,
    /// The caller created the control channel (so its offers carry it).
    pub channel_created: bool,
    pub channel_open: bool,
    pub connection: ConnectionState,
    /// Since when ICE is disconnected.
    pub disconnected_since: Option<u64>,
    /// The ufrags of the pair that failed: only a restart (another pair) connects again.
    pub failed_pair: Option<(String, String)>,
    /// The connection was up with this remote connection at least once.
    pub was_connected: bool,
    /// Channel frames sent while the path was down, delivered once it is back (SCTP retransmits).
    pub channel_backlog: Vec<String>,
}

impl PeerSim {
    pub fn new(id: u32, station: usize, video: bool) -> PeerSim {
        PeerSim {
            id,
            station,
            closed: false,
            gone: false,
            signaling: Signaling::Stable,
            generation: 0,
            session_version: 0,
            local_ufrag: None,
            stable_ufrag: None,
            remote: None,
            remote_ufrag_changed: false,
            candidates_for: None,
            refused_candidates: Vec::new(),
            video,
            tracks_added: false,
            screen: false,
            tracks_version: 0,
            offered_version: None,
            negotiated_version: 0,
            channel_created: false,
            channel_open: false,
            connection: ConnectionState::New,
            disconnected_since: None,
            failed_pair: None,
            was_connected: false,
            channel_backlog: Vec::new(),
        }
    }

    fn new_ufrag(&mut self) -> String {
        self.generation += 1;
        format!("u{}g{}", self.id, self.generation)
    }

    fn description(&mut self, ufrag: &str) -> Sdp {
        self.session_version += 1;
        Sdp {
            pc: self.id,
            version: self.session_version,
            ufrag: ufrag.to_owned(),
            video: self.video && self.tracks_added,
            channel: self.channel_created || self.remote.as_ref().is_some_and(|r| r.channel),
            screen: self.screen,
        }
    }

    /// createOffer + setLocalDescription. An ICE restart (or the first offer) takes a new ufrag.
    pub fn create_offer(&mut self, ice_restart: bool, add_tracks: bool) -> Result<String, Refused> {
        if self.closed || self.signaling == Signaling::HaveRemoteOffer {
            return Err(Refused::InvalidState);
        }
        self.tracks_added |= add_tracks;
        let ufrag = match (&self.stable_ufrag, ice_restart) {
            (Some(current), false) => current.clone(),
            _ => self.new_ufrag(),
        };
        self.local_ufrag = Some(ufrag.clone());
        self.signaling = Signaling::HaveLocalOffer;
        self.offered_version = Some(self.tracks_version);
        Ok(self.description(&ufrag).to_text())
    }

    /// createAnswer + setLocalDescription; the answer restarts ICE when the offer did.
    pub fn create_answer(&mut self, add_tracks: bool) -> Result<String, Refused> {
        if self.closed || self.signaling != Signaling::HaveRemoteOffer {
            return Err(Refused::InvalidState);
        }
        self.tracks_added |= add_tracks;
        let restarted = self.remote_ufrag_changed;
        let ufrag = match (&self.stable_ufrag, restarted) {
            (Some(current), false) => current.clone(),
            _ => self.new_ufrag(),
        };
        self.local_ufrag = Some(ufrag.clone());
        self.stable_ufrag = Some(ufrag.clone());
        self.signaling = Signaling::Stable;
        Ok(self.description(&ufrag).to_text())
    }

    /// setRemoteDescription. An offer over our own pending offer rolls ours back first (the
    /// implicit rollback perfect negotiation relies on); an answer needs an offer of ours.
    pub fn apply_remote(&mut self, is_offer: bool, text: &str) -> Result<(), Refused> {
        if self.closed {
            return Err(Refused::InvalidState);
        }
        let sdp = Sdp::parse(text).ok_or(Refused::BadSdp)?;
        if is_offer {
            if self.signaling == Signaling::HaveLocalOffer {
                self.local_ufrag = self.stable_ufrag.clone();
                self.offered_version = None;
            }
            self.signaling = Signaling::HaveRemoteOffer;
        } else {
            if self.signaling != Signaling::HaveLocalOffer {
                return Err(Refused::InvalidState);
            }
            self.signaling = Signaling::Stable;
            self.stable_ufrag = self.local_ufrag.clone();
            if let Some(version) = self.offered_version.take() {
                self.negotiated_version = version;
            }
        }
        self.remote_ufrag_changed = self.remote.as_ref().is_some_and(|r| r.ufrag != sdp.ufrag);
        self.remote = Some(sdp);
        Ok(())
    }

    /// addIceCandidate; a refusal is logged by the page and the call goes on.
    pub fn add_candidate(&mut self, candidate: &str, ufrag: Option<&str>) {
        let Some(remote) = self.remote.as_ref() else {
            self.refused_candidates.push(format!("before any remote description: {candidate}"));
            return;
        };
        if candidate.is_empty() {
            return;
        }
        if ufrag.is_some_and(|u| u != remote.ufrag) {
            self.refused_candidates.push(format!("of another ICE generation: {candidate}"));
            return;
        }
        self.candidates_for = Some(remote.ufrag.clone());
    }

    /// The page adds or removes the screen's tracks; true when the browser will ask for a
    /// renegotiation now (it waits for `stable` otherwise).
    pub fn set_screen(&mut self, on: bool) -> bool {
        if self.closed || self.screen == on {
            return false;
        }
        self.screen = on;
        self.tracks_version += 1;
        self.needs_negotiation()
    }

    /// The negotiation-needed rule, as checked when the state returns to `stable`.
    pub fn needs_negotiation(&self) -> bool {
        !self.closed && self.signaling == Signaling::Stable && self.tracks_version != self.negotiated_version
    }

    /// The ICE pair this side is on: (local ufrag, remote ufrag).
    pub fn pair(&self) -> Option<(String, String)> {
        Some((self.local_ufrag.clone()?, self.remote.as_ref()?.ufrag.clone()))
    }
}
