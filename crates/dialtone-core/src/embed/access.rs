//! Which site may drive the widget: the server's embed list (`/api/embed-config`) against the
//! origin of the page around the widget. Decided once as the widget starts; a site that is not
//! on the list gets no answer to any command.

use serde_json::Value;

use crate::errors::ClientError;

/// At most this many sites are read from the list (a real deployment names a handful).
const MAX_ALLOWED_ORIGINS: usize = 1_000;

/// The sites on the server's answer (`{"origins": [...]}`); `None` when the answer is not that
/// shape, which counts as no answer (asked again), not as an empty list.
pub fn allowed_origins(config: &Value) -> Option<Vec<String>> {
    let origins = config.get("origins")?.as_array()?;
    origins
        .iter()
        .take(MAX_ALLOWED_ORIGINS)
        .map(|origin| origin.as_str().map(str::to_owned))
        .collect()
}

/// The origin the widget answers, or what the page says instead.
/// `allowed`: the server's list, `None` when it never gave one (after every retry): then the
/// site is not to blame (`EMBED_CONFIG_UNAVAILABLE`). `own_origin`: the widget's own pages may
/// always drive it. `parent_origin`: as the browser reports it; unknown (no ancestor origins and
/// no referrer) or opaque (`"null"`, a sandboxed or local page) is never allowed.
pub fn host_access(allowed: Option<&[String]>, own_origin: &str, parent_origin: Option<&str>) -> Result<String, ClientError> {
    let allowed = allowed.ok_or(ClientError::EmbedConfigUnavailable)?;
    let parent = parent_origin
        .filter(|origin| !origin.is_empty() && *origin != "null")
        .ok_or(ClientError::EmbedNotAllowed)?;
    if parent == own_origin || allowed.iter().any(|origin| origin == parent) {
        Ok(parent.to_owned())
    } else {
        Err(ClientError::EmbedNotAllowed)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const OWN: &str = "https://call.example";

    fn list(origins: &[&str]) -> Vec<String> {
        origins.iter().map(|o| (*o).to_owned()).collect()
    }

    #[test]
    fn a_listed_site_and_the_widgets_own_pages_may_drive_it() {
        let allowed = list(&["https://shop.example"]);
        assert_eq!(host_access(Some(&allowed), OWN, Some("https://shop.example")), Ok("https://shop.example".into()));
        assert_eq!(host_access(Some(&allowed), OWN, Some(OWN)), Ok(OWN.into()));
        assert_eq!(host_access(Some(&[]), OWN, Some(OWN)), Ok(OWN.into()));
    }

    #[test]
    fn another_site_an_unknown_one_or_an_opaque_one_may_not() {
        let allowed = list(&["https://shop.example", "null"]);
        for parent in [Some("https://evil.example"), Some("https://shop.example:8443"), Some("http://shop.example"), Some("null"), Some(""), None] {
            assert_eq!(host_access(Some(&allowed), OWN, parent), Err(ClientError::EmbedNotAllowed), "{parent:?}");
        }
    }

    #[test]
    fn no_list_from_the_server_is_the_servers_fault_not_the_sites() {
        assert_eq!(host_access(None, OWN, Some("https://shop.example")), Err(ClientError::EmbedConfigUnavailable));
        assert_eq!(host_access(None, OWN, None), Err(ClientError::EmbedConfigUnavailable));
    }

    #[test]
    fn the_servers_answer_is_read_only_in_its_own_shape() {
        assert_eq!(allowed_origins(&json!({"origins": ["https://a.example"]})), Some(list(&["https://a.example"])));
        assert_eq!(allowed_origins(&json!({"origins": []})), Some(vec![]));
        assert_eq!(allowed_origins(&json!({"origins": "https://a.example"})), None);
        assert_eq!(allowed_origins(&json!({"origins": ["https://a.example", 7]})), None);
        assert_eq!(allowed_origins(&json!({})), None);
        assert_eq!(allowed_origins(&json!(null)), None);
        let many: Vec<String> = (0..5_000).map(|i| format!("https://{i}.example")).collect();
        assert_eq!(allowed_origins(&json!({ "origins": many })).map(|o| o.len()), Some(MAX_ALLOWED_ORIGINS));
    }
}
