//! The signaling connection: opening it, reconnecting with back-off and the resume token, reading
//! each frame (directory, server, chat, call, errors), and keeping the ICE servers fresh.

use super::*;
use crate::call::CallState;
use crate::errors::ClientError;
use crate::ice_servers::{IceServersAnswer, classify, network_error};
use crate::protocol::{ErrorCode, Hello, Message};

/// A back-off that has run out still retries, this often (the signaling one never runs out).
const RECONNECT_FALLBACK_MS: u64 = 10_000;
const ICE_RETRY_FALLBACK_MS: u64 = 30_000;
/// How long one request for the ICE servers may take (a list of a few KB, from our own server).
pub const ICE_FETCH_LIMIT_MS: u64 = 10_000;

/// A full room's refusal: what this socket's server said, and how the last socket ended.
#[derive(Debug, Default)]
pub(super) struct RoomWait {
    /// This socket's server said ROOM_FULL (it closes next).
    pub(super) refused: bool,
    /// The last socket closed on a ROOM_FULL: the server is there, the room has no place.
    pub(super) full: bool,
}

impl Client {
    pub(super) fn start(&mut self, now: u64) {
        self.actions.push_back(Action::ShowMe(Me { id: None, name: self.name.clone() }));
        self.actions.push_back(Action::ShowHistory(self.history.entries().to_vec()));
        self.show_stream_offer();
        self.fetch_ice_servers(now);
        self.open_socket(now, LinkStatus::Connecting);
    }

    /// Opens the socket; the link shows `link` until the server answers: `Connecting` the first
    /// time, and on a retry still `Reconnecting` (the page stays offline until it is back, so
    /// nothing flips to "ready" for the length of each attempt).
    pub(super) fn open_socket(&mut self, now: u64, link: LinkStatus) {
        self.socket_open = true;
        self.watch_opening(now);
        self.room.refused = false;
        self.list_asked = false;
        self.online = false;
        self.actions.push_back(Action::ShowLink(link));
        self.show_silent_ringing();
        self.actions.push_back(Action::OpenSocket { name: self.name.clone(), resume: self.resume_token.clone() });
    }

    pub(super) fn on_socket_closed(&mut self, now: u64) {
        self.socket_open = false;
        self.watch_closed();
        self.list_asked = false;
        // The list is stale without a server; a connected call's media goes on regardless.
        self.directory.clear_peers();
        let jitter = self.jitter.sample();
        let delay = self.reconnect.next_delay_ms(jitter).unwrap_or(RECONNECT_FALLBACK_MS);
        self.reconnect_at = Some(now + delay);
        self.show_peers();
        // Only this socket's own ROOM_FULL: a later drop (the server gone, the phone's network
        // lost) while the page waited for a place is a lost connection, and says so.
        let room_full = std::mem::take(&mut self.room.refused);
        self.room.full = room_full;
        self.actions.push_back(Action::ShowLink(LinkStatus::Reconnecting { retry_at: self.wall(now + delay), room_full }));
        self.online = false;
        self.show_silent_ringing();
        // A full room closes the socket right after saying so: that stays the reason shown.
        if !room_full {
            self.set_notice(Some(Notice::from_client_error(self.signaling_lost())));
        }
    }

    /// What the page says about a lost server: a connected call goes on without it.
    fn signaling_lost(&self) -> ClientError {
        let connected = self.phone.view().is_some_and(|c| c.ended.is_none() && c.state == CallState::Connected);
        if connected { ClientError::SignalingLostInCall } else { ClientError::SignalingLost }
    }

    /// A call that ends (or stops being connected) while the server is away: the notice no
    /// longer says it goes on.
    pub(super) fn follow_call_with_lost_notice(&mut self) {
        let in_call_notice = self.notice.as_ref().is_some_and(|n| n.code == ClientError::SignalingLostInCall.code());
        if in_call_notice && self.signaling_lost() == ClientError::SignalingLost {
            self.set_notice(Some(Notice::from_client_error(ClientError::SignalingLost)));
        }
    }

    /// The loader asked for the people list on this socket: its answer is on the way, and a
    /// second request would only make the server send the whole list again.
    pub(super) fn on_sent_by_loader(&mut self, text: &str) -> Result<(), Ignored> {
        match Message::parse(text) {
            Ok(Message::ListPeers) if self.socket_open => {
                self.list_asked = true;
                Ok(())
            }
            _ => Err(Ignored { reason: "not a request this page makes on a new socket" }),
        }
    }

