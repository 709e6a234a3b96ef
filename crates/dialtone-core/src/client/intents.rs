//! The person's intents that are not the call machine's: chat and their name.

use super::*;
use crate::protocol::{Hello, Message};

/// A display name is cut to this many characters.
pub const MAX_NAME_CHARS: usize = 40;

impl Client {
    /// Sends a chat line to one peer, or to the whole room; it shows as ours once it went out. A
    /// message the server cannot deliver as asked (private, on a base server) is refused, with
    /// the reason shown by the composer.
    pub(super) fn send_chat(&mut self, now: u64, to: Option<PeerId>, text: &str, id: String) -> Result<(), Ignored> {
        let wall = self.wall(now);
        let addressee = crate::chat::Addressee::of(to.as_deref(), |peer| self.directory.is_listed(peer));
        let composed = crate::chat::compose(self.server.capabilities(), to.clone(), addressee, text, id, wall, Some(&self.name));
        let (message, text) = match composed {
            Ok(Some(ready)) => ready,
            Ok(None) => return Err(Ignored { reason: "an empty chat line" }),
            Err(refusal) => {
                self.actions.push_back(Action::ShowChatRefusal(Some(Notice::from_client_error(refusal))));
                return Err(Ignored { reason: "the server cannot deliver this line as asked" });
            }
        };
        self.actions.push_back(Action::ShowChatRefusal(None));
        if !self.send(&message) {
            return Err(Ignored { reason: "not connected: the chat line was not sent" });
        }
        let me = self.directory.self_id().unwrap_or_default().to_owned();
        self.actions.push_back(Action::ShowChat(ChatLine {
            from: me,
            name: Some(self.name.clone()),
            text,
            direct: to.is_some(),
            mine: true,
            with: to,
            at: wall,
        }));
        Ok(())
    }

    /// Changes our display name: remembered on this device, told to the server (and so to the
    /// room) with a `hello`, and to the peer of a call over its channel. A blank name, or the
    /// same one, changes nothing.
    pub(super) fn rename(&mut self, raw: &str) -> Result<(), Ignored> {
        let name = clean_display_name(raw).ok_or(Ignored { reason: "a blank name" })?;
        if name == self.name {
            return Err(Ignored { reason: "the name is unchanged" });
        }
        self.name = name.clone();
        self.phone.set_display_name(Some(name.clone()));
        self.actions.push_back(Action::RememberName(name.clone()));
        self.send(&Message::Hello(Hello { name: Some(name.clone()), room: None, calls: None }));
        let id = self.directory.self_id().map(str::to_owned);
        self.actions.push_back(Action::ShowMe(Me { id, name }));
        Ok(())
    }
}

/// A name as typed, trimmed, without control characters, capped; `None` when nothing is left.
pub fn clean_display_name(raw: &str) -> Option<String> {
    let name: String = raw.trim().chars().filter(|c| !c.is_control()).take(MAX_NAME_CHARS).collect();
    (!name.is_empty()).then_some(name)
}
