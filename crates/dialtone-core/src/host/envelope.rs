//! Envelopes (specs/host-protocol.md §1.2–1.3): reading a host frame into a typed [`Command`] while
//! keeping the command exactly as received for the echo, and writing message envelopes.
//!
//! The echo is the received `command` text with only the insignificant whitespace removed (see
//! [`compact_json`]): key order, unknown fields, `aesKey`, number spellings and string escapes are
//! kept byte for byte, so a host can match its reply against what it sent. Re-serialising a parsed
//! value would not guarantee that (`1e2` would become `100.0`).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Number, Value};

use super::error::{HostErrorCode, HostError};
use super::response::Response;
use super::wire::Command;

/// Frames larger than this (in UTF-8 bytes) are refused with `TOO_LARGE`, in both directions.
pub const MAX_HOST_FRAME_BYTES: usize = 65_536;

/// A message envelope (page → host): `{"corrId"?, "resp", "command"?}` in that order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MessageEnvelope {
    #[serde(rename = "corrId", default, skip_serializing_if = "Option::is_none")]
    pub corr_id: Option<Number>,
    pub resp: Response,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Box<RawValue>>,
}

impl MessageEnvelope {
    /// An event: no `corrId`, no `command`.
    pub fn event(resp: Response) -> Self {
        MessageEnvelope {
            corr_id: None,
            resp,
            command: None,
        }
    }

    /// The compact JSON text of the frame.
    pub fn to_json(&self) -> String {
        // Serialising these types cannot fail: every map key is a string.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A command as received: the typed value, its `corrId`, and the echo text.
#[derive(Debug, Clone)]
pub struct Received {
    pub corr_id: Option<Number>,
    pub command: Command,
    pub echo: Box<RawValue>,
}

impl Received {
    /// The reply envelope to this command.
    pub fn reply(&self, resp: Response) -> MessageEnvelope {
        MessageEnvelope {
            corr_id: self.corr_id.clone(),
            resp,
            command: Some(self.echo.clone()),
        }
    }

    pub fn reply_error(&self, error: &HostError) -> MessageEnvelope {
        self.reply(Response::Error {
            message: error.message(Some(self.command.type_name())),
        })
    }
}

/// A frame that cannot be run; it is answered with [`Refused::reply`].
#[derive(Debug, Clone)]
pub struct Refused {
    pub corr_id: Option<Number>,
    /// The `type` for the message text, when it could be read.
    pub command_type: Option<String>,
    /// Echoed only for `UNKNOWN_COMMAND` (§8.6).
    pub echo: Option<Box<RawValue>>,
    pub error: HostError,
}

impl Refused {
    fn malformed(
        corr_id: Option<Number>,
        command_type: Option<String>,
        text: impl Into<String>,
    ) -> Self {
        Refused {
            corr_id,
            command_type,
            echo: None,
            error: HostError::new(HostErrorCode::Malformed, text),
        }
    }

    pub fn reply(&self) -> MessageEnvelope {
        MessageEnvelope {
            corr_id: self.corr_id.clone(),
            resp: Response::Error {
                message: self.error.message(self.command_type.as_deref()),
            },
            command: self.echo.clone(),
        }
    }
}

#[derive(Deserialize)]
struct RawEnvelope<'a> {
    #[serde(rename = "corrId", default)]
    corr_id: Option<Value>,
    #[serde(default, borrow)]
    command: Option<&'a RawValue>,
}

/// Reads one text frame from the host.
pub fn read_frame(text: &str) -> Result<Received, Refused> {
    if text.len() > MAX_HOST_FRAME_BYTES {
        return Err(Refused {
            corr_id: None,
            command_type: None,
            echo: None,
            error: HostError::of(HostErrorCode::TooLarge),
        });
    }
    let envelope: RawEnvelope = serde_json::from_str(text)
        .map_err(|e| Refused::malformed(None, None, format!("not a JSON object envelope ({e})")))?;
    let corr_id = match envelope.corr_id {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Some(n),
        Some(_) => return Err(Refused::malformed(None, None, "corrId is not an integer")),
    };
    let Some(raw) = envelope.command else {
        return Err(Refused::malformed(
            corr_id,
            None,
            "the envelope has no command",
        ));
    };
    let value: Value = serde_json::from_str(raw.get())
        .map_err(|e| Refused::malformed(corr_id.clone(), None, format!("bad command ({e})")))?;
    let Value::Object(fields) = &value else {
        return Err(Refused::malformed(
            corr_id,
            None,
            "command is not an object",
        ));
    };
    let Some(Value::String(kind)) = fields.get("type") else {
        return Err(Refused::malformed(
            corr_id,
            None,
            "command has no string type",
        ));
    };
    let kind = kind.clone();
    let echo = RawValue::from_string(compact_json(raw.get()))
        .map_err(|e| Refused::malformed(corr_id.clone(), None, format!("bad command ({e})")))?;
    if !Command::TYPES.contains(&kind.as_str()) {
        return Err(Refused {
            corr_id,
            command_type: Some(kind),
            echo: Some(echo),
            error: HostError::of(HostErrorCode::UnknownCommand),
        });
    }
    let command: Command = serde_json::from_value(value).map_err(|e| {
        Refused::malformed(
            corr_id.clone(),
            Some(kind.clone()),
            format!("wrong fields ({e})"),
        )
    })?;
    command.check_bounds().map_err(|error| Refused {
        corr_id: corr_id.clone(),
        command_type: Some(kind),
        echo: None,
        error,
    })?;
    Ok(Received {
        corr_id,
        command,
        echo,
    })
}

/// The answer to a binary frame (§8.6).
pub fn refuse_binary_frame(len: usize) -> Refused {
    if len > MAX_HOST_FRAME_BYTES {
        return Refused {
            corr_id: None,
            command_type: None,
            echo: None,
            error: HostError::of(HostErrorCode::TooLarge),
        };
    }
    Refused::malformed(None, None, "binary frames are not commands")
}

/// Removes the whitespace outside strings from valid JSON text, keeping everything else as is.
/// Only for text already parsed as JSON: there, tokens that could merge are always separated by
/// punctuation, so no whitespace is significant outside strings.
pub fn compact_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            if c == '"' {
                in_string = true;
            }
            out.push(c);
        }
    }
    out
}
