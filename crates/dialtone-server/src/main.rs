use clap::Parser;
use dialtone_server::config::{Config, LogFormat};
use dialtone_server::Server;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // `dialtone-server host …`: the host-mode bridge, with its own arguments.
    if std::env::args().nth(1).as_deref() == Some("host") {
        return dialtone_server::host_bridge::main().await;
    }
    let config = Config::parse();
    let filter = dialtone_server::log_filter("info");
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match config.log_format {
        LogFormat::Json => logs.json().init(),
        LogFormat::Text => logs.init(),
    }
    let server = match Server::bind(&config).await {
        Ok(server) => server,
        Err(error) => {
            // The error says which step failed (the address, a file it names, Redis, an option).
            tracing::error!(%error, "cannot start");
            return std::process::ExitCode::FAILURE;
        }
    };
    match server.local_addr() {
        Ok(addr) => tracing::info!(%addr, dist = %config.dist.display(), "Dialtone is up: open http://{addr}/"),
        Err(error) => tracing::warn!(%error, "listening on an unknown address"),
    }
    if let Err(error) = server.run(shutdown_signal()).await {
        tracing::error!(%error, "server failed");
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
