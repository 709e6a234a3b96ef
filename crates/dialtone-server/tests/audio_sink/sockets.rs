//! The sink's sockets and `/seqs`: an idle socket is closed and frees its slot, the numbers
//! follow the Origin and token rules, and a stalled disk stalls nothing but its own call.

use super::*;

#[tokio::test]
async fn idle_sockets_are_closed_and_their_slots_serve_a_real_stream() {
    let dir = sink_dir();
    let server = sink_server_with(&dir, |c| c.audio_sink_idle_secs = 1).await;
    // 64 sockets from four addresses (16 each, the most one address may hold).
    let mut idle = Vec::new();
    for n in 0..64u8 {
        let from = [127, 0, 0, 2 + n / 16];
        idle.push(connect_from(from, &server, &format!("/audio-sink/idle-{n}")).await.expect("a free slot"));
    }
    assert_eq!(
        refusal(&server, "/audio-sink/real").await,
        (503, "SINK_BUSY".into())
    );

    for ws in &mut idle {
        assert_eq!(
            close_code(ws, 5).await,
            Some(4408),
            "closed for sending nothing"
        );
    }
    let served = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match connect_async(format!("ws://{}/audio-sink/real", server.addr)).await {
                Ok((ws, _)) => return ws,
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    })
    .await;
    let mut ws = served.expect("a slot is free again");
    ws.send(Ws::binary(tone_frame(0))).await.expect("send");
    ws.close(None).await.expect("close");
    while ws.next().await.is_some() {}
    assert_eq!(seqs(&summary(&server, "real").await), vec![0]);
}

#[tokio::test]
async fn one_address_holds_at_most_16_sockets_and_others_still_get_theirs() {
    let dir = sink_dir();
    let server = sink_server(&dir).await;
    let mut held = Vec::new();
    for n in 0..16 {
        held.push(connect_from([127, 0, 0, 2], &server, &format!("/audio-sink/mine-{n}")).await.expect("within its share"));
    }
    assert_eq!(refusal_from([127, 0, 0, 2], &server, "/audio-sink/mine-16").await, (503, "SINK_BUSY".into()));
    // Another address streams as usual.
    let mut ws = connect_from([127, 0, 0, 3], &server, "/audio-sink/theirs").await.expect("another address");
    ws.send(Ws::binary(tone_frame(0))).await.expect("send");
    ws.close(None).await.expect("close");
    while ws.next().await.is_some() {}
    assert_eq!(seqs(&summary(&server, "theirs").await), vec![0]);
    // One of the first address's sockets ends: its place comes back to it.
    let mut first = held.remove(0);
    first.close(None).await.expect("close");
    while first.next().await.is_some() {}
    let back = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match connect_from([127, 0, 0, 2], &server, "/audio-sink/mine-again").await {
                Ok(ws) => return ws,
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    })
    .await;
    assert!(back.is_ok(), "a place given back is the address's again");
}

