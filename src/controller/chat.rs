//! Sending chat: the machine composes the frame, picks the recipient and shows the line once it
//! went out; this hands it the text and a fresh id.

use dialtone_core::client::Input;

use super::{Controller, new_call_id};

impl Controller {
    /// Sends a chat line to whom the machine picks by default: the peer of the current call where
    /// the server keeps it private, else the whole room.
    pub fn send_chat(&self, text: String) -> bool {
        self.send_chat_to(self.default_chat_recipient(), text)
    }

    /// The chat's default recipient (a peer id), if not the room.
    pub fn default_chat_recipient(&self) -> Option<String> {
        self.client().default_chat_recipient()
    }

    /// Sends a chat line to one peer, or to the whole room; true once it went out. A refusal's
    /// reason shows in `ui.chat_refusal`.
    pub fn send_chat_to(&self, to: Option<String>, text: String) -> bool {
        self.feed(Input::SendChat { to, text, id: new_call_id() }).is_ok()
    }
}
