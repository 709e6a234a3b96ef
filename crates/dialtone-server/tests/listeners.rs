//! Every listener against hostile networks (issue #12), over real sockets on loopback: DNS
//! rebinding, open TURN credentials and metrics, slowloris, the app's security headers, and
//! secrets in trace logs. Each test is bounded in count and time.

mod common;

use std::time::{Duration, Instant};

use common::raw::{closed_by_server_within, raw_status, ws_upgrade};
use common::{Client, TestServer, start_server_with};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

#[tokio::test]
async fn a_foreign_host_name_is_refused_on_every_route_dns_rebinding() {
    let server = start_server_with(|_| {}).await;
    let port = server.addr.port();
    let evil = format!("rebind.attacker.example:{port}");
    let origin = format!("http://{evil}");
    for path in ["/ws", "/healthz", "/", "/api/ice-servers", "/metrics", "/api/mediasfu/v1/sipcall/list"] {
        assert_eq!(raw_status(&server, &ws_upgrade(&evil, &origin, path)).await, 421, "{path}");
    }
    // The same requests with this machine's name go through.
    let own = format!("127.0.0.1:{port}");
    assert_eq!(raw_status(&server, &ws_upgrade(&own, &format!("http://{own}"), "/ws")).await, 101);
    assert_eq!(raw_status(&server, &format!("GET /healthz HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n")).await, 200);
    // An operator's list replaces the default.
    let listed = start_server_with(|c| c.allowed_hosts = vec!["calls.example".into()]).await;
    assert_eq!(raw_status(&listed, "GET /healthz HTTP/1.1\r\nHost: calls.example\r\n\r\n").await, 200);
    assert_eq!(raw_status(&listed, &format!("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", listed.addr.port())).await, 421);
}

#[tokio::test]
async fn turn_credentials_and_metrics_need_the_token_and_our_origin() {
    let dir = common::scratch_dir();
    let token_file = dir.join("token");
    std::fs::write(&token_file, "s3cret-token\n").expect("token");
    let secret_file = dir.join("turn");
    std::fs::write(&secret_file, "turn-secret").expect("secret");
    let server = start_server_with(|c| {
        c.access_token_file = Some(token_file.clone());
        c.turn_urls = vec!["turn:127.0.0.1:3478".into()];
        c.turn_secret_file = Some(secret_file.clone());
    })
    .await;
    let http = reqwest::Client::new();
    let base = format!("http://{}", server.addr);
    for path in ["/api/ice-servers", "/metrics"] {
        let bare = http.get(format!("{base}{path}")).send().await.expect("request");
        assert_eq!(bare.status(), 401, "{path} without the token");
        let foreign = http
            .get(format!("{base}{path}"))
            .header("origin", "https://evil.example")
            .header("x-dialtone-token", "s3cret-token")
            .send()
            .await
            .expect("request");
        assert_eq!(foreign.status(), 403, "{path} from a foreign page");
        let ours = http.get(format!("{base}{path}")).header("x-dialtone-token", "s3cret-token").send().await.expect("request");
        assert_eq!(ours.status(), 200, "{path} with the token");
        let bearer = http.get(format!("{base}{path}")).bearer_auth("s3cret-token").send().await.expect("request");
        assert_eq!(bearer.status(), 200, "{path} with a bearer token");
    }
    let body: Value = http
        .get(format!("{base}/api/ice-servers"))
        .header("x-dialtone-token", "s3cret-token")
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert!(body["iceServers"][0]["credential"].is_string(), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slowloris_cannot_starve_other_clients_and_its_sockets_are_timed_out() {
    let server = start_server_with(|c| {
        c.header_timeout_secs = 2;
        c.max_connections_per_ip = 200;
    })
    .await;
    // 1,100 half-sent requests from another loopback address.
    let mut held = Vec::new();
    let mut refused = 0;
    for _ in 0..1100 {
        let socket = TcpSocket::new_v4().expect("socket");
        socket.bind("127.0.0.2:0".parse().expect("addr")).expect("bind 127.0.0.2");
        match socket.connect(server.addr).await {
            Ok(mut stream) => {
                let _ = stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").await;
                held.push(stream);
            }
            Err(_) => refused += 1,
        }
    }
    // Meanwhile the service answers everyone else, quickly.
    let started = Instant::now();
    let health = reqwest::get(format!("http://{}/healthz", server.addr)).await.expect("healthz");
    assert_eq!(health.status(), 200);
    let mut client = Client::connect(&server, "").await;
    client.still_served().await;
    let during = started.elapsed();
    eprintln!("slowloris: {} held, {refused} refused at connect; healthz + /ws round trip {during:?}", held.len());
    assert!(during < Duration::from_secs(1), "{during:?}");
    // Past the cap per address, the server closed the extra sockets at once; the rest go after
    // the header deadline.
    let mut closed = 0;
    for stream in &mut held {
        if closed_by_server_within(stream, Duration::from_millis(10)).await {
            closed += 1;
        }
    }
    assert!(closed >= 1100 - 200 - refused, "connections over the per-address cap are closed at once: {closed}");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let mut still_open = 0;
    for stream in &mut held {
        if !closed_by_server_within(stream, Duration::from_millis(50)).await {
            still_open += 1;
        }
    }
    assert_eq!(still_open, 0, "every half-sent request timed out");
}

#[tokio::test]
async fn security_headers_on_the_app() {
    let scratch = common::scratch_dir();
    let dist = scratch.to_path_buf();
    let loader = "import init from '/app.js'; await init();";
    std::fs::write(dist.join("index.html"), format!("<html><head><script type=\"module\">{loader}</script></head></html>")).expect("index");
    let server = start_server_with(|c| c.dist = dist.clone()).await;
    let page = reqwest::get(format!("http://{}/", server.addr)).await.expect("page");
    let header = |name: &str| page.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "no-referrer");
    let csp = header("content-security-policy");
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(loader.as_bytes()));
    assert!(csp.contains(&format!("'sha256-{hash}'")), "the inline loader is allowed by its hash: {csp}");
    assert!(csp.contains("object-src 'none'") && csp.contains("base-uri 'none'") && !csp.contains("'unsafe-inline' 'wasm"), "{csp}");
}

