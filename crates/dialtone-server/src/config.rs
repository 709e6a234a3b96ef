//! Command-line flags (each also readable from the environment).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Dialtone's signaling server: serves the built app and relays signaling over /ws.
// No `Debug`: `redis` may hold a password, and a `{:?}` of the config in a log line would print it.
#[derive(Clone, Parser)]
#[command(name = "dialtone-server", version)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "DIALTONE_LISTEN", default_value = "127.0.0.1:8081")]
    pub listen: SocketAddr,

    /// Folder of the built app (trunk's output).
    #[arg(long, env = "DIALTONE_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Log line format.
    #[arg(long, env = "DIALTONE_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,

    /// Frames queued for one slow client before it is disconnected.
    #[arg(long, env = "DIALTONE_SEND_QUEUE", default_value_t = 256)]
    pub send_queue: usize,

    /// Bytes queued for one client before it counts as slow (its connection is closed; it keeps
    /// its id for the resume grace).
    #[arg(long, env = "DIALTONE_SEND_QUEUE_BYTES", default_value_t = 1024 * 1024)]
    pub send_queue_bytes: usize,

    /// Seconds a write to a client may take; a client that does not read is closed after it.
    #[arg(long, env = "DIALTONE_WRITE_TIMEOUT_SECS", default_value_t = 10)]
    pub write_timeout_secs: u64,

    /// Bytes a second one client may make the server write (a room chat counts once per
    /// reader), and the burst it may save up.
    #[arg(long, env = "DIALTONE_FANOUT_BYTES_PER_SEC", default_value_t = 1024 * 1024)]
    pub fanout_bytes_per_sec: u32,
    #[arg(long, env = "DIALTONE_FANOUT_BURST_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub fanout_burst_bytes: u32,

    /// Room chat bytes a second per room, for everyone in it together, and the burst.
    #[arg(long, env = "DIALTONE_ROOM_CHAT_BYTES_PER_SEC", default_value_t = 256 * 1024)]
    pub room_chat_bytes_per_sec: u32,
    #[arg(long, env = "DIALTONE_ROOM_CHAT_BURST_BYTES", default_value_t = 512 * 1024)]
    pub room_chat_burst_bytes: u32,

    /// Chat history replayed to newcomers: bytes per room, and bytes over all rooms of a node.
    #[arg(long, env = "DIALTONE_CHAT_HISTORY_ROOM_BYTES", default_value_t = 256 * 1024)]
    pub chat_history_room_bytes: usize,
    #[arg(long, env = "DIALTONE_CHAT_HISTORY_TOTAL_BYTES", default_value_t = 64 * 1024 * 1024)]
    pub chat_history_total_bytes: usize,

    /// People one room holds (all nodes; those within their resume grace count). A client that
    /// connects to a full room is told ROOM_FULL and closed (1013); its page retries.
    #[arg(long, env = "DIALTONE_MAX_ROOM_PEOPLE", default_value_t = 1000)]
    pub max_room_people: usize,

    /// Seconds an empty room's chat history is kept.
    #[arg(long, env = "DIALTONE_ROOM_FORGET_SECS", default_value_t = 600)]
    pub room_forget_secs: u64,

    /// Connections open at once (lowered to leave 128 descriptors below the open-file limit,
    /// which the server raises to its hard limit at start).
    #[arg(long, env = "DIALTONE_MAX_CONNECTIONS", default_value_t = 50_000)]
    pub max_connections: usize,

    /// Connections open at once from one client address; 0 turns the cap off (behind a reverse
    /// proxy, where every client has the proxy's address).
    #[arg(long, env = "DIALTONE_MAX_CONNECTIONS_PER_IP", default_value_t = 256)]
    pub max_connections_per_ip: usize,

    /// Seconds a connection may take to send a request's head (and an idle keep-alive
    /// connection may stay open).
    #[arg(long, env = "DIALTONE_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    pub header_timeout_secs: u64,

    /// Host names (optionally `name:port`) this server answers to, comma-separated; any other
    /// Host header is refused (421), which stops DNS rebinding. Empty: the listen address,
    /// `localhost`, `127.0.0.1` and `[::1]`. Behind a reverse proxy, list the public name.
    #[arg(long, env = "DIALTONE_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,

    /// Seconds between keepalive pings; a client missing two pongs is disconnected.
    #[arg(long, env = "DIALTONE_PING_SECS", default_value_t = 20)]
    pub ping_secs: u64,

    /// Seconds a dropped client may take to reconnect with its resume token and keep its id
    /// (peers see no peer-left meanwhile). 0 turns resume off.
    #[arg(long, env = "DIALTONE_RESUME_GRACE_SECS", default_value_t = 30)]
    pub resume_grace_secs: u64,

    /// Origins whose pages may open a signaling socket (comma-separated). Empty: the server's own
    /// host and localhost.
    #[arg(long, env = "DIALTONE_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

    /// A file holding an access token that clients must present (`/ws?token=…`). The token can
    /// also come from DIALTONE_ACCESS_TOKEN; it is never logged.
    #[arg(long, env = "DIALTONE_ACCESS_TOKEN_FILE")]
    pub access_token_file: Option<PathBuf>,

    /// Messages a second one connection may send (token bucket), and the burst it may save up.
    #[arg(long, env = "DIALTONE_RATE_PER_SEC", default_value_t = 50)]
    pub rate_per_sec: u32,
    #[arg(long, env = "DIALTONE_RATE_BURST", default_value_t = 200)]
    pub rate_burst: u32,

    /// Bytes of text a second one connection may send, and the burst (at least one frame of
    /// 256 KiB). An offer with video is ~10 KB: no page comes near; past it a frame is refused
    /// before anything parses it.
    #[arg(long, env = "DIALTONE_CLIENT_BYTES_PER_SEC", default_value_t = 256 * 1024)]
    pub client_bytes_per_sec: u32,
    #[arg(long, env = "DIALTONE_CLIENT_BURST_BYTES", default_value_t = 1024 * 1024)]
    pub client_burst_bytes: u32,

    /// TURN servers handed to clients with time-limited credentials (comma-separated,
    /// e.g. `turn:turn.example:3478?transport=udp`). Needs the shared secret.
    #[arg(long, env = "DIALTONE_TURN_URLS", value_delimiter = ',')]
    pub turn_urls: Vec<String>,

    /// File holding the TURN shared secret (coturn's `static-auth-secret`); or DIALTONE_TURN_SECRET.
    #[arg(long, env = "DIALTONE_TURN_SECRET_FILE")]
    pub turn_secret_file: Option<PathBuf>,

    /// STUN servers handed to clients (comma-separated).
    #[arg(long, env = "DIALTONE_STUN_URLS", value_delimiter = ',')]
    pub stun_urls: Vec<String>,

    /// How long TURN credentials stay valid; clients refresh them before.
    #[arg(long, env = "DIALTONE_TURN_TTL_SECS", default_value_t = 3600)]
    pub turn_ttl_secs: u64,

    /// TURN without an access token: anyone who asks `/api/ice-servers` gets credentials for a
    /// relay the operator pays for (an Origin check does not stop a program). Without this, the
    /// server refuses to start that way.
    #[arg(long, env = "DIALTONE_OPEN_TURN")]
    pub open_turn: bool,

    /// Redis to share with other nodes (e.g. `redis://127.0.0.1:6379`): presence, relay and chat
    /// go through its pub/sub, so clients on different nodes call each other, and a client of a
    /// node that stops resumes on another. Without it this node serves alone. A password belongs
    /// in the environment (DIALTONE_REDIS), not on the command line; it is never logged.
    #[arg(long, env = "DIALTONE_REDIS")]
    pub redis: Option<String>,

    /// A lone node's memory across restarts: on a graceful stop (SIGTERM, Ctrl-C) it writes who
    /// was connected to this file (owner-only; it holds resume tokens) and the next start reads
    /// and deletes it, so clients get their ids back and calls carry on. Unused with --redis.
    #[arg(long, env = "DIALTONE_STATE_FILE")]
    pub state_file: Option<PathBuf>,

    /// Origins allowed to embed the call widget (comma-separated, e.g. https://shop.example).
    /// None by default: only Dialtone's own pages may frame the app.
    #[arg(long, env = "DIALTONE_EMBED_ORIGINS", value_delimiter = ',')]
    pub embed_origins: Vec<String>,

    /// Folder for the audio sink's recordings (`/audio-sink/<callId>`: a WAV and the received
    /// sequence numbers per call). Off when not set.
    #[arg(long, env = "DIALTONE_AUDIO_SINK_DIR")]
    pub audio_sink_dir: Option<PathBuf>,

    /// Lets `POST /audio-sink/<callId>/disconnect?refuseMs=N` close a stream (for tests).
    #[arg(long, env = "DIALTONE_AUDIO_SINK_TEST_CONTROLS")]
    pub audio_sink_test_controls: bool,

    /// The longest call the audio sink records, in seconds of audio (2 h of 16 kHz stereo PCM16 is
    /// 461 MB; at most 12 h, so a WAV stays under 4 GiB); past it the stream is closed (4413).
    #[arg(long, env = "DIALTONE_AUDIO_SINK_MAX_CALL_SECS", default_value_t = 7200)]
    pub audio_sink_max_call_secs: u64,

    /// Bytes the audio sink's folder may hold (files already there count); when full, new calls
    /// are refused (507) and running ones closed (4507). Nothing is ever deleted by the server.
    #[arg(long, env = "DIALTONE_AUDIO_SINK_MAX_BYTES", default_value_t = 8 << 30)]
    pub audio_sink_max_bytes: u64,

    /// Calls (a WAV and its sequence numbers) the audio sink's folder may hold; past it new calls
    /// are refused (507).
    #[arg(long, env = "DIALTONE_AUDIO_SINK_MAX_CALLS", default_value_t = 1000)]
    pub audio_sink_max_calls: usize,

    /// Seconds an audio sink socket may go without a frame (the first one included) before it is
    /// closed (4408) and its slot freed.
    #[arg(long, env = "DIALTONE_AUDIO_SINK_IDLE_SECS", default_value_t = 10)]
    pub audio_sink_idle_secs: u64,

    /// Turns on the MediaSFU proxy (/api/mediasfu/v1/…): a file holding `apiUserName:apiKey` on
    /// one line (or DIALTONE_MEDIASFU_CREDENTIALS). The key stays on the server; never logged.
    #[arg(long, env = "DIALTONE_MEDIASFU_KEY_FILE")]
    pub mediasfu_key_file: Option<PathBuf>,

    /// A file holding the token the MediaSFU proxy's callers must present (x-dialtone-token; or
    /// DIALTONE_MEDIASFU_PROXY_TOKEN). Not the access token: that one goes out in call links to
    /// everyone invited, and the proxy spends the operator's key and lists everyone's calls.
    /// Without it the proxy serves this machine only. Never logged.
    #[arg(long, env = "DIALTONE_MEDIASFU_PROXY_TOKEN_FILE")]
    pub mediasfu_proxy_token_file: Option<PathBuf>,

    /// The MediaSFU API the proxy forwards to (tests point it at a local double).
    #[arg(long, env = "DIALTONE_MEDIASFU_BASE_URL", default_value = "https://mediasfu.com")]
    pub mediasfu_base_url: String,
}