    pub(super) fn on_frame(&mut self, now: u64, text: &str) -> Result<(), Ignored> {
        // Whatever it says, the link is alive (`link_watch.rs`).
        self.watch_heard(now);
        // A bad frame from the server is skipped; the page goes on.
        let message = Message::parse_from_server(text).map_err(|_| Ignored { reason: "not a signaling frame" })?;
        let directory_changed = self.directory.apply(&message);
        let server_changed = self.server.apply(&message);
        if server_changed {
            self.show_server();
        }
        // The frames this machine reads itself are taken, whatever the call machine says of them.
        let used_here = server_changed
            || matches!(
                message,
                Message::ClientId(_) | Message::PeerList(_) | Message::PeerJoined(_) | Message::PeerLeft(_) | Message::Chat(_)
            );
        if let Message::ClientId(info) = &message {
            self.reconnect.reset();
            self.room.full = false;
            self.resume_token = info.resume.clone();
            self.actions.push_back(Action::ShowLink(LinkStatus::Online));
            self.online = true;
            self.watch_heard(now);
            self.show_silent_ringing();
            let lost = [ClientError::SignalingLost, ClientError::SignalingLostInCall, ClientError::RoomFull].map(ClientError::code);
            if self.notice.as_ref().is_some_and(|n| lost.contains(&n.code.as_str())) {
                self.set_notice(None);
            }
            // A resume keeps the name the server had: a rename made while we were away (its
            // `hello` found no socket) is said now, or the room would go on with the old name. The
            // server drops invisible characters as the call's channel does, so that is no rename.
            // A base server names nobody, and would not understand the `hello`.
            let ours = crate::control::wire::clean_name(&self.name);
            let renamed = info.name.is_some() && info.name != ours;
            let name = match &info.name {
                Some(theirs) if !renamed => theirs.clone(),
                _ => self.name.clone(),
            };
            self.actions.push_back(Action::ShowMe(Me { id: Some(info.id.clone()), name }));
            if !std::mem::take(&mut self.list_asked) {
                self.send(&Message::ListPeers);
            }
            if !self.calls_prepared && !self.webrtc_missing {
                self.calls_prepared = true;
                self.actions.push_back(Action::PrepareCalls);
            }
            // Said on every connection (a restarted server forgot it).
            let no_calls = self.webrtc_missing && self.server.capabilities().relays_call_control();
            if renamed || no_calls {
                let name = renamed.then(|| self.name.clone());
                self.send(&Message::Hello(Hello { name, calls: no_calls.then_some(false), room: None }));
            }
        }
        if directory_changed {
            self.show_peers();
        }
        if let Message::Chat(chat) = &message {
            self.receive_chat(now, chat);
        }
        let server_error = match &message {
            Message::Error(error) => Some(error.clone()),
            _ => None,
        };
        let taken = self.call(now, crate::call::Input::Signal(message));
        // An error the call machine did not act on is shown, unless it is the expected race of
        // trickling to a peer who just left.
        match server_error {
            // The server's answer to this socket (no message of ours): the room has no place.
            Some(error) if error.code == ErrorCode::RoomFull && error.reference.is_none() => {
                self.room.refused = true;
                self.set_notice(Some(Notice::from_client_error(ClientError::RoomFull)));
                Ok(())
            }
            Some(error) if taken.is_err() && error.worth_showing() => {
                self.set_notice(Some(Notice::from_server_error(&error)));
                Ok(())
            }
            Some(_) => Ok(()),
            None if used_here => Ok(()),
            None => taken,
        }
    }

    fn receive_chat(&mut self, now: u64, chat: &crate::protocol::Routed<crate::protocol::ChatBody>) {
        let wall = self.wall(now);
        let self_id = self.directory.self_id().map(str::to_owned);
        let Some(line) = self.chat.receive(chat, self_id.as_deref(), wall) else { return };
        // The server's name for the sender; the one in the message when it no longer knows them.
        let name = self.directory.name_of(&line.from).or(line.name);
        let with = line.direct.then(|| line.from.clone());
        self.actions.push_back(Action::ShowChat(ChatLine {
            from: line.from,
            name,
            text: line.text,
            direct: line.direct,
            mine: false,
            with,
            at: line.at,
        }));
    }

    /// Queues a message for the socket; false when there is none.
    pub(super) fn send(&mut self, message: &Message) -> bool {
        if self.socket_open {
            self.actions.push_back(Action::Send(message.to_json()));
        }
        self.socket_open
    }

    /// Asks for the servers; the request has `ICE_FETCH_LIMIT_MS` to answer.
    pub(super) fn fetch_ice_servers(&mut self, now: u64) {
        let op = self.new_op();
        self.ice_fetching = Some(op);
        self.ice_fetch_at = Some(now + ICE_FETCH_LIMIT_MS);
        self.actions.push_back(Action::FetchIceServers { op });
    }

    /// `ice_fetch_at` came: the next request is due, or the one under way has had its time.
    pub(super) fn ice_fetch_due(&mut self, now: u64) {
        self.ice_fetch_at = None;
        match self.ice_fetching.take() {
            // A server or proxy that takes the request and never answers would otherwise leave
            // calls without their TURN servers for good: it is abandoned (a late answer is
            // refused) and asked again like any request that may pass.
            Some(op) => {
                self.actions.push_back(Action::AbandonIceFetch { op });
                self.retry_ice_servers(now);
            }
            None => self.fetch_ice_servers(now),
        }
    }

    fn retry_ice_servers(&mut self, now: u64) {
        let jitter = self.jitter.sample();
        let delay = self.ice_retry.next_delay_ms(jitter).unwrap_or(ICE_RETRY_FALLBACK_MS);
        self.ice_fetch_at = Some(now + delay);
    }

    /// Only a failure that may pass is retried (with back-off); a 404 or a page that is not JSON
    /// (a base server) means none are configured, and they are not asked for again. Fresh
    /// credentials are fetched shortly before the current ones expire.
    pub(super) fn on_ice_servers(&mut self, now: u64, op: OpId, response: Option<(u16, String)>) -> Result<(), Ignored> {
        if self.ice_fetching != Some(op) {
            return Err(Ignored { reason: "an ICE-server answer nobody waits for" });
        }
        self.ice_fetching = None;
        let answer = match response {
            Some((status, body)) => classify(status, &body),
            None => network_error(),
        };
        match answer {
            IceServersAnswer::Servers { servers, ttl_secs } => {
                self.ice_retry.reset();
                self.actions.push_back(Action::UseIceServers(servers.to_string()));
                self.ice_fetch_at = Some(now.saturating_add(crate::backoff::credential_refresh_delay_ms(ttl_secs)));
            }
            IceServersAnswer::NoneConfigured { .. } => self.ice_fetch_at = None,
            IceServersAnswer::Retry { .. } => self.retry_ice_servers(now),
        }
        Ok(())
    }
}
