//! A real redis-server for the cluster tests (Debian's `redis-server`, which
//! scripts/tools.sh --test installs), on a free loopback port, stopped when dropped; and server
//! nodes that each run on their own runtime, so a test can kill one outright as a crash would.

use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dialtone_server::{Config, Server};

use super::TestServer;

pub struct Redis {
    pub url: String,
    child: Child,
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

pub fn start_redis() -> Redis {
    let port = free_port();
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("redis-server is installed (scripts/tools.sh --test installs Debian's redis-server)");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not start on port {port}");
        std::thread::sleep(Duration::from_millis(20));
    }
    Redis { url: format!("redis://127.0.0.1:{port}"), child }
}

/// A server node on its own runtime and thread: `kill` ends it at once, sockets and all, with
/// no close frames and no goodbye to Redis, as a crashed process does.
pub struct Node {
    pub server: TestServer,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Node {
    pub fn start(redis: &Redis, configure: impl FnOnce(&mut Config)) -> Node {
        let mut config = Config::for_tests(std::env::temp_dir().join("dialtone-test-dist-missing"));
        config.redis = Some(redis.url.clone());
        configure(&mut config);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        // Built and entered on a plain thread: a runtime cannot be started from inside the test's.
        let (runtime, addr) = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .expect("runtime");
            let addr: SocketAddr = runtime.block_on(async {
                let server = Server::bind(&config).await.expect("bind a clustered node");
                let addr = server.local_addr().expect("addr");
                tokio::spawn(server.run(async move {
                    let _ = stopped.await;
                }));
                addr
            });
            (runtime, addr)
        })
        .join()
        .expect("node start-up");
        Node { server: TestServer { addr, _stop: stop }, runtime: Some(runtime) }
    }

    /// Stops the node as SIGTERM does: close frames to its clients, goodbye to the cluster.
    pub fn stop_gracefully(&mut self) {
        let (unused, _) = tokio::sync::oneshot::channel();
        drop(std::mem::replace(&mut self.server._stop, unused));
    }

    pub fn kill(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}
