//! What the UI shows that is not a core view: the streams on its media elements and the names
//! the directory knows. Each is written whole, from here only, so components read signals and
//! never the controller.

use leptos::prelude::*;

use super::Controller;
use super::ui_state::Streams;

impl Controller {
    /// The streams as they are now. Called wherever one changes, and after a track inside one was
    /// replaced: the elements then take their stream anew (as they did when an epoch was bumped).
    pub(super) fn publish_streams(&self) {
        let streams = {
            let inner = self.inner.borrow();
            Streams {
                local: inner.local_stream.clone(),
                remote: inner.remote_stream.clone(),
                screen: inner.remote_screen.clone(),
                // Clone::clone: MediaStream's own clone() would make a new stream with new tracks.
                check: inner.mic_check.as_ref().map(|c| Clone::clone(&c.stream)),
            }
        };
        self.ui.streams.set(streams);
    }

    /// The names the directory knows now (listed peers and names told over calls); after every
    /// input the machine handled, shown only when they changed.
    pub(super) fn publish_names(&self, directory: &dialtone_core::presence::PeerDirectory) {
        let names = directory.names();
        if self.ui.names.with_untracked(|shown| *shown != names) {
            self.ui.names.set(names);
        }
    }
}
