//! The audio sink: frames in the core's layout become a WAV per call plus the sequence numbers
//! received; bad input is refused; the test control closes a stream cleanly and refuses for a while.
//! A hostile client cannot make it write without bound (silence, call length, folder quota), hold
//! its sockets while sending nothing, read a call's numbers without the token, or stall the server
//! through a slow disk.

mod common;
// The bounds a client cannot push the sink past, and how its sockets end.
#[path = "audio_sink/bounds.rs"]
mod bounds;
#[path = "audio_sink/sockets.rs"]
mod sockets;

use std::path::Path;
use std::time::Duration;

use common::{TestServer, start_server_with};
use dialtone_core::audio_stream::frame::encode;
use dialtone_server::Config;
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::connect_async;
use tokio_tungstenite::tungstenite::Message as Ws;

fn sink_dir() -> common::Scratch {
    common::scratch_dir()
}

async fn sink_server(dir: &Path) -> TestServer {
    sink_server_with(dir, |_| {}).await
}

async fn sink_server_with(dir: &Path, configure: impl FnOnce(&mut Config)) -> TestServer {
    let dir = dir.to_owned();
    start_server_with(move |c| {
        c.audio_sink_dir = Some(dir);
        c.audio_sink_test_controls = true;
        configure(c);
    })
    .await
}

/// A 20 ms stereo frame: a 1 kHz tone on the left (local), silence on the right.
fn tone_frame(seq: u32) -> Vec<u8> {
    let samples: Vec<i16> = (0..320)
        .flat_map(|i| {
            let t = (seq as f64 * 320.0 + i as f64) / 16_000.0;
            [
                ((t * 1_000.0 * std::f64::consts::TAU).sin() * 8_000.0) as i16,
                0,
            ]
        })
        .collect();
    encode(seq, 2, &samples)
}

async fn summary(server: &TestServer, call: &str) -> serde_json::Value {
    let url = format!("http://{}/audio-sink/{call}/seqs", server.addr);
    reqwest::get(url)
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

fn seqs(summary: &serde_json::Value) -> Vec<u64> {
    summary["seqs"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_u64()).collect())
        .unwrap_or_default()
}

/// Sends frames, closes cleanly and waits until the sink has let go of the socket.
async fn stream(server: &TestServer, call: &str, frames: impl IntoIterator<Item = Vec<u8>>) {
    let (mut ws, _) = connect_async(format!("ws://{}/audio-sink/{call}", server.addr))
        .await
        .expect("connect");
    for frame in frames {
        ws.send(Ws::binary(frame)).await.expect("send");
    }
    ws.close(None).await.expect("close");
    while ws.next().await.is_some() {}
}

