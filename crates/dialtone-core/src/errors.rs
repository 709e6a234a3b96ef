//! The sentences people read next to each stable code. One place, so the page, the embedded
//! widget and the host mode all say the same thing.

use crate::protocol::EndReason;

/// Client-side conditions that are not call end reasons but still have a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientError {
    /// The signaling connection to the server dropped; the client is reconnecting.
    SignalingLost,
    /// The same during a connected call, whose media goes on without the server (a sentence of
    /// its own: "calls in progress continue" read wrong with no call).
    SignalingLostInCall,
    /// The live audio stream gave up reconnecting to its sink (the call goes on).
    AudioStreamFailed,
    /// The signaling server is a base one: it drops call control, private chat and names.
    BaseServer,
    /// A private message was refused: this server shows every message to everyone.
    PrivateChatUnavailable,
    /// No message can go out while the signaling connection is down; the draft stays.
    ChatOffline,
    /// The draft is longer than one message carries; it stays, to be shortened or split.
    ChatTooLong,
    /// The person a private line is for has left the room; it is not sent on to anyone else.
    ChatRecipientLeft,
    /// A screen share did not start for a reason other than a refusal (the call goes on).
    ScreenCaptureFailed,
    /// Recording was refused: neither the call's channel nor the server can tell the peer first.
    RecordingNoticeUndeliverable,
    /// This browser has no WebRTC (no RTCPeerConnection or no getUserMedia): no calls either way.
    WebrtcUnavailable,
    /// The page is embedded by a site that is not on the allowed list: it takes no commands.
    EmbedNotAllowed,
    /// The widget could not learn from its server which sites may control it (the server did not
    /// answer, again and again): it takes no commands, and the site is not to blame.
    EmbedConfigUnavailable,
    /// The call's microphone stopped by itself (unplugged, or taken away by the system) and no
    /// other could be opened: the other person hears nothing until one is.
    MicLost,
    /// The call's microphone stopped by itself and the call opened one in its place.
    MicReopened,
    /// The call's camera stopped by itself and no other could be opened.
    CameraLost,
    /// The call's camera stopped by itself and the call opened one in its place.
    CameraReopened,
    /// The server's room for this page is full: the page is not in it, and keeps trying.
    RoomFull,
    /// The browser did not let the call go full screen (the call goes on in the window).
    FullscreenRefused,
    /// The browser did not open the peer's video in picture-in-picture (the call goes on).
    PipRefused,
}