/// The most one person adds to a room's people list (see [`Config::room_people_cap`]).
const PEOPLE_LIST_BYTES_PER_PERSON: usize = 256;

impl Config {
    /// What the hub holds for its clients, at most.
    pub fn hub_limits(&self) -> crate::hub::HubLimits {
        crate::hub::HubLimits {
            queue: crate::hub::QueueLimits { frames: self.send_queue.max(1), bytes: self.send_queue_bytes.max(4096) },
            fanout_bytes_per_sec: self.fanout_bytes_per_sec,
            fanout_burst_bytes: self.fanout_burst_bytes,
            rooms: crate::hub::rooms::RoomLimits {
                history_frames: 100,
                history_bytes: self.chat_history_room_bytes,
                history_total_bytes: self.chat_history_total_bytes,
                chat_bytes_per_sec: self.room_chat_bytes_per_sec,
                chat_burst_bytes: self.room_chat_burst_bytes,
                forget_empty_after_ms: self.room_forget_secs.saturating_mul(1000),
                max_people: self.room_people_cap(),
                ..Default::default()
            },
        }
    }

    /// People one room may hold: `--max-room-people`, but never so many that the room's people
    /// list (≤ 256 bytes a person: a 10-character id, a 40-character name of 4-byte letters,
    /// the JSON around them) outgrows a client's outbox or the 1 MiB frame a page reads.
    pub fn room_people_cap(&self) -> usize {
        let list_bytes = self.send_queue_bytes.max(4096).min(dialtone_core::protocol::MAX_SERVER_FRAME_BYTES);
        self.max_room_people.clamp(1, list_bytes / PEOPLE_LIST_BYTES_PER_PERSON)
    }

