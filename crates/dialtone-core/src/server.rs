//! What the signaling server offers, read from its `client-id` frame (docs/CONTROL-CHANNEL.md,
//! "Base servers").
//!
//! Dialtone's server adds `resume` and `limits` to `client-id`; a base server sends the id alone.
//! On a base server the page keeps what works (discovery, calls, room chat) and stops relying on
//! what it silently drops: `call-end`, `call-media`, `call-recording`, private chat, names, busy,
//! `error` frames. It says so once, plainly.

use crate::protocol::{ClientIdInfo, Message};

/// The kind of server, as its `client-id` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ServerKind {
    /// Dialtone's extensions (assumed until the first `client-id` says otherwise).
    #[default]
    Dialtone,
    /// Relays only `offer`, `answer`, `ice-candidate` and `chat` (chat to everyone, sender included).
    Base,
}

impl ServerKind {
    /// A stable name for `data-` attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            ServerKind::Dialtone => "dialtone",
            ServerKind::Base => "base",
        }
    }
}

/// What the page may rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ServerCapabilities {
    pub kind: ServerKind,
}

impl ServerCapabilities {
    pub fn from_client_id(info: &ClientIdInfo) -> ServerCapabilities {
        let dialtone = info.resume.is_some() || info.limits.is_some();
        ServerCapabilities {
            kind: if dialtone { ServerKind::Dialtone } else { ServerKind::Base },
        }
    }

    /// `call-end`, `call-media` and `call-recording` reach the peer through the server.
    pub fn relays_call_control(self) -> bool {
        self.kind == ServerKind::Dialtone
    }

    /// A chat with `to` reaches that peer only (a base server shows it to everyone).
    pub fn keeps_chat_private(self) -> bool {
        self.kind == ServerKind::Dialtone
    }

    /// The sender gets its own room chat back (a base server broadcasts to everyone).
    pub fn echoes_own_chat(self) -> bool {
        self.kind == ServerKind::Base
    }

    /// Chat may be structured (`{text,id,ts}`); base clients expect a bare string.
    pub fn structured_chat(self) -> bool {
        self.kind == ServerKind::Dialtone
    }
}

/// The notice about the server the page shows: at most once per page, whatever the reconnects.
#[derive(Debug, Clone, Default)]
pub struct ServerSession {
    capabilities: ServerCapabilities,
    /// The base-server notice was raised (it is not raised again, even after a dismissal).
    told: bool,
    shown: bool,
}

impl ServerSession {
    /// Reads a `client-id`; true when what the page shows about the server changed.
    pub fn apply(&mut self, message: &Message) -> bool {
        let Message::ClientId(info) = message else {
            return false;
        };
        let before = (self.capabilities, self.shown);
        self.capabilities = ServerCapabilities::from_client_id(info);
        match self.capabilities.kind {
            ServerKind::Base if !self.told => {
                self.told = true;
                self.shown = true;
            }
            ServerKind::Base => {}
            // A Dialtone server now (a redeploy): nothing to warn about any more.
            ServerKind::Dialtone => self.shown = false,
        }
        before != (self.capabilities, self.shown)
    }

    pub fn capabilities(&self) -> ServerCapabilities {
        self.capabilities
    }

    /// The notice to show now, if any.
    pub fn notice(&self) -> Option<crate::errors::ClientError> {
        self.shown.then_some(crate::errors::ClientError::BaseServer)
    }

    /// The person closed the notice.
    pub fn dismiss(&mut self) {
        self.shown = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Limits;

    fn client_id(resume: Option<&str>, limits: bool) -> Message {
        Message::ClientId(ClientIdInfo {
            id: "me".into(),
            resume: resume.map(str::to_owned),
            name: None,
            room: None,
            limits: limits.then_some(Limits { max_frame: 65_536 }),
        })
    }

    #[test]
    fn a_client_id_with_resume_or_limits_is_dialtones() {
        for message in [client_id(Some("t"), true), client_id(Some("t"), false), client_id(None, true)] {
            let Message::ClientId(info) = &message else { unreachable!() };
            assert_eq!(ServerCapabilities::from_client_id(info).kind, ServerKind::Dialtone);
        }
        let Message::ClientId(info) = client_id(None, false) else { unreachable!() };
        let caps = ServerCapabilities::from_client_id(&info);
        assert_eq!(caps.kind, ServerKind::Base);
        assert!(!caps.relays_call_control() && !caps.keeps_chat_private() && caps.echoes_own_chat());
    }

    #[test]
    fn a_base_server_is_told_once_even_across_reconnects_and_dismissal() {
        let mut session = ServerSession::default();
        assert!(session.notice().is_none(), "nothing before the server spoke");
        assert!(session.apply(&client_id(None, false)));
        assert_eq!(session.notice().map(|n| n.code()), Some("BASE_SERVER"));
        assert!(!session.apply(&client_id(None, false)), "a reconnect changes nothing");
        session.dismiss();
        session.apply(&client_id(None, false));
        assert!(session.notice().is_none(), "once dismissed, not again");
    }

    #[test]
    fn a_dialtone_server_shows_nothing_and_clears_the_notice() {
        let mut session = ServerSession::default();
        session.apply(&client_id(Some("t"), true));
        assert!(session.notice().is_none());
        session.apply(&client_id(None, false));
        assert!(session.notice().is_some());
        session.apply(&client_id(Some("t"), true));
        assert!(session.notice().is_none());
    }
}
