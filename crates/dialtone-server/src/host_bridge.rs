//! `dialtone-server host`: a minimal host bridge for host mode (specs/host-protocol.md §1, §8).
//!
//! It serves the built app on `127.0.0.1` (the page at `/simplex/call/`, assets by absolute
//! path), admits exactly one page socket on any path, and relays: each JSON line on stdin is one
//! text frame to the page, each frame from the page is one JSON line on stdout. Any local program
//! can so drive a call without speaking WebSocket. It prints the page URL on stderr as one line
//! starting with [`URL_LINE_PREFIX`], before anything else it prints there on purpose; stdout
//! carries page messages only. The bridge ends when the page socket closes (the call is over,
//! §7) or, after relaying what was queued, when stdin ends.
//!
//! Security beyond the reference host (§8): loopback only, `Host` checked on every request,
//! exact `Origin` and a one-time 128-bit token (in the URL fragment) on the upgrade, 64 KiB
//! frames and lines, a restrictive CSP and `Referrer-Policy: no-referrer`, and the server's
//! bounded accept loop ([`BRIDGE_LIMITS`]: connections, request-head size and time, stalled
//! writes).

mod guard;
mod relay;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::ws::WebSocket;
use axum::extract::{FromRequestParts, Request, State, WebSocketUpgrade};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use clap::Parser;
use tokio::io::{AsyncBufRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use dialtone_core::host::MAX_HOST_FRAME_BYTES;
pub use guard::{Guard, Refusal};
pub use relay::{CLOSE_TOO_BIG, TO_PAGE_QUEUE};

/// The stderr line that carries the page URL: `dialtone-host-url: http://127.0.0.1:…`.
pub const URL_LINE_PREFIX: &str = "dialtone-host-url: ";

/// The bridge's listener: a browser opens at most six connections to one host, plus the page
/// socket; 32 leave room for a reload while old connections linger.
pub const BRIDGE_LIMITS: crate::listener::ListenLimits = crate::listener::ListenLimits {
    max_connections: 32,
    max_per_address: 0,
    header_timeout: std::time::Duration::from_secs(10),
    write_stall: std::time::Duration::from_secs(10),
};

/// `dialtone-server host [--port 50395] [--dist dist]`
#[derive(Debug, Clone, Parser)]
#[command(
    name = "dialtone-server host",
    about = "Serve the call page on 127.0.0.1 and relay its socket as JSON lines on stdin/stdout"
)]
pub struct HostArgs {
    /// Port on 127.0.0.1 (the reference host's is 50395; 0 picks a free one).
    #[arg(long, default_value_t = 50395)]
    pub port: u16,
    /// The built app (trunk's dist folder).
    #[arg(long, default_value = "dist", env = "DIALTONE_DIST")]
    pub dist: PathBuf,
}

pub struct HostBridge {
    listener: TcpListener,
    guard: Arc<Guard>,
    dist: PathBuf,
}

#[derive(Clone)]
struct BridgeState {
    guard: Arc<Guard>,
    dist: PathBuf,
    sockets: mpsc::Sender<WebSocket>,
}

impl HostBridge {
    /// Binds `127.0.0.1:port` (never another interface).
    pub async fn bind(args: &HostArgs) -> std::io::Result<HostBridge> {
        let listener =
            TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port))).await?;
        let port = listener.local_addr()?.port();
        Ok(HostBridge {
            listener,
            guard: Arc::new(Guard::new(port)),
            dist: args.dist.clone(),
        })
    }

    pub fn page_url(&self) -> String {
        self.guard.page_url()
    }

    /// Serves and relays until the page socket closes, or stdin ends and its lines were relayed.
    pub async fn run<R, W>(self, input: R, mut output: W) -> std::io::Result<()>
    where
        R: AsyncBufRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin,
    {
        let (to_page, from_host) = mpsc::channel(TO_PAGE_QUEUE);
        tokio::spawn(relay::read_host(input, to_page));
        let (sockets, mut admitted) = mpsc::channel(1);
        let page = crate::pages::Page::Host.file(&self.dist);
        if !page.is_file() {
            tracing::warn!(dist = %self.dist.display(), "no host page: the app is not built");
        }
        let inline_sources = crate::pages::inline_script_sources(&self.dist, &[crate::pages::Page::Host]);
        let state = BridgeState {
            guard: self.guard,
            dist: self.dist,
            sockets,
        };
        let router = Router::new()
            .fallback(any_request)
            .layer(SetResponseHeaderLayer::overriding(
                header::CONTENT_SECURITY_POLICY,
                guard::content_security_policy(&inline_sources),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache"),
            ))
            .with_state(state);
        let (done, finished) = tokio::sync::oneshot::channel::<()>();
        // The server's own bounded accept loop: a request head within 10 s and 32 KiB, a
        // response the reader stops taking cut after 10 s, and a cap on open connections (all
        // from loopback, so none per address), so no local client can pin the bridge.
        let server = tokio::spawn(crate::listener::serve(
            self.listener,
            router,
            BRIDGE_LIMITS,
            async move {
                let _ = finished.await;
            },
            std::time::Duration::ZERO,
        ));
        if let Some(socket) = admitted.recv().await {
            relay::run_socket(socket, from_host, &mut output).await;
        }
        let _ = done.send(());
        // Static file requests still in flight are not worth waiting for.
        server.abort();
        Ok(())
    }
}