impl ClientError {
    pub fn code(self) -> &'static str {
        match self {
            ClientError::SignalingLost => "SIGNALING_LOST",
            ClientError::SignalingLostInCall => "SIGNALING_LOST_IN_CALL",
            ClientError::AudioStreamFailed => "AUDIO_STREAM_FAILED",
            ClientError::BaseServer => "BASE_SERVER",
            ClientError::PrivateChatUnavailable => "PRIVATE_CHAT_UNAVAILABLE",
            ClientError::ChatOffline => "CHAT_OFFLINE",
            ClientError::ChatTooLong => "CHAT_TOO_LONG",
            ClientError::ChatRecipientLeft => "CHAT_RECIPIENT_LEFT",
            ClientError::ScreenCaptureFailed => "SCREEN_CAPTURE_FAILED",
            ClientError::RecordingNoticeUndeliverable => "RECORDING_NOTICE_UNDELIVERABLE",
            ClientError::WebrtcUnavailable => "WEBRTC_UNAVAILABLE",
            ClientError::EmbedNotAllowed => "EMBED_NOT_ALLOWED",
            ClientError::EmbedConfigUnavailable => "EMBED_CONFIG_UNAVAILABLE",
            ClientError::MicLost => "MIC_LOST",
            ClientError::MicReopened => "MIC_REOPENED",
            ClientError::CameraLost => "CAMERA_LOST",
            ClientError::CameraReopened => "CAMERA_REOPENED",
            ClientError::RoomFull => "ROOM_FULL",
            ClientError::FullscreenRefused => "FULLSCREEN_REFUSED",
            ClientError::PipRefused => "PIP_REFUSED",
        }
    }

    pub fn sentence(self) -> &'static str {
        match self {
            ClientError::SignalingLost => {
                "Lost the connection to the Dialtone server. Reconnecting."
            }
            ClientError::SignalingLostInCall => {
                "Lost the connection to the Dialtone server. Your call goes on; reconnecting."
            }
            ClientError::AudioStreamFailed => {
                "The live audio stream could not reach its sink and stopped trying. The call goes on; retry when the sink is back."
            }
            ClientError::BaseServer => {
                "This is a basic signaling server: calls and room chat work, but it cannot keep a message private and shares no names. Hang-up, mute and camera go straight to the other person once a call connects."
            }
            ClientError::PrivateChatUnavailable => {
                "This server cannot keep a message private: it shows every message to everyone in the room. Send it to Everyone, or say it in a call."
            }
            // The connection, not the person or the server: either side's network may have dropped it.
            ClientError::ChatOffline => {
                "Messages can't be sent while the connection to the Dialtone server is down. What you typed stays here: send it once the connection is back."
            }
            ClientError::ChatTooLong => {
                "This message is longer than one message can carry (2,000 characters). What you typed stays here: shorten it, or send it in parts."
            }
            ClientError::ChatRecipientLeft => {
                "The person you chose has left the room, so a private message can't reach them. What you typed stays here: choose who to send it to, or wait for them to come back."
            }
            // This browser's capture, not the person's choice nor the peer's.
            ClientError::ScreenCaptureFailed => {
                "This browser could not capture the screen, window or tab you chose. The call goes on; try sharing again."
            }
            ClientError::RecordingNoticeUndeliverable => {
                "Recording was not started: the other person could not be told first (their app or this server cannot pass the notice on)."
            }
            // The browser lacks a feature; nothing the user, the peer or the server did wrong.
            ClientError::WebrtcUnavailable => {
                "This browser cannot make or take calls: it has no WebRTC support. Chat works here; for calls, open this page in a current Firefox, Chrome, Edge or Safari."
            }
            // The embedding site's origin is not allowed: the site's set-up, not the person.
            ClientError::EmbedNotAllowed => "This site is not allowed to control Dialtone.",
            // The Dialtone server did not answer: neither the site nor the person is to blame.
            ClientError::EmbedConfigUnavailable => {
                "The Dialtone server did not answer, so this site cannot control the call widget yet. Reload the page to try again."
            }
            // A device that went away: nobody's fault, and the call goes on; the sentence says
            // what the other person notices and what brings it back.
            ClientError::MicLost => {
                "Your microphone stopped, and no other microphone could be opened. The other person can't hear you: connect one, or choose one in Devices."
            }
            ClientError::MicReopened => {
                "Your microphone stopped, so the call opened a microphone again. If the other person can't hear you, choose one in Devices."
            }
            ClientError::CameraLost => {
                "Your camera stopped, and no other camera could be opened. The other person can't see you: connect one, or choose one in Devices."
            }
            ClientError::CameraReopened => {
                "Your camera stopped, so the call opened a camera again. If your picture is wrong, choose one in Devices."
            }
            // The room's size, not the person nor the network: and what happens next.
            ClientError::RoomFull => {
                "This room is full, so you are not in it yet. The page keeps trying and joins when a place frees up."
            }
            // The browser (or the page's settings, an iframe not allowed to) said no: not the person.
            ClientError::FullscreenRefused => {
                "This browser did not let the call go full screen. The call goes on in the window."
            }
            ClientError::PipRefused => {
                "This browser did not open their video in picture-in-picture. The call goes on here."
            }
        }
    }
}

/// Why a capture (getUserMedia, getDisplayMedia) failed, read from the browser's DOMException
/// name. One reading for every page: the call page and host mode say the same thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureFailure {
    /// The person or the browser's settings refused (NotAllowedError, SecurityError).
    PermissionDenied,
    /// The device exists but would not start: another application holds it.
    DeviceInUse,
    /// No such device (NotFoundError, OverconstrainedError, anything unknown).
    DeviceNotFound,
}

