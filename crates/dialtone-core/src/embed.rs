//! The embedded widget's postMessage API (specs/embed.md): the wire format, command validation,
//! and which events a change of state produces. The browser layer only moves these values
//! between windows, after its origin checks.
//!
//! Wire format: `{"dialtone":1,"id":<n>,"kind":"command"|"reply"|"event","name":…,
//! "args"|"result"|"error":…}`. Commands carry positional `args` (as the JS API's parameters);
//! events carry their payload in `args` too; replies carry `result` or `error` (`{code,message}`).
//! Nothing secret is ever put in a reply or event: no SDP, no candidates, no tokens.

use serde_json::{Value, json};

use crate::call::{CallView, Direction};
use crate::presence::PeerSummary;
use crate::protocol::{MediaKind, MediaSource};

mod access;
pub mod access_check;
pub use access::{allowed_origins, host_access};

pub const PROTOCOL_VERSION: u64 = 1;
/// Larger messages from the host are refused (a chat line or a device id is far smaller).
pub const MAX_COMMAND_BYTES: usize = 16 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    Auto,
}

impl Theme {
    pub fn parse(name: &str) -> Option<Theme> {
        match name {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            "auto" => Some(Theme::Auto),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Call { peer: String, media: MediaKind },
    Answer,
    Reject,
    HangUp,
    SetMuted { source: MediaSource, muted: bool },
    SetOutputDevice { device_id: String },
    SendChat { text: String },
    SetTheme { theme: Theme },
    GetState,
}

/// Why a message from the host was refused; sent back as the reply's `error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandError {
    pub code: &'static str,
    pub message: String,
}

impl CommandError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        CommandError {
            code,
            message: message.into(),
        }
    }
}

/// Why `sendChat` was refused, as the host reads it: a blank line, else the composer's reason
/// (`refusal`, the code the page shows under the chat), else no server to send it to.
pub fn chat_refused(refusal: Option<&str>, blank: bool) -> CommandError {
    if blank {
        return CommandError::new("BAD_ARGS", "an empty chat line");
    }
    match refusal {
        Some("CHAT_TOO_LONG") => CommandError::new("BAD_ARGS", "the chat line is too long"),
        Some("CHAT_RECIPIENT_LEFT") => CommandError::new("NOT_ALLOWED", "the person it was for has left the room"),
        Some("PRIVATE_CHAT_UNAVAILABLE") => CommandError::new("UNSUPPORTED", "this server cannot keep a message private"),
        _ => CommandError::new("NOT_CONNECTED", "not connected to the Dialtone server"),
    }
}

/// A message from the host that is addressed to us.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// A valid command with its id.
    Command { id: u64, command: Command },
    /// A message for us that is wrong: answer with this error when it had an id.
    Invalid { id: Option<u64>, error: CommandError },
    /// Not a Dialtone message (another script's postMessage): ignore it.
    NotOurs,
}

fn string_arg(args: &[Value], at: usize, what: &str) -> Result<String, CommandError> {
    args.get(at)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| CommandError::new("BAD_ARGS", format!("argument {} must be {what}", at + 1)))
}