#[tokio::test]
async fn a_socket_that_keeps_sending_frames_is_not_idle() {
    let dir = sink_dir();
    let server = sink_server_with(&dir, |c| c.audio_sink_idle_secs = 1).await;
    let (mut ws, _) = connect_async(format!("ws://{}/audio-sink/slow", server.addr))
        .await
        .expect("connect");
    for seq in 0..6 {
        ws.send(Ws::binary(tone_frame(seq)))
            .await
            .expect("still open");
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    ws.close(None).await.expect("close");
    while ws.next().await.is_some() {}
    assert_eq!(
        seqs(&summary(&server, "slow").await),
        (0..6).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_flood_of_pings_is_closed_and_a_few_with_the_audio_are_not() {
    let dir = sink_dir();
    let server = sink_server(&dir).await;
    // A stream that pings now and then (as a client's keepalive would) is recorded whole.
    let (mut ws, _) = connect_async(format!("ws://{}/audio-sink/pinged", server.addr)).await.expect("connect");
    for seq in 0..10 {
        ws.send(Ws::binary(tone_frame(seq))).await.expect("frame");
        ws.send(Ws::Ping(Vec::new().into())).await.expect("ping");
    }
    ws.close(None).await.expect("close");
    while ws.next().await.is_some() {}
    assert_eq!(seqs(&summary(&server, "pinged").await), (0..10).collect::<Vec<_>>());

    // Pings as fast as the socket takes them: each makes the sink write a pong. Closed 1008.
    let (mut ws, _) = connect_async(format!("ws://{}/audio-sink/pinger", server.addr)).await.expect("connect");
    ws.send(Ws::binary(tone_frame(0))).await.expect("frame");
    let flood = async {
        for _ in 0..200 {
            if ws.send(Ws::Ping(Vec::new().into())).await.is_err() {
                break;
            }
        }
        let mut code = None;
        while let Some(Ok(message)) = ws.next().await {
            if let Ws::Close(Some(frame)) = message {
                code = Some(u16::from(frame.code));
            }
        }
        code
    };
    let code = tokio::time::timeout(Duration::from_secs(5), flood).await.expect("the sink ends the flood");
    assert_eq!(code, Some(1008), "closed for its pings, as a policy");
    assert_eq!(seqs(&summary(&server, "pinger").await), vec![0], "what it sent before stays recorded");
}

#[tokio::test]
async fn seqs_follows_the_origin_and_token_rules_of_the_socket() {
    let dir = sink_dir();
    let secrets = common::scratch_dir();
    let file = secrets.join("token");
    std::fs::write(&file, "s3cret\n").expect("token file");
    let server = sink_server_with(&dir, |c| c.access_token_file = Some(file.clone())).await;
    assert_eq!(
        refusal(&server, "/audio-sink/secret").await,
        (401, "NOT_ALLOWED".into())
    );
    stream_to(&server, "/audio-sink/secret?token=s3cret", [tone_frame(0)]).await;

    let http = reqwest::Client::new();
    let get = |query: &str, origin: Option<&str>| {
        let mut request = http.get(format!(
            "http://{}/audio-sink/secret/seqs{query}",
            server.addr
        ));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        async move { request.send().await.expect("response").status().as_u16() }
    };
    assert_eq!(get("", None).await, 401, "no token");
    assert_eq!(get("?token=wrong", None).await, 401, "a wrong token");
    assert_eq!(
        get("?token=s3cret", Some("http://evil.example")).await,
        403,
        "a foreign page"
    );
    assert_eq!(get("?token=s3cret", None).await, 200);
}

/// A disk that hangs: the call's sidecar is a FIFO that nobody reads for `STALL`. Signaling,
/// other calls and `/seqs` go on; the stalled call's frames wait in its queue and reach the files.
#[tokio::test]
async fn a_stalled_sidecar_write_does_not_stall_the_server() {
    const STALL: Duration = Duration::from_secs(4);
    let dir = sink_dir();
    let server = sink_server(&dir).await;
    let fifo = dir.join("stalled.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let last_sidecar = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    {
        let (fifo, last_sidecar) = (fifo.clone(), last_sidecar.clone());
        std::thread::spawn(move || {
            std::thread::sleep(STALL);
            // Serves every later write until the test process ends.
            loop {
                let mut json = Vec::new();
                if let Ok(mut file) = std::fs::File::open(&fifo) {
                    let _ = std::io::Read::read_to_end(&mut file, &mut json);
                    *last_sidecar.lock().expect("lock") = json;
                }
            }
        });
    }
    let started = tokio::time::Instant::now();

    let (mut ws, _) = connect_async(format!("ws://{}/audio-sink/stalled", server.addr))
        .await
        .expect("connect");
    let sender = async {
        // 5 s of real-time frames: the first sidecar (after 1 s) stalls the call's writer.
        for seq in 0..250 {
            ws.send(Ws::binary(mono_frame(seq))).await.expect("send");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    let health = reqwest::Client::new();
    // Every 100 ms a /healthz; the longest wait between two of them is how long the server (and
    // this test, on the same runtime) stood still.
    let prober = async {
        let mut longest = Duration::ZERO;
        let mut last = tokio::time::Instant::now();
        while started.elapsed() < STALL + Duration::from_millis(500) {
            let status = health
                .get(format!("http://{}/healthz", server.addr))
                .send()
                .await
                .expect("healthz")
                .status();
            assert!(status.is_success());
            longest = longest.max(last.elapsed());
            last = tokio::time::Instant::now();
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        longest
    };
    let other_call = async {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let asked = tokio::time::Instant::now();
        stream(&server, "meanwhile", (0..5).map(tone_frame)).await;
        assert_eq!(seqs(&summary(&server, "meanwhile").await).len(), 5);
        assert!(!seqs(&summary(&server, "stalled").await).is_empty());
        asked.elapsed()
    };
    let ((), longest, other_call) = tokio::join!(sender, prober, other_call);
    assert!(
        longest < Duration::from_millis(1500),
        "the server stood still for {longest:?}"
    );
    assert!(
        other_call < Duration::from_millis(1500),
        "another call and /seqs took {other_call:?}"
    );

    ws.close(None).await.expect("close");
    while ws.next().await.is_some() {}
    // The reader thread may still be storing what it read.
    let mut sidecar = serde_json::Value::Null;
    for _ in 0..40 {
        sidecar = serde_json::from_slice(&last_sidecar.lock().expect("lock")).unwrap_or_default();
        if seqs(&sidecar).len() == 250 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        seqs(&sidecar),
        (0..250).collect::<Vec<_>>(),
        "the final sidecar"
    );
    let wav = hound::WavReader::open(dir.join("stalled.wav")).expect("valid");
    assert_eq!(wav.duration(), 250 * 320, "every frame reached the file");
}
