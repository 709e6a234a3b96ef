//! The `permission` command's text for this browser (§7): the host sends one text for Chrome and
//! one for Safari; the page shows the one that matches how this browser asks for devices.

/// Which of the host's permission texts this browser's settings match.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PermissionBrowser {
    /// Safari (macOS and iOS): the `safari` text.
    Safari,
    /// Chromium-based browsers, and Firefox, whose site settings work the same way: `chrome`.
    ChromeLike,
    /// Anything else: neither text fits, none is shown (the title still is).
    #[default]
    Other,
}

impl PermissionBrowser {
    /// Read from `navigator.userAgent`. Every Chromium names Safari too. iOS browsers are
    /// Safari underneath, with Safari's settings, and their agents say so (`CriOS`, `FxiOS`,
    /// never `Chrome` or `Firefox`).
    pub fn from_user_agent(agent: &str) -> PermissionBrowser {
        let chromium = agent.contains("Chrome") || agent.contains("Chromium");
        if agent.contains("Safari") && !chromium {
            PermissionBrowser::Safari
        } else if chromium || agent.contains("Firefox") {
            PermissionBrowser::ChromeLike
        } else {
            PermissionBrowser::Other
        }
    }

    /// The text to show of the two the host sent.
    pub fn choose(self, chrome: String, safari: String) -> String {
        match self {
            PermissionBrowser::Safari => safari,
            PermissionBrowser::ChromeLike => chrome,
            PermissionBrowser::Other => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PermissionBrowser::{self, *};

    #[test]
    fn each_browser_reads_the_text_for_its_own_settings() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", ChromeLike),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", ChromeLike),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", ChromeLike),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", Safari),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", Safari),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", Safari),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/132.0 Mobile/15E148 Safari/605.1.15", Safari),
            ("SomeEmbeddedWebView/1.0", Other),
            ("", Other),
        ];
        for (agent, browser) in cases {
            assert_eq!(PermissionBrowser::from_user_agent(agent), browser, "{agent}");
        }
    }

    #[test]
    fn the_text_shown_is_the_one_for_this_browser_or_none() {
        let texts = || ("chrome text".to_owned(), "safari text".to_owned());
        let (c, s) = texts();
        assert_eq!(Safari.choose(c, s), "safari text");
        let (c, s) = texts();
        assert_eq!(ChromeLike.choose(c, s), "chrome text");
        let (c, s) = texts();
        assert_eq!(Other.choose(c, s), "");
    }
}
