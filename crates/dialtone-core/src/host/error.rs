//! Error codes of the host protocol (specs/host-protocol.md §9) and the `message` text of an
//! `error` reply: `"<command type>: <CODE> <human text>"`, with `?` as the type when it could not
//! be read. Codes are stable; hosts may match on them, never on the human text.

use std::fmt;

/// Every code the page may put in an `error` reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
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

impl ErrorCode {
    pub const ALL: [ErrorCode; 20] = [
        ErrorCode::Malformed,
        ErrorCode::TooLarge,
        ErrorCode::Busy,
        ErrorCode::UnknownCommand,
        ErrorCode::NotReady,
        ErrorCode::CallExists,
        ErrorCode::BadState,
        ErrorCode::BadSdp,
        ErrorCode::BadCandidates,
        ErrorCode::BadKey,
        ErrorCode::EarlyCandidates,
        ErrorCode::EncryptionUnsupported,
        ErrorCode::MicPermissionDenied,
        ErrorCode::CameraPermissionDenied,
        ErrorCode::DeviceNotFound,
        ErrorCode::DeviceInUse,
        ErrorCode::PeerOldVersion,
        ErrorCode::ScreenRefused,
        ErrorCode::Unsupported,
        ErrorCode::CallEnded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Malformed => "MALFORMED",
            ErrorCode::TooLarge => "TOO_LARGE",
            ErrorCode::Busy => "BUSY",
            ErrorCode::UnknownCommand => "UNKNOWN_COMMAND",
            ErrorCode::NotReady => "NOT_READY",
            ErrorCode::CallExists => "CALL_EXISTS",
            ErrorCode::BadState => "BAD_STATE",
            ErrorCode::BadSdp => "BAD_SDP",
            ErrorCode::BadCandidates => "BAD_CANDIDATES",
            ErrorCode::BadKey => "BAD_KEY",
            ErrorCode::EarlyCandidates => "EARLY_CANDIDATES",
            ErrorCode::EncryptionUnsupported => "ENCRYPTION_UNSUPPORTED",
            ErrorCode::MicPermissionDenied => "MIC_PERMISSION_DENIED",
            ErrorCode::CameraPermissionDenied => "CAMERA_PERMISSION_DENIED",
            ErrorCode::DeviceNotFound => "DEVICE_NOT_FOUND",
            ErrorCode::DeviceInUse => "DEVICE_IN_USE",
            ErrorCode::PeerOldVersion => "PEER_OLD_VERSION",
            ErrorCode::ScreenRefused => "SCREEN_REFUSED",
            ErrorCode::Unsupported => "UNSUPPORTED",
            ErrorCode::CallEnded => "CALL_ENDED",
        }
    }

    /// The default human text; callers may give a more precise one.
    pub fn default_text(self) -> &'static str {
        match self {
            ErrorCode::Malformed => "the frame is not a valid call envelope",
            ErrorCode::TooLarge => "the frame is larger than 65536 bytes",
            ErrorCode::Busy => "too many commands are waiting",
            ErrorCode::UnknownCommand => "unknown command type",
            ErrorCode::NotReady => "there is no call and no preview",
            ErrorCode::CallExists => "a call is already in progress",
            ErrorCode::BadState => "the call is not waiting for this",
            ErrorCode::BadSdp => "the session description cannot be used",
            ErrorCode::BadCandidates => "the ICE candidates cannot be used",
            ErrorCode::BadKey => "the key is not 32 bytes of base64url",
            ErrorCode::EarlyCandidates => "no call yet: the candidates are kept for it",
            ErrorCode::EncryptionUnsupported => "this browser cannot encrypt frames",
            ErrorCode::MicPermissionDenied => "microphone access was refused",
            ErrorCode::CameraPermissionDenied => "camera access was refused",
            ErrorCode::DeviceNotFound => "no such device",
            ErrorCode::DeviceInUse => "the device is in use by another program",
            ErrorCode::PeerOldVersion => "the peer's app cannot receive this",
            ErrorCode::ScreenRefused => "screen sharing was refused",
            ErrorCode::Unsupported => "not supported",
            ErrorCode::CallEnded => "the call ended before this finished",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refusal with its code and human text (the command type is added when it is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostError {
    pub code: ErrorCode,
    pub text: String,
}

impl HostError {
    pub fn new(code: ErrorCode, text: impl Into<String>) -> Self {
        HostError {
            code,
            text: text.into(),
        }
    }

    /// The error with its code's default text.
    pub fn of(code: ErrorCode) -> Self {
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

impl From<ErrorCode> for HostError {
    fn from(code: ErrorCode) -> Self {
        HostError::of(code)
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code, self.text)
    }
}

impl std::error::Error for HostError {}
