//! Caller and callee from raw SIP headers (spec §3): the user part of the URI and the quoted
//! display name. A URI that holds only a host shows "unknown number".

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipParty {
    /// The quoted display name, when there is one.
    pub display_name: Option<String>,
    /// The user part (`+15551230000`), when the URI has one.
    pub number: Option<String>,
    /// The host part, kept for details.
    pub host: String,
}

impl SipParty {
    /// What a list shows: the number, else "unknown number".
    pub fn number_label(&self) -> String {
        self.number
            .clone()
            .unwrap_or_else(|| "unknown number".to_string())
    }
}

/// Parse `"Name" <sip:+1555@host>;tag=x`, `<sip:host>`, or a bare `sip:+1555@host`.
pub fn parse_sip_party(raw: &str) -> SipParty {
    let raw = raw.trim();
    let mut display_name = None;
    let mut rest = raw;
    if let Some(after_quote) = raw.strip_prefix('"')
        && let Some(end) = after_quote.find('"')
    {
        let name = after_quote[..end].trim();
        if !name.is_empty() {
            display_name = Some(name.to_string());
        }
        rest = &after_quote[end + 1..];
    }
    // The URI is inside <> when present; otherwise up to the first ';' (header params).
    let uri = match (rest.find('<'), rest.find('>')) {
        (Some(a), Some(b)) if b > a => &rest[a + 1..b],
        _ => {
            let r = rest.trim();
            // An unquoted display name before a bare URI is not valid SIP; take the last token.
            let r = r.rsplit(' ').next().unwrap_or(r);
            r.split(';').next().unwrap_or(r)
        }
    };
    let uri = uri.trim();
    let without_scheme = uri
        .strip_prefix("sips:")
        .or_else(|| uri.strip_prefix("sip:"))
        .or_else(|| uri.strip_prefix("tel:"))
        .unwrap_or(uri);
    // URI parameters (;transport=udp) and headers (?x=y) are not part of user or host.
    let core = without_scheme
        .split([';', '?'])
        .next()
        .unwrap_or(without_scheme);
    let (user, host) = match core.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None if uri.starts_with("tel:") => (Some(core), ""),
        None => (None, core),
    };
    let number = user
        .map(|u| u.split(':').next().unwrap_or(u).trim().to_string())
        .filter(|u| !u.is_empty());
    SipParty {
        display_name,
        number,
        host: host.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_and_user_part_come_from_a_from_header() {
        let p = parse_sip_party(r#""Alice Smith" <sip:+15551230000@sip.example.com>;tag=ab12"#);
        assert_eq!(p.display_name.as_deref(), Some("Alice Smith"));
        assert_eq!(p.number.as_deref(), Some("+15551230000"));
        assert_eq!(p.host, "sip.example.com");
    }

    #[test]
    fn a_bare_to_uri_gives_its_user_part() {
        let p = parse_sip_party("sip:+15557650000@sip.mediasfu.com");
        assert_eq!(p.display_name, None);
        assert_eq!(p.number.as_deref(), Some("+15557650000"));
    }

    #[test]
    fn a_uri_holding_only_a_host_shows_unknown_number() {
        let p = parse_sip_party("<sip:192.0.2.10>;tag=zz");
        assert_eq!(p.number, None);
        assert_eq!(p.host, "192.0.2.10");
        assert_eq!(p.number_label(), "unknown number");
        assert_eq!(parse_sip_party("").number_label(), "unknown number");
    }

    #[test]
    fn uri_parameters_and_ports_are_not_part_of_the_number() {
        let p = parse_sip_party("<sip:+4930123@10.0.0.1:5060;transport=udp>");
        assert_eq!(p.number.as_deref(), Some("+4930123"));
        assert_eq!(p.host, "10.0.0.1:5060");
    }
}
