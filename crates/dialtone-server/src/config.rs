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
#[derive(Debug, Clone, Parser)]
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

    /// Origins allowed to embed the call widget (comma-separated, e.g. https://shop.example).
    /// None by default: only Dialtone's own pages may frame the app.
    #[arg(long, env = "DIALTONE_EMBED_ORIGINS", value_delimiter = ',')]
    pub embed_origins: Vec<String>,
}

impl Config {
    /// The access token, from DIALTONE_ACCESS_TOKEN or the token file (trimmed).
    pub fn access_token(&self) -> std::io::Result<Option<String>> {
        if let Ok(token) = std::env::var("DIALTONE_ACCESS_TOKEN") {
            return Ok(Some(token.trim().to_owned()).filter(|t| !t.is_empty()));
        }
        match &self.access_token_file {
            Some(path) => Ok(Some(std::fs::read_to_string(path)?.trim().to_owned()).filter(|t| !t.is_empty())),
            None => Ok(None),
        }
    }

    /// Defaults for tests and embedding: an ephemeral port on loopback.
    pub fn for_tests(dist: PathBuf) -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            dist,
            log_format: LogFormat::Text,
            send_queue: 256,
            ping_secs: 20,
            resume_grace_secs: 30,
            allowed_origins: Vec::new(),
            access_token_file: None,
            rate_per_sec: 50,
            rate_burst: 200,
            embed_origins: Vec::new(),
        }
    }
}
