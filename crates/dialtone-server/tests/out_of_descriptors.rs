//! The accept loop survives running out of file descriptors (EMFILE): while the process cannot
//! open another one, the connection waiting in the backlog is not lost and the server does not
//! stop accepting; once descriptors are free again, it is served. Its own test binary, because it
//! lowers this process's open-file limit.

mod common;

use std::time::Duration;

use common::{Client, start_server_with};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn set_open_file_limit(limit: u64) {
    let rlimit = libc::rlimit { rlim_cur: limit, rlim_max: limit };
    // SAFETY: setrlimit only reads the struct passed in.
    let done = unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &rlimit) };
    assert_eq!(done, 0, "setrlimit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_out_of_descriptors_pauses_accepting_and_loses_nothing() {
    set_open_file_limit(256);
    let server = start_server_with(|_| {}).await;
    let mut before = Client::connect(&server, "").await;
    before.still_served().await;

    // The process runs out of descriptors but one, which the client's socket takes: the server
    // then cannot accept it (EMFILE).
    let mut hog = Vec::new();
    while let Ok(file) = std::fs::File::open("/dev/null") {
        hog.push(file);
        assert!(hog.len() < 10_000, "the limit applies");
    }
    hog.pop();
    let mut waiting = tokio::net::TcpStream::connect(server.addr).await.expect("connect");
    waiting
        .write_all(format!("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", server.addr.port()).as_bytes())
        .await
        .expect("write");
    // The server keeps trying (and logging) meanwhile; nothing answers yet.
    let mut answer = vec![0u8; 512];
    let early = tokio::time::timeout(Duration::from_millis(500), waiting.read(&mut answer)).await;
    assert!(early.is_err(), "no descriptor, no answer: {early:?}");
    // Descriptors are free again: the waiting request is answered, and new clients are served.
    drop(hog);
    let n = tokio::time::timeout(Duration::from_secs(5), waiting.read(&mut answer))
        .await
        .expect("answered once descriptors are free")
        .expect("read");
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"), "{}", String::from_utf8_lossy(&answer[..n]));
    let mut after = Client::connect(&server, "").await;
    after.still_served().await;
    before.still_served().await;
}