fn parse_command(name: &str, args: &[Value]) -> Result<Command, CommandError> {
    let command = match name {
        "call" => {
            let peer = string_arg(args, 0, "the peer id (a string)")?;
            let media = match args.get(1).and_then(Value::as_str) {
                None | Some("audio") => MediaKind::Audio,
                Some("video") => MediaKind::Video,
                Some(other) => {
                    return Err(CommandError::new("BAD_ARGS", format!("media must be \"audio\" or \"video\", not \"{other}\"")));
                }
            };
            Command::Call { peer, media }
        }
        "answer" => Command::Answer,
        "reject" => Command::Reject,
        "hangUp" => Command::HangUp,
        "setMuted" => {
            let source = match string_arg(args, 0, "\"mic\" or \"camera\"")?.as_str() {
                "mic" => MediaSource::Mic,
                "camera" => MediaSource::Camera,
                other => {
                    return Err(CommandError::new("BAD_ARGS", format!("source must be \"mic\" or \"camera\", not \"{other}\"")));
                }
            };
            let muted = args
                .get(1)
                .and_then(Value::as_bool)
                .ok_or_else(|| CommandError::new("BAD_ARGS", "argument 2 must be true or false"))?;
            Command::SetMuted { source, muted }
        }
        "setOutputDevice" => Command::SetOutputDevice {
            device_id: string_arg(args, 0, "a device id")?,
        },
        "sendChat" => {
            let text = string_arg(args, 0, "the text")?;
            // The composer's own count and limit.
            let chars = crate::chat::draft_chars(&text);
            if chars == 0 || chars > crate::chat::MAX_CHAT_CHARS {
                return Err(CommandError::new("BAD_ARGS", "chat text must be 1 to 2000 characters"));
            }
            Command::SendChat { text }
        }
        "setTheme" => {
            let name = string_arg(args, 0, "\"light\", \"dark\" or \"auto\"")?;
            let theme = Theme::parse(&name)
                .ok_or_else(|| CommandError::new("BAD_ARGS", format!("unknown theme \"{name}\"")))?;
            Command::SetTheme { theme }
        }
        "getState" => Command::GetState,
        other => return Err(CommandError::new("UNKNOWN_COMMAND", format!("unknown command \"{other}\""))),
    };
    Ok(command)
}

/// Reads a message the host posted. `size` is its JSON length, when known, for the size bound.
pub fn parse_incoming(message: &Value, size: usize) -> Incoming {
    let Some(object) = message.as_object() else {
        return Incoming::NotOurs;
    };
    if !object.contains_key("dialtone") {
        return Incoming::NotOurs;
    }
    let id = object.get("id").and_then(Value::as_u64);
    let invalid = |code, text: String| Incoming::Invalid {
        id,
        error: CommandError::new(code, text),
    };
    if size > MAX_COMMAND_BYTES {
        return too_large(id);
    }
    if object.get("dialtone").and_then(Value::as_u64) != Some(PROTOCOL_VERSION) {
        return invalid("BAD_MESSAGE", format!("this widget speaks version {PROTOCOL_VERSION}"));
    }
    let Some(id) = id else {
        return invalid("BAD_MESSAGE", "a command needs a numeric id".to_owned());
    };
    if object.get("kind").and_then(Value::as_str) != Some("command") {
        return invalid("BAD_MESSAGE", "the host sends kind \"command\" only".to_owned());
    }
    let Some(name) = object.get("name").and_then(Value::as_str) else {
        return invalid("BAD_MESSAGE", "a command needs a name".to_owned());
    };
    let args = match object.get("args") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(args)) => args.clone(),
        Some(_) => return invalid("BAD_ARGS", "args must be an array".to_owned()),
    };
    match parse_command(name, &args) {
        Ok(command) => Incoming::Command { id, command },
        Err(error) => Incoming::Invalid { id: Some(id), error },
    }
}

/// The answer to a message of ours over [`MAX_COMMAND_BYTES`]; the page may give it without
/// parsing the message (reading only its `id`), since parsing it would cost the most.
pub fn too_large(id: Option<u64>) -> Incoming {
    Incoming::Invalid {
        id,
        error: CommandError::new("TOO_LARGE", format!("messages are limited to {MAX_COMMAND_BYTES} bytes")),
    }
}

pub fn reply_ok(id: u64, result: Value) -> Value {
    json!({ "dialtone": PROTOCOL_VERSION, "id": id, "kind": "reply", "result": result })
}

pub fn reply_error(id: u64, error: &CommandError) -> Value {
    json!({
        "dialtone": PROTOCOL_VERSION, "id": id, "kind": "reply",
        "error": { "code": error.code, "message": error.message },
    })
}

pub fn event(id: u64, name: &str, args: Value) -> Value {
    json!({ "dialtone": PROTOCOL_VERSION, "id": id, "kind": "event", "name": name, "args": args })
}

/// What the widget shows, as the host may see it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    pub self_id: Option<String>,
    pub self_name: Option<String>,
    pub peers: Vec<PeerSummary>,
    pub call: Option<CallView>,
    /// A call coming in would ring without sound (the browser holds the widget's sound until
    /// the visitor first uses it: `client/silent_ringing.rs`).
    pub silent_ringing: bool,
}

fn media_name(media: MediaKind) -> &'static str {
    match media {
        MediaKind::Audio => "audio",
        MediaKind::Video => "video",
    }
}

