//! Whether a person can be called from a button now, and if not, why. Every call button asks
//! this one rule (the people list, the history's call-back), the same the call machine applies
//! when it is pressed (`lifecycle`): a button is never live for a call refused at once, nor greyed
//! for one that would go.

use super::{CallState, CallView, Direction};
use crate::presence::PeerSummary;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOption {
    /// Press to call. For the person whose call rings here, pressing answers it (the two calls
    /// crossed).
    Available,
    /// This page's call is with them already (ringing out, or talking): the person list says
    /// so instead of offering a second call to the same person.
    InThisCall,
    /// This page is in a call already, with someone else.
    InACall,
    /// This browser cannot make calls (no WebRTC).
    ThisBrowserCannot,
    /// Their browser cannot take calls (they said so, or refused one).
    TheyCannot,
    /// Not in the room now.
    Offline,
}

/// The option of calling `peer` (`None`: not in the room) while this page shows `call`, from a
/// browser that can (`this_browser_calls`) or cannot make calls.
pub fn call_option(call: Option<&CallView>, this_browser_calls: bool, peer: Option<&PeerSummary>) -> CallOption {
    if !this_browser_calls {
        return CallOption::ThisBrowserCannot;
    }
    let Some(peer) = peer else { return CallOption::Offline };
    if let Some(call) = call.filter(|c| c.ended.is_none() && c.state != CallState::Ended) {
        let theirs_rings_here =
            call.peer == peer.id && call.direction == Direction::Incoming && call.state == CallState::InvitationReceived;
        if !theirs_rings_here {
            return if call.peer == peer.id { CallOption::InThisCall } else { CallOption::InACall };
        }
    }
    if !peer.takes_calls {
        return CallOption::TheyCannot;
    }
    CallOption::Available
}
