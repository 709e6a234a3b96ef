//! Golden exchanges (specs/host-protocol.md §10.1): one fixture per command in
//! tests/fixtures/host-protocol/, run through the page machine with fake time in every form a host
//! may send it — compact, pretty-printed like the reference host, with and without `corrId`,
//! `corrId: null`, unknown fields, optional fields as `null` — and compared byte for byte: each
//! reply echoes the command exactly as received (compacted) and its `corrId` unchanged.

use dialtone_core::host::HostErrorCode;
use dialtone_core::host::page::*;
use dialtone_core::host::signal::IceCandidateInit;
use serde::Serialize;
use serde_json::{Map, Value, json};

struct Fixture {
    name: String,
    body: Value,
}

fn fixtures() -> Vec<Fixture> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/host-protocol");
    let mut all: Vec<Fixture> = std::fs::read_dir(dir)
        .expect("fixture folder")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("readable");
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            Fixture {
                name,
                body: serde_json::from_str(&text).expect("fixture is JSON"),
            }
        })
        .collect();
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all
}

/// One way a host may send the fixture's command.
struct Variant {
    label: &'static str,
    corr_id: Option<Value>,
    /// `corrId` as the reply must carry it.
    echoed_corr_id: Option<Value>,
    command: Value,
    extra_top_level: bool,
    pretty: bool,
}

fn variants(fixture: &Fixture) -> Vec<Variant> {
    let command = fixture.body["command"].clone();
    let plain = |label, corr_id: Option<Value>, pretty| Variant {
        label,
        echoed_corr_id: corr_id.clone().filter(|v| !v.is_null()),
        corr_id,
        command: command.clone(),
        extra_top_level: false,
        pretty,
    };
    let mut with_unknown = command.clone();
    with_unknown["future"] = json!({"a": [1, null], "b": "x"});
    let mut with_nulls = command.clone();
    for field in fixture.body["nullable"].as_array().into_iter().flatten() {
        with_nulls[field.as_str().expect("field name")] = Value::Null;
    }
    vec![
        plain("compact", Some(json!(7)), false),
        plain("pretty", Some(json!(7)), true),
        plain("no corrId", None, false),
        plain("corrId null", Some(Value::Null), false),
        plain("corrId 0", Some(json!(0)), false),
        plain("corrId max", Some(json!(2_147_483_647)), true),
        Variant {
            label: "unknown fields",
            corr_id: Some(json!(8)),
            echoed_corr_id: Some(json!(8)),
            command: with_unknown,
            extra_top_level: true,
            pretty: false,
        },
        Variant {
            label: "nulls",
            corr_id: Some(json!(9)),
            echoed_corr_id: Some(json!(9)),
            command: with_nulls,
            extra_top_level: false,
            pretty: true,
        },
    ]
}

fn frame_text(variant: &Variant) -> String {
    let mut envelope = Map::new();
    if variant.extra_top_level {
        envelope.insert("v".into(), json!(2));
    }
    if let Some(corr_id) = &variant.corr_id {
        envelope.insert("corrId".into(), corr_id.clone());
    }
    envelope.insert("command".into(), variant.command.clone());
    let envelope = Value::Object(envelope);
    if !variant.pretty {
        return envelope.to_string();
    }
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    envelope.serialize(&mut serializer).expect("serialises");
    String::from_utf8(out).expect("utf-8")
}