#[tokio::test]
async fn trace_logs_never_show_a_resume_token() {
    let (child, server) = run_binary("trace").await;
    let mut client = Client::connect(&server, "?name=Tracer").await;
    client.still_served().await;
    let token = client.resume.clone();
    assert!(!token.is_empty());
    let _ = client.ws.close(None).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let logs = stop_binary(child).await;
    assert!(logs.contains("peer joined"), "trace logs were written");
    assert!(!logs.contains(&token), "the resume token is not in the logs");
}

#[tokio::test]
async fn refusals_a_client_causes_at_will_do_not_flood_the_log() {
    // One keep-alive connection pipelining requests for a foreign host name: each is refused
    // (421), and the log tells the operator once, not 2,000 times.
    let (child, server) = run_binary("info").await;
    const REQUESTS: usize = 2_000;
    let stream = TcpStream::connect(server.addr).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    let writing = tokio::spawn(async move {
        let request = b"GET /healthz HTTP/1.1\r\nHost: flood.attacker.example\r\n\r\n".repeat(100);
        for _ in 0..REQUESTS / 100 {
            if writer.write_all(&request).await.is_err() {
                break;
            }
        }
        writer
    });
    let mut answers = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let deadline = Instant::now() + Duration::from_secs(30);
    while count(&answers, b"HTTP/1.1 421") < REQUESTS && Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_secs(5), reader.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => answers.extend_from_slice(&chunk[..n]),
            _ => break,
        }
    }
    let _writer = writing.await;
    assert_eq!(count(&answers, b"HTTP/1.1 421"), REQUESTS, "every request was answered");
    let logs = stop_binary(child).await;
    let lines = logs.lines().filter(|line| line.contains("does not answer to")).count();
    assert!((1..=2).contains(&lines), "{lines} log lines for {REQUESTS} refusals");
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).filter(|window| *window == needle).count()
}

/// The server's binary on a free port, logging at `level` to a pipe; returns once it answers.
async fn run_binary(level: &str) -> (tokio::process::Child, TestServer) {
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("probe");
        probe.local_addr().expect("addr").port()
    };
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_dialtone-server"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--dist", "/nonexistent"])
        .env("DIALTONE_LOG", level)
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("server");
    let server = TestServer { addr: ([127, 0, 0, 1], port).into(), _stop: tokio::sync::oneshot::channel().0 };
    for _ in 0..100 {
        if TcpStream::connect(server.addr).await.is_ok() {
            return (child, server);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not start");
}

/// Stops the binary and returns what it logged.
async fn stop_binary(mut child: tokio::process::Child) -> String {
    let _ = child.start_kill();
    let mut logs = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = tokio::time::timeout(Duration::from_secs(5), stderr.read_to_string(&mut logs)).await;
    }
    logs
}