impl CaptureFailure {
    pub fn from_dom_exception(name: &str) -> CaptureFailure {
        match name {
            "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => CaptureFailure::PermissionDenied,
            "NotReadableError" | "TrackStartError" | "AbortError" => CaptureFailure::DeviceInUse,
            _ => CaptureFailure::DeviceNotFound,
        }
    }

    /// The code a screen share that did not start records on its source (what is said is
    /// `Notice::screen_share_failed`): a screen is never "in use" elsewhere, so anything but a
    /// refusal is no source to share.
    pub fn screen_reason(self) -> EndReason {
        match self {
            CaptureFailure::PermissionDenied => EndReason::ScreenPermissionDenied,
            CaptureFailure::DeviceInUse | CaptureFailure::DeviceNotFound => EndReason::DeviceNotFound,
        }
    }

    /// The end reason of a call whose `kind` of media could not be captured.
    pub fn end_reason(self, kind: crate::protocol::MediaKind) -> EndReason {
        match (self, kind) {
            (CaptureFailure::PermissionDenied, crate::protocol::MediaKind::Audio) => EndReason::MicPermissionDenied,
            (CaptureFailure::PermissionDenied, crate::protocol::MediaKind::Video) => EndReason::CameraPermissionDenied,
            (CaptureFailure::DeviceInUse, _) => EndReason::DeviceInUse,
            (CaptureFailure::DeviceNotFound, _) => EndReason::DeviceNotFound,
        }
    }
}

/// Why an audio output switch (`setSinkId`) failed. The code is shown beside the speaker choice
/// and answered to the widget's `setOutputDevice`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFailure {
    /// This browser cannot choose an output (no `setSinkId`: Firefox before 116, iOS Safari).
    Unsupported,
    /// No such output (unplugged since it was listed).
    DeviceNotFound,
    /// The browser or its settings refused this page the output.
    NotAllowed,
    /// Any other failure.
    Failed,
}

impl OutputFailure {
    /// Read from the DOMException the browser rejected `setSinkId` with.
    pub fn from_dom_exception(name: &str) -> OutputFailure {
        match name {
            "NotFoundError" => OutputFailure::DeviceNotFound,
            "NotAllowedError" | "SecurityError" => OutputFailure::NotAllowed,
            _ => OutputFailure::Failed,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            OutputFailure::Unsupported => "UNSUPPORTED",
            OutputFailure::DeviceNotFound => "DEVICE_NOT_FOUND",
            OutputFailure::NotAllowed => "NOT_ALLOWED",
            OutputFailure::Failed => "OUTPUT_FAILED",
        }
    }
}

