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

    /// Origins allowed to embed the call widget (comma-separated, e.g. https://shop.example).
    /// None by default: only Dialtone's own pages may frame the app.
    #[arg(long, env = "DIALTONE_EMBED_ORIGINS", value_delimiter = ',')]
    pub embed_origins: Vec<String>,
}

impl Config {
    /// Defaults for tests and embedding: an ephemeral port on loopback.
    pub fn for_tests(dist: PathBuf) -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            dist,
            log_format: LogFormat::Text,
            send_queue: 256,
            ping_secs: 20,
            resume_grace_secs: 30,
            embed_origins: Vec::new(),
        }
    }
}
