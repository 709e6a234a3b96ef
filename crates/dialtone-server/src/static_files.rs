//! The built app's files. A path that names a file (it has an extension) is that file or a 404 —
//! never the app's page, so `/favicon.ico` or a stale script name cannot come back as HTML. Any
//! other path is the page it asks for (`crate::pages`), so deep links (`/telephony`,
//! `/simplex/call/`) work. Files are sent as the build's brotli or gzip copies when the browser
//! takes them (`scripts/precompress.cjs` writes them), never compressed per request. Files whose
//! names carry trunk's content hash never change: browsers may keep them a year without asking
//! again; everything else (the page itself, `public/`) is revalidated on each visit.

use std::convert::Infallible;
use std::path::Path;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::pages::Page;

#[derive(Clone)]
pub struct StaticFiles {
    dir: ServeDir,
    call_page: ServeFile,
    host_page: ServeFile,
    telephony_page: ServeFile,
    csp: HeaderValue,
    /// The telephony and host pages' policy: no other site frames them.
    unframed_csp: HeaderValue,
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

impl StaticFiles {
    pub fn new(dist: &Path, csp: HeaderValue, unframed_csp: HeaderValue) -> StaticFiles {
        let page = |page: Page| ServeFile::new(page.file(dist)).precompressed_br().precompressed_gzip();
        StaticFiles {
            dir: ServeDir::new(dist).precompressed_br().precompressed_gzip(),
            call_page: page(Page::Call),
            host_page: page(Page::Host),
            telephony_page: page(Page::Telephony),
            csp,
            unframed_csp,
        }
    }

    pub async fn serve(self, request: Request) -> Result<Response, Infallible> {
        let path = request.uri().path().to_owned();
        let names_a_file = path.rsplit('/').next().is_some_and(|last| last.contains('.'));
        let mut csp = &self.csp;
        let mut response = if is_hidden(&path) {
            (StatusCode::NOT_FOUND, "no such file").into_response()
        } else if names_a_file {
            match self.dir.oneshot(request).await {
                Ok(response) if response.status() == StatusCode::NOT_FOUND => {
                    (StatusCode::NOT_FOUND, "no such file").into_response()
                }
                Ok(response) => response.map(Body::new),
                Err(never) => match never {},
            }
        } else {
            let page_kind = Page::for_request(&path, request.uri().query());
            let page = match page_kind {
                Page::Call => self.call_page.clone(),
                Page::Host => self.host_page.clone(),
                Page::Telephony => self.telephony_page.clone(),
            };
            if matches!(page_kind, Page::Host | Page::Telephony) {
                csp = &self.unframed_csp;
            }
            match page.oneshot(request).await {
                Ok(response) => response.map(Body::new),
                Err(never) => match never {},
            }
        };
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
        // The body depends on Accept-Encoding (a brotli, gzip or plain copy): shared caches must
        // keep them apart.
        if !headers.contains_key(header::VARY) {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        // Only a file's name carries a hash: a deep link that looks like one
        // (`/room-0123456789abcdef`) is the page, and the page is revalidated on every visit.
        if names_a_file && response.status().is_success() && is_content_hashed(&path) {
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
        }
        Ok(response)
    }
}

/// A path with a segment that starts with a dot, plain or percent-encoded (`/.git/config`,
/// `/%2eenv`): never served. The build writes none, but a `--dist` folder an operator points
/// elsewhere may hold a `.git` or an `.env`. `/.well-known/` (RFC 8615) is the one exception.
/// Checked on the path as the file server reads it: percent-decoded first (`%2F` is a `/`
/// there, `%5C` a separator on Windows), then split on either separator.
pub fn is_hidden(path: &str) -> bool {
    // The same decoding tower-http's file server applies (its own dependency).
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    decoded
        .split(['/', '\\'])
        .enumerate()
        .any(|(n, segment)| segment.starts_with('.') && !(n == 1 && segment == ".well-known"))
}

/// `dialtone-fa8af72ed0ac9bee.js`, `dialtone-fa8af72ed0ac9bee_bg.wasm`, `main-5844a4d082c22bec.css`:
/// trunk's 16-hex-digit content hash at the end of the name.
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((base, hash)) => !base.is_empty() && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{is_content_hashed, is_hidden};

    #[test]
    fn hidden_paths_are_recognised_plain_or_encoded() {
        for path in ["/.git/config", "/.env", "/%2eenv", "/a/%2Egit/HEAD", "/.well-known/.x", "/a%2F.env", "/a/%2F.git%2Fconfig", "/a%5C.env", "/a/%2e%2E/.env"] {
            assert!(is_hidden(path), "{path}");
        }
        for path in ["/", "/index.html", "/dialtone-fa8af72ed0ac9bee.js", "/simplex/call/", "/a.b/c", "/.well-known/security.txt", "/%2ewell-known/security.txt", "/a%2Fb.js"] {
            assert!(!is_hidden(path), "{path}");
        }
    }

    #[test]
    fn trunk_hashed_names_are_recognised_and_nothing_else() {
        for hashed in ["/dialtone-fa8af72ed0ac9bee.js", "/dialtone-fa8af72ed0ac9bee_bg.wasm", "/main-5844a4d082c22bec.css"] {
            assert!(is_content_hashed(hashed), "{hashed}");
        }
        for plain in ["/index.html", "/", "/public/embed.js", "/public/worklets/level-meter.js", "/x-123.js", "/-fa8af72ed0ac9bee.js"] {
            assert!(!is_content_hashed(plain), "{plain}");
        }
    }
}
