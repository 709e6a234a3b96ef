//! What a client cannot make the sink write: silence past a short gap or past the audio it sent,
//! a call longer than its bound, more calls or bytes than the folder's quota, over an older file.

use super::*;

#[tokio::test]
async fn a_seq_jump_of_2_pow_31_is_a_discontinuity_not_silence() {
    let dir = sink_dir();
    let server = sink_server(&dir).await;
    let jump = 1u32 << 31;
    stream(&server, "jump", [0, 1, jump, jump + 1].map(tone_frame)).await;

    let wav = dir.join("jump.wav");
    assert_eq!(
        wav_lengths(&wav).2,
        44 + 4 * 1280,
        "four frames, no silence"
    );
    assert_eq!(
        hound::WavReader::open(&wav).expect("valid").duration(),
        4 * 320
    );
    let summary = summary(&server, "jump").await;
    assert_eq!(
        seqs(&summary),
        vec![0, 1, u64::from(jump), u64::from(jump) + 1]
    );
    assert_eq!(summary["unfilledGaps"], 1);
    assert_eq!(
        summary["discontinuities"],
        serde_json::json!([{ "afterSeq": 1, "seq": jump }])
    );
}

#[tokio::test]
async fn silence_for_gaps_stays_within_the_audio_received() {
    let dir = sink_dir();
    let server = sink_server(&dir).await;
    // The attack seen: every frame 10 s after the last made the sink write 10 s of silence.
    stream(&server, "gaps", (0..150).map(|i| tone_frame(i * 500))).await;

    let (_, _, len) = wav_lengths(&dir.join("gaps.wav"));
    let bound = 44 + (150 + 150 + 500) * 1280;
    assert!(
        len <= bound,
        "{len} bytes from 150 frames (at most {bound})"
    );
    assert_eq!(
        seqs(&summary(&server, "gaps").await).len(),
        150,
        "every frame is kept"
    );
}

#[tokio::test]
async fn a_call_past_its_length_bound_is_closed_and_its_wav_stays_valid() {
    let dir = sink_dir();
    let server = sink_server_with(&dir, |c| c.audio_sink_max_call_secs = 1).await;
    let (mut ws, _) = connect_async(format!("ws://{}/audio-sink/long", server.addr))
        .await
        .expect("connect");
    for seq in 0..80 {
        // The sink may close before the last ones.
        let _ = ws.send(Ws::binary(tone_frame(seq))).await;
    }
    assert_eq!(
        close_code(&mut ws, 5).await,
        Some(4413),
        "closed with CALL_TOO_LONG"
    );
    while ws.next().await.is_some() {}

    let wav = dir.join("long.wav");
    let (riff, data, len) = wav_lengths(&wav);
    assert_eq!(len, 44 + 50 * 1280, "one second of stereo");
    assert_eq!(
        (riff, data),
        (len - 8, len - 44),
        "the header's lengths match the file"
    );
    assert_eq!(
        hound::WavReader::open(&wav).expect("valid").duration(),
        50 * 320
    );
    let summary = summary(&server, "long").await;
    assert_eq!(summary["stopped"], "CALL_TOO_LONG");
    assert_eq!(seqs(&summary).len(), 50);
    assert_eq!(
        refusal(&server, "/audio-sink/long").await,
        (413, "CALL_TOO_LONG".into())
    );
}

#[tokio::test]
async fn the_folder_refuses_new_calls_past_its_call_count() {
    let dir = sink_dir();
    let server = sink_server_with(&dir, |c| c.audio_sink_max_calls = 2).await;
    stream(&server, "first", [tone_frame(0)]).await;
    stream(&server, "second", [tone_frame(0)]).await;

    assert_eq!(
        refusal(&server, "/audio-sink/third").await,
        (507, "SINK_FULL".into())
    );
    stream(&server, "first", [tone_frame(1)]).await;
    assert_eq!(
        seqs(&summary(&server, "first").await),
        vec![0, 1],
        "a running call goes on"
    );
    assert!(!dir.join("third.wav").exists());
}

#[tokio::test]
async fn the_folder_byte_quota_ends_the_running_call_refuses_new_ones_and_deletes_nothing() {
    let dir = sink_dir();
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("older.wav"), vec![7u8; 50_000]).expect("an older file");
    let server = sink_server_with(&dir, |c| c.audio_sink_max_bytes = 150_000).await;

    let (mut ws, _) = connect_async(format!("ws://{}/audio-sink/big", server.addr))
        .await
        .expect("connect");
    for seq in 0..200 {
        let _ = ws.send(Ws::binary(tone_frame(seq))).await;
    }
    assert_eq!(
        close_code(&mut ws, 5).await,
        Some(4507),
        "closed with SINK_FULL"
    );
    while ws.next().await.is_some() {}

    let (riff, data, len) = wav_lengths(&dir.join("big.wav"));
    assert!(len < 100_000, "the older file's bytes count: {len}");
    assert_eq!((riff, data), (len - 8, len - 44));
    assert_eq!(
        refusal(&server, "/audio-sink/new").await,
        (507, "SINK_FULL".into())
    );
    assert_eq!(
        std::fs::read(dir.join("older.wav")).expect("kept"),
        vec![7u8; 50_000]
    );
}

#[tokio::test]
async fn a_call_already_in_the_folder_is_not_overwritten() {
    let dir = sink_dir();
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("done.wav"), b"an earlier recording").expect("file");
    let server = sink_server(&dir).await;
    assert_eq!(
        refusal(&server, "/audio-sink/done").await,
        (409, "CALL_EXISTS".into())
    );
    assert_eq!(
        std::fs::read(dir.join("done.wav")).expect("kept"),
        b"an earlier recording"
    );
}
