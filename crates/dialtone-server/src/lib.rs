//! Dialtone's signaling server: serves the built app and relays signaling over `/ws`
//! (specs/signaling.md). One node with no external services is the default.

pub mod access;
pub mod app;
pub mod audio_sink;
pub mod cluster;
pub mod config;
pub mod connection;
pub mod embed_policy;
pub mod host_bridge;
pub mod host_policy;
pub mod hub;
pub mod hub_driver;
pub mod identity;
pub mod listener;
pub mod log_limit;
pub mod mediasfu_proxy;
pub mod pages;
pub mod static_files;
pub mod metrics;
pub mod turn;
pub mod write_stall;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;

pub use config::Config;
use hub_driver::HubDriver;

/// A server bound to its address, ready to run.
pub struct Server {
    listener: TcpListener,
    router: axum::Router,
    hub: Arc<HubDriver>,
    cluster: Option<cluster::ClusterLink>,
    /// Where a lone node saves its peers on a graceful stop.
    state_file: Option<std::path::PathBuf>,
    limits: listener::ListenLimits,
}

impl Server {
    pub async fn bind(config: &Config) -> std::io::Result<Server> {
        if !config.dist.join("index.html").is_file() {
            tracing::warn!(dist = %config.dist.display(), "no index.html in the dist folder: the app is not built (run scripts/run.sh)");
        }
        let embed = embed_policy::EmbedPolicy::new(&config.embed_origins)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("--embed-origins: {e}")))?;
        let access = access::AccessPolicy::new(config.allowed_origins.clone(), config.access_token()?);
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {}: {e}", config.listen)))?;
        if host_policy::HostPolicy::needs_configuring(&config.allowed_hosts, config.listen) {
            tracing::warn!(
                "listening on every interface but answering only to localhost names: set --allowed-hosts to the names clients use"
            );
        }
        if config.room_people_cap() < config.max_room_people {
            tracing::warn!(
                asked = config.max_room_people,
                used = config.room_people_cap(),
                "--max-room-people is more than a people list can carry to a page (256 bytes a person, within --send-queue-bytes and the 1 MiB a page reads)"
            );
        }
        let open_files = listener::raise_open_file_limit();
        let limits = listener::ListenLimits {
            max_connections: listener::connection_cap(config.max_connections, open_files),
            max_per_address: config.max_connections_per_ip,
            header_timeout: std::time::Duration::from_secs(config.header_timeout_secs.max(1)),
            write_stall: std::time::Duration::from_secs(config.write_timeout_secs.max(1)),
        };
        tracing::debug!(max_connections = limits.max_connections, ?open_files, "connection limits");
        // Resume graces and the room sweep run on the driver's one timer.
        let hub = HubDriver::start(
            config.hub_limits(),
            std::time::Duration::from_secs(config.resume_grace_secs),
            metrics::Metrics::new(),
        );
        let clustered = config.redis.as_deref().is_some_and(|u| !u.is_empty());
        let mut cluster = None;
        if let Some(url) = config.redis.as_deref().filter(|u| !u.is_empty()) {
            let link = cluster::join(url, hub.clone(), hub.resume_grace())
                .await
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::ConnectionRefused, e))?;
            cluster = Some(link);
        }
        let state_file = config.state_file.clone().filter(|_| !clustered);
        if let Some(path) = &state_file {
            match hub_driver::state_file::take_state_file(path) {
                Ok(Some(snapshot)) => hub.restore(snapshot),
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "the state file of the last run is unusable; starting afresh"),
            }
        }
        let turn = config.turn()?;
        let mediasfu = mediasfu_proxy::MediasfuProxy::from_config(config, config.mediasfu_proxy_token()?)?;
        let router = app::router(config, hub.clone(), cluster.clone(), embed, access, turn, mediasfu);
        Ok(Server {
            listener,
            router,
            hub,
            cluster,
            state_file,
            limits,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves; then closes every signaling socket and drains.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let hub = self.hub.clone();
        let shutdown = async move {
            shutdown.await;
            tracing::info!("shutting down: closing signaling sockets");
            hub.close_all();
        };
        // Requests in progress may finish for a few seconds; sockets were told to close.
        let drain = std::time::Duration::from_secs(5);
        let served = listener::serve(self.listener, self.router, self.limits, shutdown, drain).await;
        // Other nodes learn at once that this one is gone (its clients resume there).
        if let Some(link) = &self.cluster {
            link.withdraw().await;
        }
        if let Some(path) = &self.state_file {
            let snapshot = self.hub.snapshot();
            match hub_driver::state_file::write_state_file(path, &snapshot) {
                Ok(()) => tracing::info!(file = %path.display(), "saved the connected peers for the next start"),
                Err(error) => tracing::error!(file = %path.display(), %error, "cannot save the connected peers"),
            }
        }
        served
    }
}

/// What to log: `DIALTONE_LOG` (else `default`), except that libraries which log whole frames,
/// requests or commands at debug and trace (resume tokens, access tokens, the host's `aesKey`)
/// stay at info whatever it says. Both the server and the `host` bridge log through it.
pub fn log_filter(default: &str) -> tracing_subscriber::EnvFilter {
    let filter = tracing_subscriber::EnvFilter::try_from_env("DIALTONE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    ["tungstenite", "tokio_tungstenite", "hyper", "hyper_util", "h2", "reqwest", "redis", "rustls", "axum"]
        .into_iter()
        .fold(filter, |filter, target| match format!("{target}=info").parse() {
            Ok(directive) => filter.add_directive(directive),
            Err(_) => filter,
        })
}
