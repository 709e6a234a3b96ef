//! Order of commands (§1.4, §8.6): one at a time, a bounded queue, `end` at once, refusals.

use dialtone_core::host::HostErrorCode;
use dialtone_core::host::page::*;
use serde_json::json;

use super::*;

#[test]
fn commands_run_one_at_a_time_in_arrival_order() {
    let mut page = Page::new();
    let op = acquire_op(&page.command(1, json!({"type": "capabilities", "media": "audio"})));
    let actions = page.command(2, json!({"type": "layout", "layout": "localVideo"}));
    assert_eq!(actions, vec![], "waits for capabilities");
    let actions = page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: None,
    });
    let sent = sent(&actions);
    assert_eq!(
        (sent[0]["corrId"].clone(), sent[1]["corrId"].clone()),
        (json!(1), json!(2))
    );
    assert!(actions.contains(&Action::SetLayout(
        dialtone_core::host::LayoutType::LocalVideo
    )));
}

#[test]
fn more_than_64_waiting_commands_are_busy() {
    let mut page = Page::new();
    page.command(1, json!({"type": "capabilities", "media": "audio"}));
    for n in 0..64 {
        assert_eq!(
            page.command(10 + n, json!({"type": "layout", "layout": "default"})),
            vec![]
        );
    }
    let actions = page.command(99, json!({"type": "layout", "layout": "default"}));
    assert_eq!(sent(&actions)[0]["corrId"], 99);
    assert_eq!(error_code(&actions), code(HostErrorCode::Busy));
}

#[test]
fn end_runs_at_once_ending_the_running_and_queued_call_commands() {
    let mut page = Page::new();
    let op = acquire_op(&page.command(1, json!({"type": "start", "media": "audio"})));
    page.command(
        2,
        json!({"type": "ice", "iceCandidates": lz_candidates(&[])}),
    );
    page.command(
        3,
        json!({"type": "description", "state": "s", "description": "d"}),
    );
    let actions = page.command(4, json!({"type": "end"}));
    let sent = sent(&actions);
    let summary: Vec<(Value, Value)> = sent
        .iter()
        .map(|m| (m["corrId"].clone(), m["resp"]["type"].clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (json!(1), json!("error")),
            (json!(2), json!("error")),
            (json!(3), json!("ok")),
            (json!(4), json!("ok"))
        ]
    );
    assert_eq!(
        sent[0]["resp"]["message"],
        "start: CALL_ENDED the call ended before this finished"
    );
    assert!(actions.contains(&Action::ShowDescription {
        state: "s".into(),
        description: "d".into()
    }));
    // The media that arrives late belongs to nothing.
    page.ignored(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: None,
    });
}

#[test]
fn end_with_no_call_is_ok() {
    let mut page = Page::new();
    assert_eq!(
        sent(&page.command(1, json!({"type": "end"}))),
        vec![json!({"corrId": 1, "resp": {"type": "ok"}, "command": {"type": "end"}})]
    );
}

#[test]
fn end_stops_the_call_and_its_media() {
    let mut page = Page::answerer();
    let actions = page.command(5, json!({"type": "end"}));
    assert!(actions.contains(&Action::EndCall));
    assert!(!page.page.in_call());
    assert_eq!(page.page.local_media(), None);
}

#[test]
fn an_unknown_command_is_answered_with_an_error_and_its_echo() {
    let mut page = Page::new();
    let actions = page.input(Input::Frame(
        r#"{"corrId":3,"command":{"type":"zoom","factor":2}}"#.into(),
    ));
    assert_eq!(actions, vec![Action::Send(r#"{"corrId":3,"resp":{"type":"error","message":"zoom: UNKNOWN_COMMAND unknown command type"},"command":{"type":"zoom","factor":2}}"#.into())]);
}

#[test]
fn invalid_json_and_binary_frames_are_malformed() {
    let mut page = Page::new();
    assert_eq!(
        error_code(&page.input(Input::Frame("{nope".into()))),
        code(HostErrorCode::Malformed)
    );
    assert_eq!(
        error_code(&page.input(Input::BinaryFrame { len: 10 })),
        code(HostErrorCode::Malformed)
    );
    assert_eq!(
        error_code(&page.input(Input::BinaryFrame { len: 70_000 })),
        code(HostErrorCode::TooLarge)
    );
}

#[test]
fn a_70_kib_frame_is_too_large_and_not_processed() {
    let mut page = Page::new();
    let frame = format!(
        r#"{{"command":{{"type":"capabilities","media":"audio","pad":"{}"}}}}"#,
        "x".repeat(70 * 1024)
    );
    let actions = page.input(Input::Frame(frame));
    assert_eq!(error_code(&actions), code(HostErrorCode::TooLarge));
    assert!(
        !actions
            .iter()
            .any(|a| matches!(a, Action::AcquireMedia { .. }))
    );
}

#[test]
fn host_text_is_cut_to_1024_characters_for_display() {
    let mut page = Page::new();
    let long = "é".repeat(1_500);
    let actions = page.command(
        1,
        json!({"type": "permission", "title": long, "chrome": "c", "safari": "s"}),
    );
    let Some(Action::ShowPermission { title, text }) = actions.first() else {
        panic!("{actions:?}")
    };
    assert_eq!((title.chars().count(), text.as_str()), (1_024, "c"));
    assert_eq!(sent(&actions)[0]["resp"], json!({"type": "ok"}));
}

#[test]
fn the_permission_text_shown_is_the_one_for_this_browser() {
    let permission = json!({"type": "permission", "title": "Allow", "chrome": "In Chrome…", "safari": "In Safari…"});
    for (browser, shown) in [
        (PermissionBrowser::ChromeLike, "In Chrome…"),
        (PermissionBrowser::Safari, "In Safari…"),
        (PermissionBrowser::Other, ""),
    ] {
        let actions = Page::in_browser(true, browser).command(1, permission.clone());
        assert!(
            matches!(actions.first(), Some(Action::ShowPermission { title, text }) if title == "Allow" && text == shown),
            "{browser:?}: {actions:?}"
        );
        assert_eq!(sent(&actions)[0]["resp"], json!({"type": "ok"}));
    }
}

#[test]
fn a_closed_socket_ends_everything_and_closes_the_page() {
    let mut page = Page::answerer();
    let actions = page.input(Input::SocketClosed);
    assert_eq!(actions, vec![Action::EndCall, Action::Close]);
    assert!(page.page.is_closed());
    page.ignored(Input::Frame(r#"{"command":{"type":"end"}}"#.into()));
}

#[test]
fn the_end_button_asks_the_host_and_ends_alone_after_5_s() {
    let mut page = Page::answerer();
    let actions = page.input(Input::EndPressed);
    assert_eq!(sent(&actions), vec![json!({"resp": {"type": "end"}})]);
    assert!(page.page.in_call(), "the end button does nothing else");
    assert!(!page.advance(4_999).contains(&Action::EndCall));
    assert!(page.advance(1).contains(&Action::EndCall));
    assert!(!page.page.in_call());
}

#[test]
fn after_the_end_button_the_hosts_end_cancels_the_fallback() {
    let mut page = Page::answerer();
    page.input(Input::EndPressed);
    page.command(9, json!({"type": "end"}));
    assert_eq!(page.page.next_deadline(), None);
}
