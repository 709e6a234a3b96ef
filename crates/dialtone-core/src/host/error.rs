//! Error codes of the host protocol (specs/host-protocol.md §9) and the `message` text of an
//! `error` reply: `"<command type>: <CODE> <human text>"`, with `?` as the type when it could not
//! be read. Codes are stable; hosts may match on them, never on the human text.

use std::fmt;

/// Every code the page may put in an `error` reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HostErrorCode {
    Malformed,
    TooLarge,
    Busy,
    UnknownCommand,
    NotReady,
    CallExists,
    BadState,
    BadSdp,
    BadCandidates,
    BadKey,
    EarlyCandidates,
    EncryptionUnsupported,
    MicPermissionDenied,
    CameraPermissionDenied,
    DeviceNotFound,
    DeviceInUse,
    PeerOldVersion,
    ScreenRefused,
    Unsupported,
    CallEnded,
}

impl HostErrorCode {
    pub const ALL: [HostErrorCode; 20] = [
        HostErrorCode::Malformed,
        HostErrorCode::TooLarge,
        HostErrorCode::Busy,
        HostErrorCode::UnknownCommand,
        HostErrorCode::NotReady,
        HostErrorCode::CallExists,
        HostErrorCode::BadState,
        HostErrorCode::BadSdp,
        HostErrorCode::BadCandidates,
        HostErrorCode::BadKey,
        HostErrorCode::EarlyCandidates,
        HostErrorCode::EncryptionUnsupported,
        HostErrorCode::MicPermissionDenied,
        HostErrorCode::CameraPermissionDenied,
        HostErrorCode::DeviceNotFound,
        HostErrorCode::DeviceInUse,
        HostErrorCode::PeerOldVersion,
        HostErrorCode::ScreenRefused,
        HostErrorCode::Unsupported,
        HostErrorCode::CallEnded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HostErrorCode::Malformed => "MALFORMED",
            HostErrorCode::TooLarge => "TOO_LARGE",
            HostErrorCode::Busy => "BUSY",
            HostErrorCode::UnknownCommand => "UNKNOWN_COMMAND",
            HostErrorCode::NotReady => "NOT_READY",
            HostErrorCode::CallExists => "CALL_EXISTS",
            HostErrorCode::BadState => "BAD_STATE",
            HostErrorCode::BadSdp => "BAD_SDP",
            HostErrorCode::BadCandidates => "BAD_CANDIDATES",
            HostErrorCode::BadKey => "BAD_KEY",
            HostErrorCode::EarlyCandidates => "EARLY_CANDIDATES",
            HostErrorCode::EncryptionUnsupported => "ENCRYPTION_UNSUPPORTED",
            HostErrorCode::MicPermissionDenied => "MIC_PERMISSION_DENIED",
            HostErrorCode::CameraPermissionDenied => "CAMERA_PERMISSION_DENIED",
            HostErrorCode::DeviceNotFound => "DEVICE_NOT_FOUND",
            HostErrorCode::DeviceInUse => "DEVICE_IN_USE",
            HostErrorCode::PeerOldVersion => "PEER_OLD_VERSION",
            HostErrorCode::ScreenRefused => "SCREEN_REFUSED",
            HostErrorCode::Unsupported => "UNSUPPORTED",
            HostErrorCode::CallEnded => "CALL_ENDED",
        }
    }

    /// The default human text; callers may give a more precise one.
    pub fn default_text(self) -> &'static str {
        match self {
            HostErrorCode::Malformed => "the frame is not a valid call envelope",
            HostErrorCode::TooLarge => "the frame is larger than 65536 bytes",
            HostErrorCode::Busy => "too many commands are waiting",
            HostErrorCode::UnknownCommand => "unknown command type",
            HostErrorCode::NotReady => "there is no call and no preview",
            HostErrorCode::CallExists => "a call is already in progress",
            HostErrorCode::BadState => "the call is not waiting for this",
            HostErrorCode::BadSdp => "the session description cannot be used",
            HostErrorCode::BadCandidates => "the ICE candidates cannot be used",
            HostErrorCode::BadKey => "the key is not 32 bytes of base64url",
            HostErrorCode::EarlyCandidates => "no call yet: the candidates are kept for it",
            HostErrorCode::EncryptionUnsupported => "this browser cannot encrypt frames",
            HostErrorCode::MicPermissionDenied => "microphone access was refused",
            HostErrorCode::CameraPermissionDenied => "camera access was refused",
            HostErrorCode::DeviceNotFound => "no such device",
            HostErrorCode::DeviceInUse => "the device is in use by another program",
            HostErrorCode::PeerOldVersion => "the peer's app cannot receive this",
            HostErrorCode::ScreenRefused => "screen sharing was refused",
            HostErrorCode::Unsupported => "not supported",
            HostErrorCode::CallEnded => "the call ended before this finished",
        }
    }
}

impl fmt::Display for HostErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refusal with its code and human text (the command type is added when it is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostError {
    pub code: HostErrorCode,
    pub text: String,
}

impl HostError {
    pub fn new(code: HostErrorCode, text: impl Into<String>) -> Self {
        HostError {
            code,
            text: text.into(),
        }
    }

    /// The error with its code's default text.
    pub fn of(code: HostErrorCode) -> Self {
        HostError::new(code, code.default_text())
    }

    /// The `message` of an `error` reply to a command of type `command_type` (`None`: unknown).
    pub fn message(&self, command_type: Option<&str>) -> String {
        format!(
            "{}: {} {}",
            command_type.unwrap_or("?"),
            self.code,
            self.text
        )
    }
}

impl From<HostErrorCode> for HostError {
    fn from(code: HostErrorCode) -> Self {
        HostError::of(code)
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code, self.text)
    }
}

impl std::error::Error for HostError {}
