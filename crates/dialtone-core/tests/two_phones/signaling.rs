//! The stations' signaling sockets: the page opens one when its client says so (with the resume
//! token the client kept), the relay takes it back under the same id or gives a new one; the
//! network to the server can go down (what the socket was sending is lost, what the server had
//! not written yet waits for the resume, the page notices the close a little later and its client
//! retries with back-off) and come back; the frames go both ways as JSON text.

use dialtone_core::client::Input;
use dialtone_core::protocol::Message;

use crate::relay::Delivery;
use crate::world::{Event, Link, World};

impl World {
    /// The page's `open_socket`: a new socket whose opening reaches the server after the
    /// frames already on the wire (frames sent meanwhile wait for it, as a WebSocket's do).
    pub(crate) fn open_socket(&mut self, station: usize, name: String, resume: Option<String>) {
        let socket = self.next_socket;
        self.next_socket += 1;
        let s = &mut self.stations[station];
        assert!(!s.attached, "{} opens a socket while the server still holds one", s.name);
        s.socket = Some(socket);
        let delay = self.delays.signaling;
        self.schedule(Link::Up(station), delay, Event::SocketOpen { station, socket, name, resume });
    }

    /// The opening reaches the server, or fails for want of a network.
    pub(crate) fn on_socket_open(&mut self, station: usize, socket: u32, name: String, resume: Option<String>) {
        if self.stations[station].socket != Some(socket) {
            return;
        }
        if self.stations[station].outages > 0 {
            self.socket_closed(station);
            return;
        }
        self.stations[station].attached = true;
        match resume.and_then(|token| self.relay.resume(&token)) {
            Some((id, deliveries)) => {
                assert_eq!(self.stations[station].id.as_ref(), Some(&id), "a resume gives the page its own id back");
                self.deliver(deliveries);
            }
            None => {
                let s = &self.stations[station];
                // The first id is the station's name (tests choose which is the smaller); a page
                // that lost its id gets a new one, as the server would draw it.
                let id = match &s.id {
                    Some(_) => format!("{}-{socket}", s.name),
                    None => s.name.clone(),
                };
                let s = &mut self.stations[station];
                s.id = Some(id.clone());
                s.ids.push(id.clone());
                let deliveries = self.relay.connect(&id, &name);
                self.deliver(deliveries);
            }
        }
    }

    /// The page hears its socket closed (after what was already on its way down).
    fn socket_closed(&mut self, station: usize) {
        let delay = self.delays.signaling;
        self.report(station, Link::Down(station), delay, Input::SocketClosed);
    }

    /// The station's network to the server goes down: its socket dies; frames it sent that are
    /// still on the wire are lost; frames the server had not written yet wait for the resume, in
    /// order. The page notices the close a little later.
    pub fn drop_socket(&mut self, station: usize) {
        self.stations[station].outages += 1;
        if !std::mem::replace(&mut self.stations[station].attached, false) {
            return;
        }
        let socket = self.stations[station].socket;
        let id = self.id(station);
        self.relay.socket_closed(&id, self.now);
        let in_flight: Vec<(u64, u64)> = self
            .queue
            .iter()
            .filter(|(_, e)| matches!(e, Event::Uplink { station: s, socket: k, .. } | Event::Downlink { station: s, socket: k, .. } if *s == station && Some(*k) == socket))
            .map(|(key, _)| *key)
            .collect();
        for key in in_flight {
            if let Some(Event::Downlink { text, .. }) = self.queue.remove(&key) {
                self.relay.keep(&id, text);
            }
        }
        self.socket_closed(station);
    }

    /// The server restarts: every socket dies at once with what was on the wire (a crash loses
    /// what it had not written), and every page comes back to a server that knows nobody.
    pub fn restart_server(&mut self) {
        for station in 0..self.stations.len() {
            let s = &mut self.stations[station];
            if std::mem::replace(&mut s.attached, false) {
                let socket = s.socket;
                self.queue.retain(|_, e| !matches!(e, Event::Uplink { socket: k, .. } | Event::Downlink { socket: k, .. } if Some(*k) == socket));
                self.socket_closed(station);
            }
        }
        self.relay.restart();
    }

    /// The station's network is back (once every outage that began has ended): the client
    /// reconnects at its next attempt.
    pub fn reconnect(&mut self, station: usize) {
        let s = &mut self.stations[station];
        s.outages = s.outages.saturating_sub(1);
    }

    pub(crate) fn send_up(&mut self, station: usize, text: String) {
        match self.stations[station].socket {
            Some(socket) if self.stations[station].outages == 0 => {
                let delay = self.delays.signaling;
                self.schedule(Link::Up(station), delay, Event::Uplink { station, socket, text });
            }
            // A socket that died unnoticed: the frame is lost.
            _ => self.stations[station].unsent.push(text),
        }
    }

    pub(crate) fn on_uplink(&mut self, station: usize, socket: u32, text: &str) {
        let s = &self.stations[station];
        if s.attached && s.socket == Some(socket) {
            let id = self.id(station);
            let deliveries = self.relay.receive(&id, text);
            self.deliver(deliveries);
        }
    }

    pub(crate) fn deliver(&mut self, deliveries: Vec<Delivery>) {
        for delivery in deliveries {
            let target = self.stations.iter().position(|s| s.id.as_deref() == Some(delivery.to.as_str()) && s.attached);
            if let Some(station) = target {
                let socket = self.stations[station].socket.unwrap_or_default();
                let delay = self.delays.signaling;
                self.schedule(Link::Down(station), delay, Event::Downlink { station, socket, text: delivery.text });
            }
        }
    }

    /// A frame reaches the page: its client reads the text as it came.
    pub(crate) fn on_downlink(&mut self, station: usize, socket: u32, text: String) {
        if !(self.stations[station].attached && self.stations[station].socket == Some(socket)) {
            return;
        }
        if let Err(error) = Message::parse(&text) {
            panic!("the relay wrote a frame the page cannot read: {error}: {text}");
        }
        let _ = self.input(station, Input::Frame(text));
    }
}
