//! The relay: JSON lines from the host program (stdin) become text frames to the page, and the
//! page's frames become JSON lines (stdout). The bridge takes no decision about their content;
//! the page answers anything unusable with an error (specs/host-protocol.md §8.6).

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use dialtone_core::host::MAX_HOST_FRAME_BYTES;

/// Lines read before the page connects, or faster than it reads: the page itself queues 64
/// commands (§1.4), so more here would only delay its `BUSY` answers.
pub const TO_PAGE_QUEUE: usize = 64;
/// Close code for a frame over the size bound (RFC 6455 "message too big").
pub const CLOSE_TOO_BIG: u16 = 1009;

/// One line of the host program, bounded to [`MAX_HOST_FRAME_BYTES`].
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    Text(String),
    /// Longer than the bound (its bytes were skipped up to the newline), or not UTF-8.
    Refused {
        len: usize,
        reason: &'static str,
    },
}

/// Reads the next line without ever holding more than the bound; `None` at end of input.
pub async fn read_line<R: AsyncBufRead + Unpin>(input: &mut R) -> std::io::Result<Option<Line>> {
    let mut line = Vec::new();
    let mut len = 0usize;
    loop {
        let chunk = input.fill_buf().await?;
        if chunk.is_empty() {
            if len == 0 {
                return Ok(None);
            }
            break;
        }
        let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(at) => (&chunk[..at], Some(at + 1)),
            None => (chunk, None),
        };
        len += part.len();
        if len <= MAX_HOST_FRAME_BYTES {
            line.extend_from_slice(part);
        }
        let consumed = done.unwrap_or(chunk.len());
        input.consume(consumed);
        if done.is_some() {
            break;
        }
    }
    if line.last() == Some(&b'\r') {
        line.pop();
        len -= 1;
    }
    if len > MAX_HOST_FRAME_BYTES {
        return Ok(Some(Line::Refused {
            len,
            reason: "longer than 65536 bytes",
        }));
    }
    match String::from_utf8(line) {
        Ok(text) => Ok(Some(Line::Text(text))),
        Err(_) => Ok(Some(Line::Refused {
            len,
            reason: "not UTF-8",
        })),
    }
}

/// Feeds stdin lines into the page queue until end of input (then the queue closes).
pub async fn read_host<R: AsyncBufRead + Unpin>(mut input: R, to_page: mpsc::Sender<String>) {
    loop {
        match read_line(&mut input).await {
            Ok(Some(Line::Text(text))) if text.trim().is_empty() => {}
            Ok(Some(Line::Text(text))) => {
                if to_page.send(text).await.is_err() {
                    return;
                }
            }
            Ok(Some(Line::Refused { len, reason })) => {
                tracing::warn!(len, reason, "host line not relayed to the page");
            }
            Ok(None) => return,
            Err(error) => {
                tracing::warn!(%error, "cannot read the host's input");
                return;
            }
        }
    }
}

/// One page frame as one output line: frames with raw newlines (pretty JSON) are rewritten
/// compact so that line boundaries stay message boundaries; other text is refused.
pub fn frame_to_line(text: &str) -> Option<String> {
    if !text.contains(['\n', '\r']) {
        return Some(text.to_owned());
    }
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    serde_json::to_string(&value).ok()
}

/// Runs the page socket until it closes or the host's input ends.
pub async fn run_socket<W: AsyncWrite + Unpin>(
    mut socket: WebSocket,
    mut from_host: mpsc::Receiver<String>,
    output: &mut W,
) {
    loop {
        tokio::select! {
            line = from_host.recv() => match line {
                Some(text) => {
                    if socket.send(Message::Text(text.into())).await.is_err() {
                        return;
                    }
                }
                None => {
                    // The host program is done: the call is over for the page too (§7).
                    let _ = socket.send(Message::Close(Some(CloseFrame { code: 1000, reason: "host ended".into() }))).await;
                    return;
                }
            },
            frame = socket.recv() => match frame {
                Some(Ok(Message::Text(text))) => match frame_to_line(text.as_str()) {
                    Some(line) => {
                        if write_line(output, &line).await.is_err() {
                            return;
                        }
                    }
                    None => tracing::warn!(len = text.len(), "page frame with newlines is not JSON: not relayed"),
                },
                Some(Ok(Message::Binary(bytes))) => {
                    tracing::warn!(len = bytes.len(), "binary frame from the page: not relayed");
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                Some(Ok(Message::Close(_))) | None => return,
                Some(Err(error)) => {
                    // Most often a frame over the bound: tell the page why before closing.
                    tracing::warn!(%error, "page socket failed");
                    let _ = socket
                        .send(Message::Close(Some(CloseFrame { code: CLOSE_TOO_BIG, reason: "frame too large".into() })))
                        .await;
                    return;
                }
            },
        }
    }
}

async fn write_line<W: AsyncWrite + Unpin>(output: &mut W, line: &str) -> std::io::Result<()> {
    output.write_all(line.as_bytes()).await?;
    output.write_all(b"\n").await?;
    output.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lines_are_bounded() {
        let long = "x".repeat(MAX_HOST_FRAME_BYTES + 1);
        let input = format!("{{\"a\":1}}\r\n{long}\n{{\"b\":2}}\nlast");
        let mut reader = tokio::io::BufReader::with_capacity(1024, input.as_bytes());
        assert_eq!(
            read_line(&mut reader).await.ok().flatten(),
            Some(Line::Text("{\"a\":1}".into()))
        );
        assert_eq!(
            read_line(&mut reader).await.ok().flatten(),
            Some(Line::Refused {
                len: MAX_HOST_FRAME_BYTES + 1,
                reason: "longer than 65536 bytes"
            })
        );
        assert_eq!(
            read_line(&mut reader).await.ok().flatten(),
            Some(Line::Text("{\"b\":2}".into()))
        );
        assert_eq!(
            read_line(&mut reader).await.ok().flatten(),
            Some(Line::Text("last".into()))
        );
        assert_eq!(read_line(&mut reader).await.ok().flatten(), None);
    }

    #[test]
    fn frames_become_single_lines() {
        assert_eq!(
            frame_to_line("{\"resp\":{\"type\":\"ok\"}}").as_deref(),
            Some("{\"resp\":{\"type\":\"ok\"}}")
        );
        assert_eq!(
            frame_to_line("{\n    \"resp\": {\n        \"type\": \"end\"\n    }\n}").as_deref(),
            Some("{\"resp\":{\"type\":\"end\"}}")
        );
        assert_eq!(frame_to_line("not\njson"), None);
    }
}