#[derive(Debug, serde::Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

fn refused(refusal: Refusal) -> Response {
    static REFUSED: crate::log_limit::LogLimit = crate::log_limit::LogLimit::new();
    if let Some(refused) = REFUSED.event() {
        tracing::info!(code = refusal.code(), refused, "host bridge requests refused");
    }
    let body = serde_json::json!({ "code": refusal.code() });
    (StatusCode::FORBIDDEN, axum::Json(body)).into_response()
}

/// Every path: the page socket's upgrade, the page, or a static file.
async fn any_request(State(state): State<BridgeState>, request: Request) -> Response {
    // Owned copies: a borrowed request (its body is not `Sync`) must not live across an await.
    let (host, origin, upgrade) = {
        let header_text = |name| {
            request
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let upgrade =
            header_text(header::UPGRADE).is_some_and(|u| u.eq_ignore_ascii_case("websocket"));
        (
            header_text(header::HOST),
            header_text(header::ORIGIN),
            upgrade,
        )
    };
    if let Err(refusal) = state.guard.check_host(host.as_deref()) {
        return refused(refusal);
    }
    if upgrade {
        let token = axum::extract::Query::<TokenQuery>::try_from_uri(request.uri())
            .ok()
            .and_then(|q| q.0.token);
        if let Err(refusal) = state.guard.admit(origin.as_deref(), token.as_deref()) {
            return refused(refusal);
        }
        let (mut parts, _body) = request.into_parts();
        let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &state).await {
            Ok(upgrade) => upgrade,
            Err(rejection) => return rejection.into_response(),
        };
        let sockets = state.sockets.clone();
        return upgrade
            .max_message_size(MAX_HOST_FRAME_BYTES)
            .max_frame_size(MAX_HOST_FRAME_BYTES)
            .on_upgrade(move |socket| async move {
                let _ = sockets.send(socket).await;
            });
    }
    // The host page at its own path, and on any path with `mode=host` (§1.1).
    let uri = request.uri();
    let wants_page = uri.path().starts_with("/simplex/call")
        || crate::pages::Page::for_request(uri.path(), uri.query()) == crate::pages::Page::Host;
    if crate::static_files::is_hidden(uri.path()) {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    }
    let served = if wants_page {
        ServeFile::new(crate::pages::Page::Host.file(&state.dist))
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(request)
            .await
    } else {
        ServeDir::new(&state.dist).precompressed_br().precompressed_gzip().oneshot(request).await
    };
    match served {
        Ok(response) => response.into_response(),
        Err(error) => {
            tracing::warn!(%error, "static file not served");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The `host` subcommand: arguments after `host`, logs on stderr, stdin/stdout relayed.
pub async fn main() -> std::process::ExitCode {
    let args = HostArgs::parse_from(std::env::args_os().skip(1));
    // The page's frames carry the call's key (`aesKey`): libraries never trace them.
    let filter = crate::log_filter("warn");
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let bridge = match HostBridge::bind(&args).await {
        Ok(bridge) => bridge,
        Err(error) => {
            eprintln!(
                "dialtone-server host: cannot listen on 127.0.0.1:{}: {error}",
                args.port
            );
            return std::process::ExitCode::FAILURE;
        }
    };
    eprintln!("{URL_LINE_PREFIX}{}", bridge.page_url());
    let input = tokio::io::BufReader::new(tokio::io::stdin());
    let code = match bridge.run(input, tokio::io::stdout()).await {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("dialtone-server host: {error}");
            1
        }
    };
    // Exit now: tokio's stdin reader is a blocking read that would keep the runtime (and so the
    // process) alive until the host program writes another line. stdout was flushed per line.
    std::process::exit(code)
}
