//! The telephony page's words for what the core keeps in English: a call's status, direction
//! and talk time, its controls' progress and failures, the settings, poller, placement and
//! caller-ID lines. Each is said from the codes and parts the core gives beside its English; the English
//! stays where the catalogue has no entry (a raw status MediaSFU made up, MediaSFU's own error
//! sentences, a history stored before the codes were kept).

use dialtone_core::mediasfu::call_log::CallLogEntry;
use dialtone_core::mediasfu::config_refresh::CallerIdNotice;
use dialtone_core::mediasfu::controls::{FailureNotice, Progress, Stage};
use dialtone_core::mediasfu::notices::{PollerLine, SettingsLine};
use dialtone_core::mediasfu::placement_view::PlacementLine;
use dialtone_core::mediasfu::status::Phase;

use crate::i18n::{self, t};

/// A status by its code (`connected`, `ended-busy`, `not-followed`).
pub fn status(code: &str, english: &str) -> String {
    i18n::lookup(&format!("tel-phase-{code}"), english)
}

/// A direction by its English label ("Incoming").
pub fn direction(english: &str) -> String {
    i18n::lookup(&format!("tel-direction-{}", english.to_lowercase()), english)
}

/// A history entry's talk time: "—" until answered, "(est.)" in the reader's words when the end
/// was estimated.
pub fn duration(entry: &CallLogEntry, now_ms: u64) -> String {
    match entry.talk_time_label(now_ms) {
        None => "—".into(),
        Some(label) if entry.estimated => t::tel_estimated(&label),
        Some(label) => label,
    }
}

/// The line about the newest control under way.
pub fn progress(progress: Progress) -> String {
    let control = i18n::translate(progress.label);
    match progress.stage {
        Stage::Queued => t::tel_progress_queued(&control),
        Stage::Sent => t::tel_progress_sent(&control),
        Stage::Accepted => t::tel_progress_accepted(&control),
    }
}

/// A control's failure: its button's name, then why (a rate limit with the seconds to wait).
pub fn control_failure(failure: &FailureNotice) -> String {
    let why = match failure.retry_in_s {
        Some(0) => t::tel_rate_limited_now(),
        Some(seconds) => t::tel_rate_limited_in(seconds as i64),
        None => i18n::notice_text(failure.code, &failure.text),
    };
    format!("{}: {why}", i18n::translate(failure.label))
}

/// The poller's line; MediaSFU's errors in it keep their English where the catalogue has no
/// sentence for their code.
pub fn poller(line: &PollerLine) -> String {
    match line {
        PollerLine::Off => t::tel_poller_off(),
        PollerLine::Idle => t::tel_poller_idle(),
        PollerLine::Live { every_s } => t::tel_poller_live(*every_s as i64),
        PollerLine::Retrying { error } => t::tel_poller_retrying(&i18n::notice_text(&error.code, &error.text), &error.code),
        PollerLine::RateLimited { retry_in_s } => t::tel_poller_rate_limited(*retry_in_s as i64),
        PollerLine::Stale { since, error } => {
            t::tel_poller_stale(since, &i18n::notice_text(&error.code, &error.text), &error.code)
        }
        PollerLine::Stopped { code } => t::tel_poller_stopped(code),
    }
}

/// The settings line under Save and Test. MediaSFU's own sentence inside "not connected" is
/// said in the reader's words where the catalogue has it (by its code or its exact English).
pub fn settings_line(line: &SettingsLine) -> String {
    match line {
        SettingsLine::Checking => t::tel_checking(),
        SettingsLine::Connected { configs, usable } => t::tel_settings_connected(*configs as i64, *usable as i64),
        SettingsLine::SeeBanner { .. } => t::tel_settings_see_banner(),
        SettingsLine::NotConnected { error } => t::tel_settings_not_connected(&i18n::notice_text(&error.code, &error.text)),
        SettingsLine::Refused { reason } => i18n::notice_text(&reason.code, &reason.text),
        SettingsLine::SignedOut => t::tel_signed_out(),
    }
}

/// The dialer's placement line. `code`: the failure's code, when it failed.
pub fn placement(line: &PlacementLine, code: Option<&str>) -> String {
    match line {
        PlacementLine::CreatingRoom { to } => t::tel_placement_creating_room(to),
        PlacementLine::Placing { to, room } => t::tel_placement_placing(to, room),
        PlacementLine::WaitingToResend { in_s } => t::tel_placement_waiting(*in_s as i64),
        PlacementLine::FindingByRoom { room } => t::tel_placement_finding(room),
        PlacementLine::DialingLong { to } => t::tel_placement_dialing_long(to),
        PlacementLine::Tracking { to, phase } => match phase {
            Phase::Dialing => t::tel_placement_dialing(to),
            Phase::Ringing => t::tel_placement_ringing(to),
            Phase::Connected => t::tel_placement_connected(to),
            Phase::OnHold => t::tel_placement_on_hold(to),
            Phase::Ended(outcome) => {
                let word = i18n::lookup(&format!("tel-outcome-{}", outcome.token()), outcome.label());
                t::tel_placement_ended(to, &word)
            }
            Phase::Unknown(raw) => t::tel_placement_unknown(to, raw),
        },
        PlacementLine::Failed { to, reason } => {
            t::tel_placement_failed(to, &i18n::notice_text(code.unwrap_or(""), reason))
        }
    }
}

/// Why the caller-ID list is empty.
pub fn caller_ids(line: &CallerIdNotice) -> String {
    match line {
        CallerIdNotice::NotSignedIn => t::tel_caller_ids_not_signed_in(),
        CallerIdNotice::Loading => t::tel_caller_ids_loading(),
        CallerIdNotice::NoneEligible => t::tel_caller_ids_none_eligible(),
        CallerIdNotice::Retrying { code, in_s } => t::tel_caller_ids_retrying(code, *in_s as i64),
        CallerIdNotice::SeeBanner { code } => t::tel_caller_ids_see_banner(code),
        CallerIdNotice::SaveToRetry { code } => t::tel_caller_ids_save_to_retry(code),
    }
}
