//! The app's pages. Each page is its own bundle (docs/ARCHITECTURE.md, "One bundle per page"):
//! `index.html` is the call page and the widget, `host.html` the host-driven call page,
//! `telephony.html` the telephony page. A URL picks its page the way the app reads it; a build
//! without a page's file (one bundle for every page) serves `index.html` for it.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Call,
    Host,
    Telephony,
}

impl Page {
    pub const ALL: [Page; 3] = [Page::Call, Page::Host, Page::Telephony];

    /// The page a request's path and query ask for (as `host::requested` and
    /// `ui::telephony::requested` in the app decide).
    pub fn for_request(path: &str, query: Option<&str>) -> Page {
        let has = |pair: &str| query.unwrap_or_default().split('&').any(|p| p == pair);
        if path.contains("/simplex/call/") || has("mode=host") {
            Page::Host
        } else if path.trim_end_matches('/').ends_with("/telephony") || has("mode=telephony") {
            Page::Telephony
        } else {
            Page::Call
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Page::Call => "index.html",
            Page::Host => "host.html",
            Page::Telephony => "telephony.html",
        }
    }

    /// The file to serve for this page: its own, or `index.html` when the build has one bundle.
    pub fn file(self, dist: &Path) -> PathBuf {
        let own = dist.join(self.file_name());
        if own.is_file() { own } else { dist.join(Page::Call.file_name()) }
    }
}

/// `'sha256-…'` sources for the inline scripts (trunk's module loader) of the given pages, for a
/// Content-Security-Policy that allows exactly those scripts.
pub fn inline_script_sources(dist: &Path, pages: &[Page]) -> String {
    let mut sources = String::new();
    let mut seen = Vec::new();
    for page in pages {
        let file = page.file(dist);
        if seen.contains(&file) {
            continue;
        }
        let Ok(html) = std::fs::read_to_string(&file) else { continue };
        for body in inline_scripts(&html) {
            let digest = Sha256::digest(body.as_bytes());
            sources.push_str(&format!(" 'sha256-{}'", STANDARD.encode(digest)));
        }
        seen.push(file);
    }
    sources
}

/// The bodies of `<script>` elements without `src` (what a CSP hash must cover, byte for byte).
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(open_end) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + open_end];
        let body_start = start + open_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else { break };
        if !tag.contains(" src=") && !tag.contains("\tsrc=") {
            found.push(&rest[body_start..body_start + close]);
        }
        rest = &rest[body_start + close..];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{Page, inline_scripts};

    #[test]
    fn urls_pick_the_page_the_app_would() {
        let cases = [
            ("/", None, Page::Call),
            ("/some/deep/link", None, Page::Call),
            ("/", Some("embed=1&mode=embed"), Page::Call),
            ("/simplex/call/", None, Page::Host),
            ("/", Some("x=1&mode=host"), Page::Host),
            ("/", Some("mode=hostile"), Page::Call),
            ("/telephony", None, Page::Telephony),
            ("/telephony/", None, Page::Telephony),
            ("/", Some("mode=telephony"), Page::Telephony),
            ("/telephonyx", None, Page::Call),
        ];
        for (path, query, page) in cases {
            assert_eq!(Page::for_request(path, query), page, "{path} {query:?}");
        }
    }

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html = "<script type=\"module\">a()</script><script src=\"/x.js\"></script><script>b()</script>";
        assert_eq!(inline_scripts(html), vec!["a()", "b()"]);
    }

    #[test]
    fn a_build_with_one_bundle_serves_index_for_every_page() {
        let scratch = tempfile::tempdir().expect("a scratch folder");
        let dir = scratch.path();
        std::fs::write(dir.join("index.html"), "call").expect("index");
        assert_eq!(Page::Host.file(dir), dir.join("index.html"));
        std::fs::write(dir.join("host.html"), "host").expect("host");
        assert_eq!(Page::Host.file(dir), dir.join("host.html"));
        assert_eq!(Page::Telephony.file(dir), dir.join("index.html"));
    }
}
