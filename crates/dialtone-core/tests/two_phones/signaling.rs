//! The stations' signaling sockets: connecting, a socket that dies (what it was sending is lost,
//! what the server had not written yet waits for the resume), resuming with the token, and the
//! frames both ways as JSON text.

use dialtone_core::call::Input;
use dialtone_core::protocol::Message;

use crate::relay::Delivery;
use crate::world::{Event, Link, World};

impl World {
    pub(crate) fn connect(&mut self, station: usize) {
        let name = self.stations[station].name.clone();
        let id = match &self.stations[station].id {
            // A client that lost its id comes back as a new one (the server would draw it).
            Some(_) => format!("{name}-{}", self.next_socket),
            None => name,
        };
        self.attach(station);
        // The relay's name for this socket (the page learns it from `client-id`).
        self.stations[station].id = Some(id.clone());
        self.stations[station].ids.push(id.clone());
        let deliveries = self.relay.connect(&id);
        self.deliver(deliveries);
    }

    fn attach(&mut self, station: usize) {
        self.stations[station].socket = Some(self.next_socket);
        self.next_socket += 1;
    }

    /// The station's socket dies: frames it sent that are still on the wire are lost; frames
    /// the server had not written yet wait for the resume, in order.
    pub fn drop_socket(&mut self, station: usize) {
        let Some(socket) = self.stations[station].socket.take() else { return };
        let id = self.id(station);
        self.relay.socket_closed(&id, self.now);
        let in_flight: Vec<(u64, u64)> = self
            .queue
            .iter()
            .filter(|(_, e)| matches!(e, Event::Uplink { station: s, socket: k, .. } | Event::Downlink { station: s, socket: k, .. } if *s == station && *k == socket))
            .map(|(key, _)| *key)
            .collect();
        for key in in_flight {
            if let Some(Event::Downlink { text, .. }) = self.queue.remove(&key) {
                self.relay.keep(&id, text);
            }
        }
    }

    /// The page reconnects: with its resume token when it has one (same id), else anew.
    pub fn reconnect(&mut self, station: usize) {
        if self.stations[station].socket.is_some() {
            return;
        }
        let token = self.stations[station].token.clone();
        match token.and_then(|t| self.relay.resume(&t)) {
            Some((_, deliveries)) => {
                self.attach(station);
                self.deliver(deliveries);
            }
            None => self.connect(station),
        }
    }

    pub(crate) fn send_up(&mut self, station: usize, message: &Message) {
        match self.stations[station].socket {
            Some(socket) => {
                let text = message.to_json();
                let delay = self.delays.signaling;
                self.schedule(Link::Up(station), delay, Event::Uplink { station, socket, text });
            }
            // The page's `send` with no connection: logged, not sent.
            None => self.stations[station].unsent.push(message.to_json()),
        }
    }

    pub(crate) fn deliver(&mut self, deliveries: Vec<Delivery>) {
        for delivery in deliveries {
            let target = self.stations.iter().position(|s| s.id.as_deref() == Some(delivery.to.as_str()) && s.socket.is_some());
            if let Some(station) = target {
                let socket = self.stations[station].socket.unwrap_or_default();
                let delay = self.delays.signaling;
                self.schedule(Link::Down(station), delay, Event::Downlink { station, socket, text: delivery.text });
            }
        }
    }

    pub(crate) fn on_downlink(&mut self, station: usize, text: &str) {
        let message = match Message::parse(text) {
            Ok(message) => message,
            Err(error) => panic!("the relay wrote a frame the page cannot read: {error}: {text}"),
        };
        if let Message::ClientId(info) = &message {
            self.stations[station].token = info.resume.clone();
        }
        let _ = self.input(station, Input::Signal(message));
    }
}