impl EndReason {
    /// A sentence a person understands, for the screen.
    pub fn sentence(self) -> &'static str {
        match self {
            EndReason::MicPermissionDenied => {
                "Dialtone can't use your microphone: permission was denied. Allow microphone access for this site in your browser and try again."
            }
            EndReason::CameraPermissionDenied => {
                "Dialtone can't use your camera: permission was denied. Allow camera access for this site, or make an audio call."
            }
            EndReason::ScreenPermissionDenied => {
                "Screen sharing was not allowed. Choose a screen, window or tab to share, or allow screen capture for this site."
            }
            EndReason::DeviceNotFound => "No microphone or camera was found. Plug one in and try again.",
            EndReason::DeviceInUse => {
                "Your microphone or camera is busy in another application. Close it there and try again."
            }
            EndReason::DeviceTimeout => "Your microphone or camera did not start in time.",
            EndReason::InsecureContext => {
                "Calls need a secure page: open Dialtone over https:// or on localhost."
            }
            EndReason::PeerUnavailable => "They are no longer online.",
            EndReason::PeerBusy => "They are on another call.",
            EndReason::Rejected => "The call was declined.",
            EndReason::NoAnswer => "No answer.",
            EndReason::Cancelled => "The call was cancelled before it was answered.",
            EndReason::HungUp => "You hung up.",
            EndReason::RemoteHungUp => "They hung up.",
            EndReason::Switched => "Ended to take another call.",
            EndReason::ConnectionFailed => "The call could not connect: no network path between you was found.",
            EndReason::ConnectionLost => "The connection was lost.",
            EndReason::BadSdp => "The other side sent a call description this browser could not use.",
            EndReason::ProtocolError => "The other side broke the call protocol.",
            EndReason::EncryptionUnsupported => "This browser cannot encrypt the call as required.",
            // Sent by the callee's page: their browser, not this one and not the network.
            EndReason::WebrtcUnavailable => {
                "Their browser cannot take calls: it has no WebRTC support. Send them a chat message, or ask them to open Dialtone in another browser."
            }
        }
    }

    /// A word or two for lists (call history): "Declined", "No answer", …
    pub fn short_label(self) -> &'static str {
        match self {
            EndReason::MicPermissionDenied | EndReason::CameraPermissionDenied | EndReason::ScreenPermissionDenied => {
                "Permission denied"
            }
            EndReason::DeviceNotFound => "No device",
            EndReason::DeviceInUse => "Device busy",
            EndReason::DeviceTimeout => "Device timeout",
            EndReason::InsecureContext => "Insecure page",
            EndReason::PeerUnavailable => "Unavailable",
            EndReason::PeerBusy => "Busy",
            EndReason::Rejected => "Declined",
            EndReason::NoAnswer => "No answer",
            EndReason::Cancelled => "Cancelled",
            EndReason::HungUp | EndReason::RemoteHungUp => "Ended",
            EndReason::Switched => "Switched",
            EndReason::ConnectionFailed => "Could not connect",
            EndReason::ConnectionLost => "Connection lost",
            EndReason::BadSdp | EndReason::ProtocolError => "Failed",
            EndReason::EncryptionUnsupported => "Encryption failed",
            EndReason::WebrtcUnavailable => "Can't take calls",
        }
    }

    /// Whether this ending is a problem to flag, rather than a normal end of a call.
    pub fn is_error(self) -> bool {
        !matches!(
            self,
            EndReason::HungUp
                | EndReason::RemoteHungUp
                | EndReason::Cancelled
                | EndReason::Rejected
                | EndReason::NoAnswer
                | EndReason::PeerBusy
                | EndReason::Switched
        )
    }

    /// Whether this ending is a microphone or camera that could not start: the side whose device
    /// it was is the one to name (the peer's, when it came from them).
    pub fn is_capture_failure(self) -> bool {
        matches!(
            self,
            EndReason::MicPermissionDenied
                | EndReason::CameraPermissionDenied
                | EndReason::DeviceNotFound
                | EndReason::DeviceInUse
                | EndReason::DeviceTimeout
                | EndReason::InsecureContext
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::MediaKind;

    #[test]
    fn a_capture_failure_is_read_from_the_dom_exception_name_and_never_blames_the_peer() {
        let read = |name: &str, kind| CaptureFailure::from_dom_exception(name).end_reason(kind);
        assert_eq!(read("NotAllowedError", MediaKind::Audio), EndReason::MicPermissionDenied);
        assert_eq!(read("SecurityError", MediaKind::Video), EndReason::CameraPermissionDenied);
        assert_eq!(read("NotReadableError", MediaKind::Audio), EndReason::DeviceInUse);
        assert_eq!(read("AbortError", MediaKind::Video), EndReason::DeviceInUse);
        assert_eq!(read("NotFoundError", MediaKind::Audio), EndReason::DeviceNotFound);
        assert_eq!(read("", MediaKind::Audio), EndReason::DeviceNotFound);
        assert_eq!(ClientError::EmbedNotAllowed.code(), "EMBED_NOT_ALLOWED");
        assert!(!ClientError::EmbedNotAllowed.sentence().contains("you"), "the site's set-up, not the person");
    }

    #[test]
    fn an_output_failure_is_read_from_the_dom_exception_name() {
        let code = |name: &str| OutputFailure::from_dom_exception(name).code();
        assert_eq!(code("NotFoundError"), "DEVICE_NOT_FOUND");
        assert_eq!(code("NotAllowedError"), "NOT_ALLOWED");
        assert_eq!(code("SecurityError"), "NOT_ALLOWED");
        assert_eq!(code("AbortError"), "OUTPUT_FAILED");
        assert_eq!(code(""), "OUTPUT_FAILED");
        assert_eq!(OutputFailure::Unsupported.code(), "UNSUPPORTED");
    }
}