fn call_state_args(call: &CallView, peer_name: Option<String>) -> Value {
    json!({
        "state": call.state.as_str(),
        "callId": call.call_id,
        "peer": call.peer,
        "peerName": peer_name,
        "direction": match call.direction { Direction::Outgoing => "outgoing", Direction::Incoming => "incoming" },
        "media": media_name(call.media),
    })
}

fn media_state_args(call: &CallView) -> Value {
    json!({ "callId": call.call_id, "mic": call.mic.enabled, "camera": call.camera.enabled })
}

/// The public state, as `getState()` returns it.
pub fn state_of(snapshot: &Snapshot) -> Value {
    let peers = peers_json(&snapshot.peers);
    let call = snapshot.call.as_ref().filter(|c| c.ended.is_none()).map(|c| {
        let mut state = call_state_args(c, name_of(snapshot, &c.peer));
        state["muted"] = json!({ "mic": !c.mic.enabled, "camera": !c.camera.enabled });
        state
    });
    json!({ "id": snapshot.self_id, "name": snapshot.self_name, "peers": peers, "call": call, "silentRinging": snapshot.silent_ringing })
}

/// The room as integrators see it: `[{id, name, busy}]`.
fn peers_json(peers: &[PeerSummary]) -> Value {
    Value::Array(peers.iter().map(|p| json!({ "id": p.id, "name": p.display_name(), "busy": p.busy })).collect())
}

fn name_of(snapshot: &Snapshot, id: &str) -> Option<String> {
    snapshot.peers.iter().find(|p| p.id == id).map(PeerSummary::display_name)
}

/// Turns successive snapshots into the events the host gets: each event fires once, on change.
#[derive(Debug, Default)]
pub struct EventTracker {
    last: Snapshot,
    announced_ready: bool,
    next_id: u64,
}

impl EventTracker {
    /// The events (name, args) that lead from the last snapshot to `next`.
    pub fn events_for(&mut self, next: &Snapshot) -> Vec<(String, Value)> {
        let mut events: Vec<(&'static str, Value)> = Vec::new();
        if !self.announced_ready && next.self_id.is_some() {
            self.announced_ready = true;
            events.push(("ready", json!({ "id": next.self_id, "name": next.self_name })));
        }
        if self.announced_ready && (next.peers != self.last.peers || events.iter().any(|(n, _)| *n == "ready")) {
            events.push(("peers", peers_json(&next.peers)));
        }
        if self.announced_ready && next.silent_ringing != self.last.silent_ringing {
            events.push(("silent-ringing", json!({ "silent": next.silent_ringing })));
        }
        let before = self.last.call.as_ref();
        if let Some(call) = next.call.as_ref() {
            let same_call = before.is_some_and(|b| b.call_id == call.call_id);
            let state_changed = !same_call || before.is_some_and(|b| b.state != call.state);
            let peer_name = name_of(next, &call.peer).or_else(|| name_of(&self.last, &call.peer));
            if state_changed {
                if call.direction == Direction::Incoming && call.state == crate::call::CallState::InvitationReceived {
                    events.push(("incoming-call", json!({
                        "callId": call.call_id, "peer": call.peer, "peerName": peer_name, "media": media_name(call.media),
                    })));
                }
                events.push(("call-state", call_state_args(call, peer_name)));
            }
            let media_changed = !same_call
                || before.is_some_and(|b| (b.mic.enabled, b.camera.enabled) != (call.mic.enabled, call.camera.enabled));
            if call.media_ready && call.ended.is_none() && (media_changed || before.is_some_and(|b| !b.media_ready)) {
                events.push(("media-state", media_state_args(call)));
            }
            if let Some(record) = call.ended.as_ref().filter(|_| before.is_none_or(|b| b.ended.is_none() || !same_call)) {
                events.push(("call-ended", json!({
                    "callId": record.call_id, "reason": record.reason.code(), "message": record.reason.sentence(),
                    "duration": record.duration_ms(),
                })));
            }
        }
        self.last = next.clone();
        events
            .into_iter()
            .map(|(name, args)| (name.to_owned(), args))
            .collect()
    }

    /// A fresh id for an outgoing event.
    pub fn next_event_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}

#[cfg(test)]
mod tests;