/// Runs the server binary with `args` until it exits (it must fail to start); returns its logs.
async fn failed_start(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_dialtone-server"));
    command.args(["--dist", "/nonexistent"]).args(args).stderr(std::process::Stdio::piped()).stdout(std::process::Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    let output = tokio::time::timeout(Duration::from_secs(20), command.kill_on_drop(true).output())
        .await
        .expect("the server gives up within 20 s")
        .expect("ran");
    assert!(!output.status.success(), "the server did not start");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn turn_without_an_access_token_is_refused_at_start_unless_the_operator_says_open() {
    // Credentials from /api/ice-servers for anyone who asks: a relay the operator pays for. A
    // program sends no Origin, so only the token can keep it for our own pages.
    let logs = failed_start(&["--listen", "127.0.0.1:0", "--turn-urls", "turn:127.0.0.1:3478"], &[("DIALTONE_TURN_SECRET", "s")]).await;
    assert!(logs.contains("--access-token-file") && logs.contains("--open-turn"), "{logs}");
    // Said on purpose: served to a bare request, as asked.
    let dir = common::scratch_dir();
    let secret_file = dir.join("turn");
    std::fs::write(&secret_file, "turn-secret").expect("secret");
    let server = start_server_with(|c| {
        c.turn_urls = vec!["turn:127.0.0.1:3478".into()];
        c.turn_secret_file = Some(secret_file.clone());
        c.open_turn = true;
    })
    .await;
    let bare = raw_status(&server, &format!("GET /api/ice-servers HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", server.addr.port())).await;
    assert_eq!(bare, 200);
}

#[tokio::test]
async fn a_start_up_failure_names_its_cause_and_never_the_redis_password() {
    // A token file that is not there: the option and the file are named, not the address.
    let logs = failed_start(&["--listen", "127.0.0.1:0", "--access-token-file", "/nonexistent/token"], &[]).await;
    assert!(logs.contains("cannot read --access-token-file /nonexistent/token"), "{logs}");
    assert!(!logs.contains("cannot listen"), "{logs}");
    // An address taken: the address is named.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("taken");
    let addr = taken.local_addr().expect("addr").to_string();
    let logs = failed_start(&["--listen", &addr], &[]).await;
    assert!(logs.contains(&format!("cannot listen on {addr}")), "{logs}");
    // Redis behind a unix socket that is not there, its password in the URL's query: the
    // failure says Redis, and the password appears nowhere (the error is logged at start-up).
    let logs = failed_start(&["--listen", "127.0.0.1:0"], &[("DIALTONE_REDIS", "redis+unix:///nonexistent/r.sock?pass=HUNTER2")]).await;
    assert!(logs.contains("cannot use Redis at redis+unix:///nonexistent/r.sock?***"), "{logs}");
    assert!(!logs.contains("HUNTER2"), "the password is not logged: {logs}");
}

#[tokio::test]
async fn an_oversized_request_head_is_refused_at_once_not_buffered_until_the_deadline() {
    let server = start_server_with(|c| c.header_timeout_secs = 10).await;
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    // 100 KB of one header, never finished: over the 32 KiB a head may take.
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ").await.expect("head");
    let _ = stream.write_all(&vec![b'a'; 100 * 1024]).await;
    let started = Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(3), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server closed the connection within 3 s, not at the 10 s deadline");
    let head = String::from_utf8_lossy(&answer);
    assert!(head.is_empty() || head.starts_with("HTTP/1.1 431"), "{head}");
    eprintln!("oversized head refused after {:?}: {:?}", started.elapsed(), head.lines().next());
    // A head of ordinary size is still served.
    let ordinary = format!("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Fine: {}\r\nConnection: close\r\n\r\n", "b".repeat(4096));
    assert_eq!(raw_status(&server, &ordinary).await, 200);
}

#[tokio::test]
async fn a_client_that_stops_reading_a_response_loses_it_and_frees_its_slot() {
    let dist = common::scratch_dir();
    let size = 8 * 1024 * 1024;
    std::fs::write(dist.as_ref().join("big.wasm"), vec![0x61u8; size]).expect("a big file");
    let dist_path = dist.as_ref().to_path_buf();
    let server = start_server_with(move |c| {
        c.dist = dist_path;
        c.write_timeout_secs = 2;
        c.max_connections_per_ip = 1;
    })
    .await;
    let request = "GET /big.wasm HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n\r\n";
    // A client with a small receive buffer asks for 8 MB and never reads.
    let socket = TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("small buffer");
    let mut stalled = socket.connect(server.addr).await.expect("connect");
    stalled.write_all(request.as_bytes()).await.expect("request");
    tokio::time::sleep(Duration::from_secs(4)).await;
    // Past the limit the server gave up: reading now finds only what was already on its way,
    // then the end, not the whole file.
    let mut got = Vec::new();
    let drained = tokio::time::timeout(Duration::from_secs(5), async {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match stalled.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(drained.is_ok(), "the connection ended");
    assert!(got.len() < size, "the server stopped sending: {} of {size} bytes came", got.len());
    eprintln!("a non-reader got {} of {size} bytes before the server gave up", got.len());
    // Its slot is free again (one connection per address here): the same address is served.
    let ordinary = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    assert_eq!(raw_status(&server, ordinary).await, 200);

    // A slow reader that keeps taking bytes (what its 64 KB buffer holds, every 150 ms) gets
    // all of a 1 MB file.
    std::fs::write(dist.as_ref().join("mid.wasm"), vec![0x62u8; 1024 * 1024]).expect("a file");
    let socket = TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(64 * 1024).expect("small buffer");
    let mut slow = socket.connect(server.addr).await.expect("connect");
    slow.write_all(b"GET /mid.wasm HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n").await.expect("request");
    let mut total = 0;
    let mut buf = vec![0u8; 64 * 1024];
    let started = Instant::now();
    loop {
        match tokio::time::timeout(Duration::from_secs(5), slow.read(&mut buf)).await {
            Ok(Ok(0)) => break,
            Ok(Ok(n)) => total += n,
            other => panic!("the slow reader was cut off after {total} bytes: {other:?}"),
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    assert!(total > 1024 * 1024, "the whole file came: {total} bytes in {:?}", started.elapsed());
}
