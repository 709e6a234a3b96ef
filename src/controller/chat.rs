//! Sending chat: the core composes the frame and picks the recipient; this only sends it and
//! shows the line once it went out.

use leptos::prelude::*;

use super::{new_call_id, now_ms, ChatLine, Controller, Notice};

impl Controller {
    /// Sends a chat line to whom the core picks by default: the peer of the current call where
    /// the server keeps it private, else the whole room.
    pub fn send_chat(&self, text: String) -> bool {
        self.send_chat_to(self.default_chat_recipient(), text)
    }

    /// The chat's default recipient (a peer id), if not the room.
    pub fn default_chat_recipient(&self) -> Option<String> {
        let capabilities = self.inner.borrow().server.capabilities();
        dialtone_core::chat::default_recipient(capabilities, self.call_peer())
    }

    /// Sends a chat line to one peer, or to the whole room; shows it on this page once sent. A
    /// message the server cannot deliver as asked (private, on a base server) is refused, with
    /// the reason in `ui.chat_refusal`.
    pub fn send_chat_to(&self, to: Option<String>, text: String) -> bool {
        let capabilities = self.inner.borrow().server.capabilities();
        let name = self.name();
        let composed = dialtone_core::chat::compose(capabilities, to.clone(), &text, new_call_id(), now_ms(), Some(&name));
        let (message, text) = match composed {
            Ok(Some(ready)) => ready,
            Ok(None) => return false,
            Err(refusal) => {
                self.ui.chat_refusal.set(Some(Notice::from_client_error(refusal)));
                return false;
            }
        };
        self.ui.chat_refusal.set(None);
        let sent = self.send(&message);
        if sent {
            let me = self.inner.borrow().directory.self_id().unwrap_or_default().to_owned();
            self.ui.push_chat(ChatLine {
                from: me,
                name: Some(name),
                text,
                direct: to.is_some(),
                mine: true,
                with: to,
                at: now_ms(),
            });
        }
        sent
    }
}
