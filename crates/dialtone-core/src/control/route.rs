//! Which path an in-call event takes (docs/CONTROL-CHANNEL.md, "Paths").

/// The kinds of event, as far as routing cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// The end of the call: the connection closes right after, so there is no time to wait for
    /// an acknowledgement.
    End,
    /// Media and recording notices: the call goes on, so an acknowledgement can be awaited.
    Notice,
}

/// Where to send one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// Over the call's data channel.
    pub channel: bool,
    /// Over the signaling server at once.
    pub signaling: bool,
    /// Over the server, after this long without an acknowledgement from the channel.
    pub fallback_after_ms: Option<u64>,
    /// A base server relays no `call-end`: the end rides an end-of-candidates (`callEnd`).
    pub carrier: bool,
}

impl Route {
    /// No path reaches the peer.
    pub fn is_nowhere(&self) -> bool {
        !(self.channel || self.signaling || self.carrier)
    }
}

/// `channel_usable`: the peer's hello arrived on this call's channel (a Dialtone peer reads it);
/// `server_relays_control`: the server relays `call-end`, `call-media` and `call-recording` (a
/// Dialtone server; a base server drops them silently).
pub fn route(kind: EventKind, channel_usable: bool, server_relays_control: bool) -> Route {
    let nowhere = Route { channel: false, signaling: false, fallback_after_ms: None, carrier: false };
    match (kind, channel_usable, server_relays_control) {
        // Both at once; the receiver applies the first copy.
        (EventKind::End, true, true) => Route { channel: true, signaling: true, ..nowhere },
        (EventKind::End, true, false) => Route { channel: true, carrier: true, ..nowhere },
        (EventKind::End, false, true) => Route { signaling: true, ..nowhere },
        (EventKind::End, false, false) => Route { carrier: true, ..nowhere },
        (EventKind::Notice, true, relays) => Route {
            channel: true,
            fallback_after_ms: relays.then_some(super::ACK_TIMEOUT_MS),
            ..nowhere
        },
        (EventKind::Notice, false, true) => Route { signaling: true, ..nowhere },
        // Lost for now; the state is sent again when a channel becomes usable.
        (EventKind::Notice, false, false) => nowhere,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_prefer_the_channel_and_fall_back_to_a_server_that_relays_them() {
        let r = route(EventKind::Notice, true, true);
        assert!(r.channel && !r.signaling && r.fallback_after_ms == Some(super::super::ACK_TIMEOUT_MS));
        let base = route(EventKind::Notice, true, false);
        assert!(base.channel && base.fallback_after_ms.is_none());
    }

    #[test]
    fn before_the_channel_the_server_carries_notices_if_it_can() {
        assert!(route(EventKind::Notice, false, true).signaling);
        assert!(route(EventKind::Notice, false, false).is_nowhere());
    }

    #[test]
    fn an_end_goes_every_way_at_once() {
        let r = route(EventKind::End, true, true);
        assert!(r.channel && r.signaling && !r.carrier);
        let base = route(EventKind::End, true, false);
        assert!(base.channel && base.carrier && !base.signaling);
        assert!(route(EventKind::End, false, false).carrier, "decline and cancel on a base server");
        assert!(!route(EventKind::End, false, false).is_nowhere());
    }
}