#[tokio::test]
async fn frames_become_a_valid_wav_and_their_numbers_are_kept() {
    let dir = sink_dir();
    let server = sink_server(&dir).await;
    stream(&server, "call-1", (0..50).map(tone_frame)).await;

    let summary = summary(&server, "call-1").await;
    assert_eq!(seqs(&summary), (0..50).collect::<Vec<_>>());
    assert_eq!(
        (summary["channels"].as_u64(), summary["sampleRate"].as_u64()),
        (Some(2), Some(16_000))
    );

    let mut wav = hound::WavReader::open(dir.join("call-1.wav")).expect("a WAV file");
    let spec = wav.spec();
    assert_eq!(
        (spec.channels, spec.sample_rate, spec.bits_per_sample),
        (2, 16_000, 16)
    );
    assert_eq!(wav.duration(), 50 * 320, "one second");
    let samples: Vec<i16> = wav.samples::<i16>().map(|s| s.unwrap_or(0)).collect();
    let rms = |channel: usize| {
        let squares: f64 = samples
            .iter()
            .skip(channel)
            .step_by(2)
            .map(|&s| (s as f64).powi(2))
            .sum();
        (squares / (samples.len() / 2) as f64).sqrt()
    };
    assert!(
        rms(0) > 5_000.0,
        "the tone is in the left channel: {}",
        rms(0)
    );
    assert_eq!(rms(1), 0.0, "the right channel is silent");

    let sidecar: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("call-1.json")).expect("sidecar"))
            .expect("json");
    assert_eq!(seqs(&sidecar), (0..50).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_reconnect_appends_to_the_same_file_and_a_gap_is_filled_with_silence() {
    let dir = sink_dir();
    let server = sink_server(&dir).await;
    stream(&server, "call-2", (0..10).map(tone_frame)).await;
    stream(&server, "call-2", (15..20).map(tone_frame)).await;
    let summary = summary(&server, "call-2").await;
    assert_eq!(
        seqs(&summary),
        [0..10, 15..20].into_iter().flatten().collect::<Vec<_>>()
    );
    assert_eq!(summary["connections"], 2);
    assert_eq!(summary["silenceFrames"], 5);
    let wav = hound::WavReader::open(dir.join("call-2.wav")).expect("a WAV file");
    assert_eq!(wav.duration(), 20 * 320, "the file keeps the call's timing");
}

#[tokio::test]
async fn malformed_frames_are_counted_and_not_written() {
    let dir = sink_dir();
    let server = sink_server(&dir).await;
    let mono = encode(1, 1, &[0; 320]);
    stream(
        &server,
        "call-3",
        [
            tone_frame(0),
            vec![1, 2, 3],
            mono,
            Vec::new(),
            tone_frame(1),
        ],
    )
    .await;
    let summary = summary(&server, "call-3").await;
    assert_eq!(seqs(&summary), vec![0, 1]);
    assert_eq!(summary["rejected"], 3, "short, a channel change, empty");
}

#[tokio::test]
async fn an_oversized_message_ends_the_connection() {
    let dir = sink_dir();
    let server = sink_server(&dir).await;
    let (mut ws, _) = connect_async(format!("ws://{}/audio-sink/call-4", server.addr))
        .await
        .expect("connect");
    ws.send(Ws::binary(vec![0u8; 64 * 1024]))
        .await
        .expect("send");
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(Ok(_)) = ws.next().await {}
    })
    .await;
    assert!(
        ended.is_ok(),
        "the sink closes a socket that sends more than a frame"
    );
}

#[tokio::test]
async fn call_ids_that_are_not_safe_file_names_are_refused() {
    let dir = sink_dir();
    let server = sink_server(&dir).await;
    for id in ["..", "a.b", "%2E%2E%2Fetc", &"x".repeat(65)] {
        let result = connect_async(format!("ws://{}/audio-sink/{id}", server.addr)).await;
        assert!(result.is_err(), "{id} is refused");
    }
    assert!(
        std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0) == 0,
        "nothing written"
    );
}

#[tokio::test]
async fn the_sink_is_off_without_a_folder() {
    let server = start_server_with(|_| {}).await;
    let result = connect_async(format!("ws://{}/audio-sink/call-5", server.addr)).await;
    assert!(result.is_err());
}

