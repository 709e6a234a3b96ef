//! Helpers shared by the host wire tests (host_wire.rs, host_replies.rs).
#![allow(dead_code)]

use dialtone_core::host::*;
use serde::Serialize;

/// A frame as the reference host writes it: pretty-printed with a 4-space indent.
pub fn pretty(compact: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(compact).expect("test input is JSON");
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut serializer).expect("serialises");
    String::from_utf8(out).expect("utf-8")
}

pub fn read(text: &str) -> Received {
    match read_frame(text) {
        Ok(received) => received,
        Err(refused) => panic!("refused {text}: {:?}", refused.error),
    }
}

pub fn refused(text: &str) -> Refused {
    match read_frame(text) {
        Ok(received) => panic!("accepted {text}: {:?}", received.command),
        Err(refused) => refused,
    }
}

pub const START: &str = r#"{"type":"start","media":"video","aesKey":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","iceServers":[{"urls":["stun:stun.example.net:3478"]},{"urls":["turns:turn.example.net:443?transport=tcp"],"username":"u1","credential":"p1"}],"relay":true}"#;

