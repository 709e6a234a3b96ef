//! How a call's end is put in words, on the ended screen and in the history: with the other
//! person's name where it helps, and always saying whose it was when the reason came from their
//! side (`CallRecord::by_peer`): a caller whose callee's microphone was refused must not read
//! that Dialtone can't use *their* microphone. The stable code stays beside the words.

use dialtone_core::protocol::EndReason;

use super::{end_sentence, ended_label, t};

/// The ended screen's headline ("Bob hung up." rather than "REMOTE_HUNG_UP"), and the history
/// row's longer description; `peer` is the name to say, empty when there is none.
pub fn headline(reason: EndReason, by_peer: bool, peer: &str) -> String {
    // A sentence with their name, or the same without one.
    let said = |named: fn(&str) -> String, unnamed: fn() -> String| if peer.is_empty() { unnamed() } else { named(peer) };
    match reason {
        // Their microphone or camera, not ours: the code says what happened, the sentence whose.
        _ if by_peer && reason.is_capture_failure() => said(t::summary_their_media_named, t::summary_their_media_they),
        EndReason::Switched if by_peer => said(t::summary_switched_named, t::summary_switched_they),
        // Their browser could not use what this side sent: not "the other side sent".
        EndReason::BadSdp if by_peer => said(t::summary_their_bad_sdp_named, t::summary_their_bad_sdp_they),
        EndReason::ProtocolError if by_peer => said(t::summary_their_protocol_named, t::summary_their_protocol_they),
        EndReason::RemoteHungUp => said(t::summary_hung_up_named, t::summary_hung_up_they),
        EndReason::HungUp => t::summary_you_ended(),
        EndReason::Rejected => said(t::summary_declined_named, t::summary_declined_they),
        EndReason::NoAnswer => said(t::summary_no_answer_named, t::summary_no_answer_they),
        EndReason::PeerBusy => said(t::summary_busy_named, t::summary_busy_they),
        EndReason::PeerUnavailable => said(t::summary_unavailable_named, t::summary_unavailable_they),
        // Their browser, not them and not the network (their page said so: WEBRTC_UNAVAILABLE).
        EndReason::WebrtcUnavailable => said(t::summary_no_webrtc_named, t::summary_no_webrtc_they),
        other => end_sentence(other.code(), other.sentence()),
    }
}

/// The history row's short outcome for a call that never connected ("Declined", "No device").
/// A device or a switch on their side says so: "Permission denied" alone reads as ours.
pub fn label(reason: EndReason, by_peer: bool) -> String {
    match reason {
        _ if by_peer && reason.is_capture_failure() => t::history_their_device(),
        EndReason::Switched if by_peer => t::history_they_switched(),
        other => ended_label(other.code(), other.short_label()),
    }
}