/// Opens call `call`'s stream, sends frames 0..5 and asks the sink (test control) to close it.
async fn stream_then_disconnect(
    server: &TestServer,
    call: &str,
    refuse_ms: u64,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    let (mut ws, _) = connect_async(format!("ws://{}/audio-sink/{call}", server.addr))
        .await
        .expect("connect");
    for seq in 0..5 {
        ws.send(Ws::binary(tone_frame(seq))).await.expect("send");
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let control = format!(
        "http://{}/audio-sink/{call}/disconnect?refuseMs={refuse_ms}",
        server.addr
    );
    let response = reqwest::Client::new()
        .post(control)
        .send()
        .await
        .expect("control");
    assert_eq!(response.status(), 204);
    ws
}

#[tokio::test]
async fn the_disconnect_control_asks_politely_and_records_everything_before_the_clients_close() {
    let dir = sink_dir();
    let server = sink_server(&dir).await;
    let mut ws = stream_then_disconnect(&server, "call-6", 800).await;
    // Frames that cross the request are still part of the stream.
    for seq in 5..8 {
        ws.send(Ws::binary(tone_frame(seq))).await.expect("send");
    }
    let asked = tokio::time::timeout(Duration::from_secs(5), ws.next())
        .await
        .expect("in time");
    assert!(
        matches!(asked, Some(Ok(Ws::Text(ref t))) if t.as_str() == r#"{"type":"closing"}"#),
        "{asked:?}"
    );
    ws.close(None).await.expect("close");
    while ws.next().await.is_some() {}
    assert!(
        connect_async(format!("ws://{}/audio-sink/call-6", server.addr))
            .await
            .is_err(),
        "refused meanwhile"
    );
    tokio::time::sleep(Duration::from_millis(900)).await;
    stream(&server, "call-6", (8..10).map(tone_frame)).await;
    assert_eq!(
        seqs(&summary(&server, "call-6").await),
        (0..10).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_client_that_ignores_the_polite_close_gets_a_close_frame() {
    let dir = sink_dir();
    let server = sink_server(&dir).await;
    let mut ws = stream_then_disconnect(&server, "call-7", 0).await;
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ws.next().await {
                Some(Ok(Ws::Close(frame))) => return frame.map(|f| u16::from(f.code)),
                Some(Ok(_)) => continue,
                _ => return None,
            }
        }
    })
    .await
    .expect("closed in time");
    assert_eq!(closed, Some(1012));
    assert_eq!(
        seqs(&summary(&server, "call-7").await),
        (0..5).collect::<Vec<_>>()
    );
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A 20 ms mono frame of silence.
fn mono_frame(seq: u32) -> Vec<u8> {
    encode(seq, 1, &[0; 320])
}

/// The close code the sink sends within `secs` (frames before it are skipped).
async fn close_code(ws: &mut Socket, secs: u64) -> Option<u16> {
    tokio::time::timeout(Duration::from_secs(secs), async {
        loop {
            match ws.next().await {
                Some(Ok(Ws::Close(frame))) => return frame.map(|f| u16::from(f.code)),
                Some(Ok(_)) => continue,
                _ => return None,
            }
        }
    })
    .await
    .ok()
    .flatten()
}

/// How the sink refuses a socket: the HTTP status and the JSON body's code.
/// A socket to `path` from the loopback address `from` (127.0.0.x: each is its own client address).
async fn connect_from(
    from: [u8; 4],
    server: &TestServer,
    path: &str,
) -> Result<
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    tokio_tungstenite::tungstenite::Error,
> {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.bind(std::net::SocketAddr::from((from, 0))).expect("bind a loopback address");
    let stream = socket.connect(server.addr).await.expect("connect");
    let url = format!("ws://{}{path}", server.addr);
    tokio_tungstenite::client_async(url, tokio_tungstenite::MaybeTlsStream::Plain(stream))
        .await
        .map(|(ws, _)| ws)
}

async fn refusal(server: &TestServer, path: &str) -> (u16, String) {
    refusal_from([127, 0, 0, 1], server, path).await
}

async fn refusal_from(from: [u8; 4], server: &TestServer, path: &str) -> (u16, String) {
    match connect_from(from, server, path).await {
        Ok(_) => (101, String::new()),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            let body: serde_json::Value = response
                .body()
                .as_deref()
                .and_then(|b| serde_json::from_slice(b).ok())
                .unwrap_or_default();
            let code = body["code"].as_str().unwrap_or_default().to_owned();
            (response.status().as_u16(), code)
        }
        Err(other) => panic!("{other}"),
    }
}

/// The lengths a WAV header claims (RIFF, data) beside the file's length.
fn wav_lengths(path: &Path) -> (u64, u64, u64) {
    let bytes = std::fs::read(path).expect("a WAV file");
    let at = |i: usize| {
        u64::from(u32::from_le_bytes([
            bytes[i],
            bytes[i + 1],
            bytes[i + 2],
            bytes[i + 3],
        ]))
    };
    (at(4), at(40), bytes.len() as u64)
}

/// Like `stream`, to a path with a query.
async fn stream_to(server: &TestServer, path: &str, frames: impl IntoIterator<Item = Vec<u8>>) {
    let (mut ws, _) = connect_async(format!("ws://{}{path}", server.addr))
        .await
        .expect("connect");
    for frame in frames {
        ws.send(Ws::binary(frame)).await.expect("send");
    }
    ws.close(None).await.expect("close");
    while ws.next().await.is_some() {}
}