    /// TURN settings when TURN URLs and a secret are configured.
    pub fn turn(&self) -> std::io::Result<Option<crate::turn::TurnConfig>> {
        let secret = match std::env::var("DIALTONE_TURN_SECRET") {
            Ok(secret) => Some(secret),
            Err(_) => match &self.turn_secret_file {
                Some(path) => Some(read_named(path, "--turn-secret-file")?),
                None => None,
            },
        }
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
        let stun_urls: Vec<String> = self.stun_urls.iter().filter(|u| !u.is_empty()).cloned().collect();
        let turn_urls: Vec<String> = self.turn_urls.iter().filter(|u| !u.is_empty()).cloned().collect();
        if !turn_urls.is_empty() && secret.is_none() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "--turn-urls needs the shared secret (--turn-secret-file or DIALTONE_TURN_SECRET)",
            ));
        }
        if !turn_urls.is_empty() && self.access_token()?.is_none() && !self.open_turn {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "--turn-urls without an access token hands TURN credentials (a relay you pay for) to anyone who asks \
                 /api/ice-servers: set --access-token-file, or add --open-turn if that is what you want",
            ));
        }
        Ok(Some(crate::turn::TurnConfig {
            secret: secret.unwrap_or_default(),
            turn_urls,
            stun_urls,
            ttl_secs: self.turn_ttl_secs.max(1),
        }))
    }

    /// The access token, from DIALTONE_ACCESS_TOKEN or the token file (trimmed).
    pub fn access_token(&self) -> std::io::Result<Option<String>> {
        secret("DIALTONE_ACCESS_TOKEN", self.access_token_file.as_deref(), "--access-token-file")
    }

    /// The MediaSFU proxy's own token (DIALTONE_MEDIASFU_PROXY_TOKEN, else the file), if any.
    pub fn mediasfu_proxy_token(&self) -> std::io::Result<Option<String>> {
        secret("DIALTONE_MEDIASFU_PROXY_TOKEN", self.mediasfu_proxy_token_file.as_deref(), "--mediasfu-proxy-token-file")
    }

    /// Defaults for tests and embedding: an ephemeral port on loopback.
    pub fn for_tests(dist: PathBuf) -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            dist,
            log_format: LogFormat::Text,
            send_queue: 256,
            send_queue_bytes: 1024 * 1024,
            write_timeout_secs: 10,
            fanout_bytes_per_sec: 1024 * 1024,
            fanout_burst_bytes: 4 * 1024 * 1024,
            room_chat_bytes_per_sec: 256 * 1024,
            room_chat_burst_bytes: 512 * 1024,
            chat_history_room_bytes: 256 * 1024,
            chat_history_total_bytes: 64 * 1024 * 1024,
            room_forget_secs: 600,
            max_room_people: 1000,
            max_connections: 50_000,
            max_connections_per_ip: 256,
            header_timeout_secs: 10,
            allowed_hosts: Vec::new(),
            ping_secs: 20,
            resume_grace_secs: 30,
            allowed_origins: Vec::new(),
            access_token_file: None,
            rate_per_sec: 50,
            rate_burst: 200,
            client_bytes_per_sec: 256 * 1024,
            client_burst_bytes: 1024 * 1024,
            turn_urls: Vec::new(),
            turn_secret_file: None,
            stun_urls: Vec::new(),
            turn_ttl_secs: 3600,
            open_turn: false,
            embed_origins: Vec::new(),
            audio_sink_dir: None,
            audio_sink_test_controls: false,
            audio_sink_max_call_secs: 7200,
            audio_sink_max_bytes: 8 << 30,
            audio_sink_max_calls: 1000,
            audio_sink_idle_secs: 10,
            redis: None,
            state_file: None,
            mediasfu_key_file: None,
            mediasfu_proxy_token_file: None,
            mediasfu_base_url: "https://mediasfu.com".to_owned(),
        }
    }
}