/// The expected frame: `$corrId` and `$command` filled in from the variant.
fn expected_text(template: &Value, variant: &Variant) -> String {
    let mut message = Map::new();
    for (key, value) in template.as_object().expect("a message object") {
        match (key.as_str(), value) {
            ("corrId", Value::String(s)) if s == "$corrId" => {
                if let Some(corr_id) = &variant.echoed_corr_id {
                    message.insert(key.clone(), corr_id.clone());
                }
            }
            ("command", Value::String(s)) if s == "$command" => {
                message.insert(key.clone(), variant.command.clone());
            }
            _ => {
                message.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(message).to_string()
}

struct Driver {
    page: HostPage,
    now: u64,
    actions: Vec<Action>,
}

impl Driver {
    fn new() -> Driver {
        Driver {
            page: HostPage::new(PageConfig {
                can_encrypt: true,
                default_ice_servers: vec![],
                browser: PermissionBrowser::ChromeLike,
            }),
            now: 1_000,
            actions: Vec::new(),
        }
    }

    /// Feeds an input; returns the frames it made the page send.
    fn input(&mut self, input: Input) -> Vec<String> {
        let _ = self.page.handle(self.now, input);
        let actions: Vec<Action> = std::iter::from_fn(|| self.page.poll_action()).collect();
        let sent = actions
            .iter()
            .filter_map(|a| {
                if let Action::Send(t) = a {
                    Some(t.clone())
                } else {
                    None
                }
            })
            .collect();
        self.actions.extend(actions);
        sent
    }

    fn advance(&mut self, ms: u64) -> Vec<String> {
        let to = self.now + ms;
        let mut sent = Vec::new();
        while let Some(at) = self.page.next_deadline().filter(|at| *at <= to) {
            self.now = self.now.max(at);
            sent.extend(self.input(Input::Tick));
        }
        self.now = to;
        sent.extend(self.input(Input::Tick));
        sent
    }

    /// The op of the latest action that carries one.
    fn last_op(&self) -> OpId {
        self.actions
            .iter()
            .rev()
            .find_map(|a| match a {
                Action::AcquireMedia { op, .. }
                | Action::CreatePeerConnection { op, .. }
                | Action::MakeOffer { op, .. }
                | Action::MakeAnswer { op, .. }
                | Action::ApplyAnswer { op, .. }
                | Action::SetMedia { op, .. }
                | Action::SwitchCamera { op, .. } => Some(*op),
                _ => None,
            })
            .expect("an action awaiting a result")
    }

    fn browser(&mut self, step: &Value) -> Vec<String> {
        let result = |v: &Value| match v.as_str() {
            None => None,
            Some("ok") => Some(Ok(())),
            Some(code) => Some(Err(HostErrorCode::ALL
                .into_iter()
                .find(|c| c.as_str() == code)
                .expect("a known code"))),
        };
        let op = self.last_op();
        let input = match step["browser"].as_str().expect("a browser step") {
            "mediaAcquired" => Input::MediaAcquired {
                op,
                mic: result(&step["mic"]).expect("mic result"),
                camera: result(&step["camera"]),
            },
            "peerConnectionCreated" => Input::PeerConnectionCreated { op },
            "localDescriptionSet" => Input::LocalDescriptionSet {
                op,
                sdp: step["sdp"].as_str().expect("sdp").into(),
                old_peer: None,
            },
            "remoteDescriptionApplied" => Input::RemoteDescriptionApplied { op, old_peer: None },
            "mediaApplied" => Input::MediaApplied { op },
            "gatheringComplete" => Input::GatheringComplete,
            "localCandidate" => Input::LocalCandidate(IceCandidateInit {
                candidate: "candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host generation 0"
                    .into(),
                sdp_mid: Some("0".into()),
                sdp_m_line_index: Some(0),
                username_fragment: Some("abcd".into()),
            }),
            other => panic!("unknown browser step {other}"),
        };
        self.input(input)
    }

    /// Brings the page into the fixture's starting state, discarding what it sent.
    fn setup(&mut self, setup: &str) {
        let offer = "N4IgLgngDgpiBcID2AzFMBOIA0IDOAJlAiAG4C8ADADobUB2IAvkA===";
        let frame = |command: Value| Input::Frame(json!({"command": command}).to_string());
        match setup {
            "none" => {}
            "preview" | "answerer" => {
                self.input(frame(json!({"type": "capabilities", "media": "audio"})));
                self.browser(&json!({"browser": "mediaAcquired", "mic": "ok"}));
                if setup == "answerer" {
                    self.input(frame(json!({"type": "offer", "offer": offer, "iceCandidates": "NoXSA===", "media": "audio"})));
                    self.browser(&json!({"browser": "peerConnectionCreated"}));
                    self.browser(&json!({"browser": "localDescriptionSet", "sdp": "v=0\r\n"}));
                    self.advance(750);
                }
            }
            "offerer" => {
                self.input(frame(json!({"type": "start", "media": "audio"})));
                self.browser(&json!({"browser": "mediaAcquired", "mic": "ok"}));
                self.browser(&json!({"browser": "peerConnectionCreated"}));
                self.browser(&json!({"browser": "localDescriptionSet", "sdp": "v=0\r\n"}));
                self.advance(750);
            }
            other => panic!("unknown setup {other}"),
        }
        assert!(
            self.page.in_call() || setup == "none" || setup == "preview",
            "setup {setup} failed"
        );
    }
}

fn run(fixture: &Fixture, variant: &Variant) {
    let mut driver = Driver::new();
    driver.setup(fixture.body["setup"].as_str().expect("setup"));
    for (index, step) in fixture.body["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .enumerate()
    {
        let sent = if step.get("frame").is_some() {
            driver.input(Input::Frame(frame_text(variant)))
        } else if let Some(ms) = step.get("advance").and_then(Value::as_u64) {
            driver.advance(ms)
        } else {
            driver.browser(step)
        };
        let expected: Vec<String> = step["expect"]
            .as_array()
            .expect("expect")
            .iter()
            .map(|t| expected_text(t, variant))
            .collect();
        assert_eq!(
            sent, expected,
            "{} ({}), step {index}",
            fixture.name, variant.label
        );
    }
}

#[test]
fn every_command_type_has_a_fixture() {
    let names: Vec<String> = fixtures()
        .iter()
        .filter_map(|f| f.body["command"]["type"].as_str().map(str::to_owned))
        .collect();
    for kind in dialtone_core::host::Command::TYPES {
        assert!(names.iter().any(|n| n == kind), "no fixture for {kind}");
    }
}

#[test]
fn every_fixture_holds_in_every_form_a_host_may_send() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 18);
    for fixture in &fixtures {
        for variant in variants(fixture) {
            run(fixture, &variant);
        }
    }
}
