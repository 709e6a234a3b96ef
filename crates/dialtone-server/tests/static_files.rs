//! The server serves the built app: the right MIME type for wasm, compression, and the page as
//! the fallback for deep links.

mod common;

use std::path::Path;

use dialtone_server::{Config, Server};

async fn serve(dist: &Path) -> String {
    let server = Server::bind(&Config::for_tests(dist.to_owned())).await.expect("bind");
    let addr = server.local_addr().expect("addr");
    tokio::spawn(server.run(std::future::pending()));
    format!("http://{addr}")
}

/// One folder per test (tests run in parallel and must not rewrite each other's files), removed
/// when the test drops it: hold it while the server serves from it.
fn dist_with_files() -> common::Scratch {
    let dir = common::scratch_dir();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Dialtone</title>").expect("index");
    // Compressible content: a wasm module header followed by many zero bytes.
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.resize(64 * 1024, 0);
    std::fs::write(dir.join("app_bg.wasm"), wasm).expect("wasm");
    dir
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm_and_compressed() {
    let dist = dist_with_files();
    let base = serve(&dist).await;
    let client = reqwest::Client::new();
    let response = client
        .get(format!("{base}/app_bg.wasm"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/wasm"));
    assert_eq!(headers.get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    let body = response.bytes().await.expect("body");
    assert!(body.len() < 8 * 1024, "compressed: {} bytes", body.len());
}

#[tokio::test]
async fn unknown_paths_fall_back_to_the_app_page() {
    let dist = dist_with_files();
    let base = serve(&dist).await;
    let response = reqwest::get(format!("{base}/some/deep/link")).await.expect("request");
    assert_eq!(response.status(), 200);
    assert!(response.text().await.expect("text").contains("<title>Dialtone</title>"));
}

#[tokio::test]
async fn healthz_answers_ok() {
    let dist = dist_with_files();
    let base = serve(&dist).await;
    let response = reqwest::get(format!("{base}/healthz")).await.expect("request");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn only_allowed_origins_may_frame_the_app_and_the_widget_learns_them() {
    let dist = dist_with_files();
    let mut config = Config::for_tests(dist.to_path_buf());
    config.embed_origins = vec!["https://shop.example".into()];
    let server = Server::bind(&config).await.expect("bind");
    let base = format!("http://{}", server.local_addr().expect("addr"));
    tokio::spawn(server.run(std::future::pending()));
    let page = reqwest::get(format!("{base}/")).await.expect("page");
    let csp = page.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(csp.ends_with("frame-ancestors 'self' https://shop.example"), "{csp}");
    // The operator's pages are not for embedding: a framing site could click their controls.
    std::fs::write(dist.join("telephony.html"), "<!doctype html><title>Telephony</title>").expect("telephony page");
    std::fs::write(dist.join("host.html"), "<!doctype html><title>Host</title>").expect("host page");
    for path in ["/telephony", "/?mode=telephony", "/simplex/call/"] {
        let page = reqwest::get(format!("{base}{path}")).await.expect("page");
        assert_eq!(page.status(), 200, "{path}");
        let csp = page.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(csp.ends_with("frame-ancestors 'self'"), "{path}: {csp}");
    }
    let config: serde_json::Value = reqwest::get(format!("{base}/api/embed-config"))
        .await
        .expect("config")
        .json()
        .await
        .expect("json");
    assert_eq!(config, serde_json::json!({ "origins": ["https://shop.example"] }));
}

#[tokio::test]
async fn a_bad_embed_origin_is_refused_at_start_up() {
    let dist = dist_with_files();
    let mut config = Config::for_tests(dist.to_path_buf());
    config.embed_origins = vec!["https://a.example; script-src *".into()];
    assert!(Server::bind(&config).await.is_err());
}

#[tokio::test]
async fn embed_js_is_served_with_caching_headers() {
    let dist = dist_with_files();
    std::fs::create_dir_all(dist.join("public")).expect("public");
    std::fs::write(dist.join("public").join("embed.js"), "/* loader */").expect("embed.js");
    let base = serve(&dist).await;
    let response = reqwest::get(format!("{base}/embed.js")).await.expect("embed.js");
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert!(headers.get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|t| t.contains("javascript")));
    assert!(headers.get("cache-control").and_then(|v| v.to_str().ok()).is_some_and(|c| c.contains("max-age=600")));
    assert!(headers.get("last-modified").is_some() || headers.get("etag").is_some());
}

#[tokio::test]
async fn a_missing_file_is_a_404_not_the_app_page() {
    let dist = dist_with_files();
    let base = serve(&dist).await;
    for path in ["/favicon.ico", "/dialtone-0123456789abcdef.js", "/public/missing.js"] {
        let response = reqwest::get(format!("{base}{path}")).await.expect("request");
        assert_eq!(response.status(), 404, "{path}");
        assert!(!response.text().await.expect("text").contains("<title>"), "{path} is not the page");
    }
    // Paths that name no file are the app (deep links).
    let page = reqwest::get(format!("{base}/telephony")).await.expect("request");
    assert_eq!(page.status(), 200);
}

#[tokio::test]
async fn content_hashed_files_are_immutable_and_the_page_is_revalidated() {
    let dist = dist_with_files();
    std::fs::write(dist.join("dialtone-fa8af72ed0ac9bee_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    std::fs::write(dist.join("main-5844a4d082c22bec.css"), "body{}").expect("css");
    let base = serve(&dist).await;
    let cache = |response: &reqwest::Response| {
        response.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    };
    for path in ["/dialtone-fa8af72ed0ac9bee_bg.wasm", "/main-5844a4d082c22bec.css"] {
        let response = reqwest::get(format!("{base}{path}")).await.expect("request");
        assert_eq!(response.status(), 200);
        assert_eq!(cache(&response), "public, max-age=31536000, immutable", "{path}");
    }
    // A deep link shaped like a hashed name is still the page, not a file kept for a year.
    for path in ["/", "/index.html", "/app_bg.wasm", "/some/deep/link", "/room-0123456789abcdef"] {
        let response = reqwest::get(format!("{base}{path}")).await.expect("request");
        assert_eq!(cache(&response), "no-cache", "{path}");
    }
}

#[tokio::test]
async fn the_web_app_manifest_is_served_as_manifest_json_and_the_policy_lets_the_page_load_it() {
    let dist = dist_with_files();
    std::fs::create_dir_all(dist.join("public")).expect("public dir");
    let manifest = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/manifest.webmanifest")).expect("the repo's manifest");
    std::fs::write(dist.join("public/manifest.webmanifest"), &manifest).expect("manifest");
    let base = serve(&dist).await;
    let response = reqwest::get(format!("{base}/public/manifest.webmanifest")).await.expect("request");
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/manifest+json"));
    // No manifest-src of its own: default-src 'self' covers a same-origin manifest.
    let csp = headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(!csp.contains("manifest-src"), "{csp}");
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!((body["start_url"].as_str(), body["display"].as_str()), (Some("/"), Some("standalone")));
    let icons = body["icons"].as_array().expect("icons");
    for (size, purpose) in [("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")] {
        let icon = icons.iter().find(|i| i["sizes"] == size && i["purpose"] == purpose).expect("icon listed");
        let file = icon["src"].as_str().expect("src").trim_start_matches('/');
        let png = std::fs::read(format!("{}/../../{file}", env!("CARGO_MANIFEST_DIR"))).expect("icon file in the repo");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{file} is a PNG");
        let (width, height) = (u32::from_be_bytes(png[16..20].try_into().unwrap()), u32::from_be_bytes(png[20..24].try_into().unwrap()));
        assert_eq!(format!("{width}x{height}"), size, "{file}");
        assert!(png.len() < 32 * 1024, "{file} stays small: {} bytes", png.len());
    }
}

#[tokio::test]
async fn dotfiles_in_the_served_folder_are_never_served_plain_or_encoded() {
    let dist = dist_with_files();
    std::fs::write(dist.join(".env"), "SECRET=1").expect("env");
    std::fs::create_dir_all(dist.join(".git")).expect("git dir");
    std::fs::write(dist.join(".git").join("config"), "[remote]").expect("git config");
    std::fs::create_dir_all(dist.join(".well-known")).expect("well-known");
    std::fs::write(dist.join(".well-known").join("security.txt"), "Contact: x").expect("security.txt");
    let base = serve(&dist).await;
    std::fs::create_dir_all(dist.join("public")).expect("public dir");
    std::fs::write(dist.join("public").join(".env"), "SECRET=2").expect("nested env");
    for path in ["/.env", "/%2eenv", "/%2Eenv", "/.git/config", "/%2egit/config", "/.git/", "/public%2F.env", "/public/%2E.env", "/public%5C.env"] {
        let response = reqwest::get(format!("{base}{path}")).await.expect("request");
        assert_eq!(response.status(), 404, "{path}");
        let body = response.text().await.expect("text");
        assert!(!body.contains("SECRET") && !body.contains("[remote]"), "{path}: {body}");
    }
    let known = reqwest::get(format!("{base}/.well-known/security.txt")).await.expect("request");
    assert_eq!(known.status(), 200, "RFC 8615's folder is served");
}
