//! One bundle per page: each URL gets its page's own HTML, the build's brotli and gzip copies are
//! sent as they are, and the policy allows every page's loader.

use std::path::Path;

use dialtone_server::{Config, Server};
use tempfile::TempDir;

async fn serve(dist: &Path) -> String {
    let server = Server::bind(&Config::for_tests(dist.to_owned())).await.expect("bind");
    let addr = server.local_addr().expect("addr");
    tokio::spawn(server.run(std::future::pending()));
    format!("http://{addr}")
}

fn dist(name: &str) -> TempDir {
    // A new folder on every run (an earlier run's files must not be served); the test holds it
    // while the server serves from it.
    let dir = tempfile::Builder::new().prefix(&format!("dialtone-pages-{name}-")).tempdir().expect("dist dir");
    for (file, page) in [("index.html", "call"), ("host.html", "host"), ("telephony.html", "telephony")] {
        let html = format!("<!doctype html><title>{page}</title><script type=\"module\">load('{page}')</script>");
        std::fs::write(dir.path().join(file), html).expect("page");
    }
    dir
}

async fn get(url: &str, accept_encoding: Option<&str>) -> reqwest::Response {
    // reqwest decodes nothing unless asked, so the body is what the server sent.
    let mut request = reqwest::Client::new().get(url);
    if let Some(encoding) = accept_encoding {
        request = request.header("accept-encoding", encoding);
    }
    request.send().await.expect("request")
}

#[tokio::test]
async fn each_url_gets_its_own_page() {
    let dir = dist("routes");
    let base = serve(dir.path()).await;
    let cases = [
        ("/", "call"),
        ("/some/deep/link", "call"),
        ("/?embed=1", "call"),
        ("/simplex/call/", "host"),
        ("/?mode=host", "host"),
        ("/telephony", "telephony"),
        ("/?mode=telephony", "telephony"),
    ];
    for (path, page) in cases {
        let response = get(&format!("{base}{path}"), None).await;
        assert_eq!(response.status(), 200, "{path}");
        let body = response.text().await.expect("text");
        assert!(body.contains(&format!("<title>{page}</title>")), "{path}: {body}");
    }
}

#[tokio::test]
async fn the_policy_allows_every_pages_loader_and_nothing_else_inline() {
    let dir = dist("csp");
    let base = serve(dir.path()).await;
    let response = get(&format!("{base}/"), None).await;
    let csp = response.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(csp.matches("'sha256-").count(), 3, "{csp}");
    let script_src = csp.split("script-src").nth(1).and_then(|rest| rest.split(';').next()).unwrap_or_default();
    assert!(script_src.contains("'self'") && !script_src.contains("unsafe-inline"), "{csp}");
}

#[tokio::test]
async fn precompressed_copies_are_sent_as_they_are() {
    let dir = dist("precompressed");
    let wasm = b"\0asm\x01\0\0\0 the module".to_vec();
    std::fs::write(dir.path().join("app-0123456789abcdef_bg.wasm"), &wasm).expect("wasm");
    // Marker bodies: the server must send these files, not compress the original itself.
    std::fs::write(dir.path().join("app-0123456789abcdef_bg.wasm.br"), b"brotli copy").expect("br");
    std::fs::write(dir.path().join("app-0123456789abcdef_bg.wasm.gz"), b"gzip copy").expect("gz");
    let base = serve(dir.path()).await;
    let url = format!("{base}/app-0123456789abcdef_bg.wasm");

    for (accept, encoding, body) in [
        (Some("gzip, deflate, br"), Some("br"), &b"brotli copy"[..]),
        (Some("gzip"), Some("gzip"), &b"gzip copy"[..]),
        (None, None, &wasm[..]),
    ] {
        let response = get(&url, accept).await;
        assert_eq!(response.status(), 200, "{accept:?}");
        let headers = response.headers().clone();
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert_eq!(header("content-encoding").as_deref(), encoding, "{accept:?}");
        assert_eq!(header("content-type").as_deref(), Some("application/wasm"), "{accept:?}");
        assert!(header("cache-control").is_some_and(|v| v.contains("immutable")), "{accept:?}");
        assert!(header("vary").is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")), "{accept:?}");
        assert_eq!(&response.bytes().await.expect("body")[..], body, "{accept:?}");
    }
}

#[tokio::test]
async fn a_page_is_sent_precompressed_too() {
    let dir = dist("page-br");
    std::fs::write(dir.path().join("host.html.br"), b"brotli host page").expect("br");
    let base = serve(dir.path()).await;
    let response = get(&format!("{base}/simplex/call/"), Some("br")).await;
    assert_eq!(response.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("br"));
    assert_eq!(&response.bytes().await.expect("body")[..], b"brotli host page");
}
