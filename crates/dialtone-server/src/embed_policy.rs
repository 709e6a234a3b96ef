//! Who may embed the call widget: `--embed-origins` becomes the page's
//! `Content-Security-Policy: frame-ancestors …` and the list of origins the widget accepts
//! commands from (served at `/api/embed-config`).

/// An origin as browsers write it: `scheme://host[:port]`, nothing else.
pub fn parse_origin(raw: &str) -> Result<String, String> {
    let origin = raw.trim().trim_end_matches('/');
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(|| format!("embed origin `{raw}` must start with http:// or https://"))?;
    let valid_host = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !valid_host {
        return Err(format!("embed origin `{raw}` must be scheme://host[:port] with no path, query or wildcard"));
    }
    Ok(origin.to_ascii_lowercase())
}

#[derive(Debug, Clone, Default)]
pub struct EmbedPolicy {
    origins: Vec<String>,
}

impl EmbedPolicy {
    pub fn new(raw: &[String]) -> Result<EmbedPolicy, String> {
        let mut origins = Vec::new();
        for entry in raw.iter().filter(|e| !e.trim().is_empty()) {
            let origin = parse_origin(entry)?;
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        Ok(EmbedPolicy { origins })
    }

    pub fn origins(&self) -> &[String] {
        &self.origins
    }

    /// The CSP that lets only our own pages and the allowed origins frame the app.
    pub fn content_security_policy(&self) -> String {
        let mut policy = String::from("frame-ancestors 'self'");
        for origin in &self.origins {
            policy.push(' ');
            policy.push_str(origin);
        }
        policy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised_and_checked() {
        assert_eq!(parse_origin("https://Shop.Example.com/"), Ok("https://shop.example.com".into()));
        assert_eq!(parse_origin("http://127.0.0.1:9000"), Ok("http://127.0.0.1:9000".into()));
        assert!(parse_origin("shop.example.com").is_err());
        assert!(parse_origin("https://shop.example.com/path").is_err());
        assert!(parse_origin("https://*.example.com").is_err());
        assert!(parse_origin("https://a.com; script-src *").is_err(), "no CSP injection");
    }

    #[test]
    fn the_policy_lists_self_and_the_allowed_origins() {
        let policy = EmbedPolicy::new(&["https://a.example".into(), "https://a.example/".into(), "".into()]);
        assert_eq!(
            policy.map(|p| p.content_security_policy()),
            Ok("frame-ancestors 'self' https://a.example".into())
        );
        assert_eq!(EmbedPolicy::default().content_security_policy(), "frame-ancestors 'self'");
    }
}
