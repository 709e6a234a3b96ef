//! What the bridge never writes to its log.

use futures_util::SinkExt;
use tokio_tungstenite::tungstenite::Message;

use super::harness::{next_text, start_logging};

#[tokio::test]
async fn the_calls_key_is_never_logged_even_at_trace() {
    // specs/host-protocol.md: the key is never logged. The relay's libraries trace whole frames.
    let mut bridge = start_logging(Some("trace")).await;
    let mut page = bridge.page().await;
    let key = "MARKERKEYq3VUCb9v3ZbM2QvxQ1MkW8Zt0S5nJw";
    let command = format!(r#"{{"corrId":1,"command":{{"type":"offer","aesKey":"{key}"}}}}"#);
    bridge.write_line(&command).await;
    assert_eq!(next_text(&mut page).await, command);
    let echoed = format!(r#"{{"resp":{{"type":"ok","aesKey":"{key}"}}}}"#);
    page.send(Message::Text(echoed.clone().into())).await.expect("send");
    assert_eq!(bridge.read_line().await.as_deref(), Some(echoed.as_str()));
    page.close(None).await.expect("close");
    assert_eq!(bridge.read_line().await, None);
    let logs = bridge.logs.clone();
    bridge.exits_cleanly().await;
    let logs = logs.lock().map(|l| l.clone()).unwrap_or_default();
    assert!(!logs.contains(key), "the key is in the logs:\n{logs}");
}