/// A secret from the environment variable `var`, else from the file named by `flag` (trimmed;
/// empty is none).
fn secret(var: &str, file: Option<&std::path::Path>, flag: &str) -> std::io::Result<Option<String>> {
    if let Ok(value) = std::env::var(var) {
        return Ok(Some(value.trim().to_owned()).filter(|v| !v.is_empty()));
    }
    match file {
        Some(path) => Ok(Some(read_named(path, flag)?.trim().to_owned()).filter(|v| !v.is_empty())),
        None => Ok(None),
    }
}

/// Reads a file the operator named with `option`; an error names the option and the file (a
/// bare "No such file or directory" at start-up says neither).
fn read_named(path: &std::path::Path, option: &str) -> std::io::Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot read {option} {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use dialtone_core::protocol::{Message, PeerListing, Profile};

    use super::*;

    #[test]
    fn a_room_never_holds_more_than_its_people_list_can_carry() {
        let mut config = Config::for_tests(PathBuf::new());
        assert_eq!(config.room_people_cap(), 1000);
        config.max_room_people = 100_000;
        assert_eq!(config.room_people_cap(), 4096, "the 1 MiB a page reads");
        config.send_queue_bytes = 64 * 1024;
        assert_eq!(config.room_people_cap(), 256, "a smaller outbox");
        config.max_room_people = 0;
        assert_eq!(config.room_people_cap(), 1);
    }

    #[test]
    fn a_person_adds_at_most_256_bytes_to_the_people_list() {
        // The longest name the server keeps (40 characters), each a 4-byte letter or a quote
        // JSON doubles, on a 10-character id, busy and not taking calls.
        for letter in ["𝔸", "\""] {
            let people: Vec<String> = (0..100).map(|n| format!("{n:010x}")).collect();
            let profile = Profile { name: Some(letter.repeat(40)), busy: Some(true), calls: Some(false) };
            let profiles = people.iter().map(|id| (id.clone(), profile.clone())).collect();
            let list = Message::PeerList(PeerListing { peers: people.clone(), profiles: Some(profiles) }).to_json();
            assert!(list.len() <= people.len() * PEOPLE_LIST_BYTES_PER_PERSON, "{} bytes for {}", list.len(), people.len());
        }
    }
}
