//! Confirmation-based media state (specs/call-lifecycle.md, "Confirmation-based media state").
//!
//! A user intent never changes what the UI shows directly. [`Confirmed::request`] records the
//! desired value and, when nothing is in flight, returns an [`Apply`] with a sequence number for
//! the browser layer to perform (track.enabled, setSinkId, …). The browser reports the value it
//! really got with the same sequence number ([`Confirmed::confirm`] or [`Confirmed::fail`]); only
//! then does the confirmed value change. Intents issued while one is in flight coalesce: only the
//! latest is applied next. So the confirmed value always equals what the media really does, and
//! any burst of toggles ends in agreement.

/// One operation for the browser layer: make the source `value`, then report back with `seq`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apply<T> {
    pub seq: u64,
    pub value: T,
}

/// What a report did to the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled<T> {
    /// The confirmed value changed (tell the peer, update the UI).
    pub changed: bool,
    /// The next queued intent to apply, if any.
    pub next: Option<Apply<T>>,
}

/// A confirmed media value with at most one apply in flight and one intent queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmed<T> {
    confirmed: T,
    in_flight: Option<Apply<T>>,
    queued: Option<T>,
    next_seq: u64,
    last_error: Option<&'static str>,
}

impl<T: Clone + PartialEq> Confirmed<T> {
    pub fn new(initial: T) -> Self {
        Confirmed {
            confirmed: initial,
            in_flight: None,
            queued: None,
            next_seq: 1,
            last_error: None,
        }
    }

    /// What the media really does, as last confirmed.
    pub fn confirmed(&self) -> &T {
        &self.confirmed
    }

    /// The latest intent not yet confirmed, if any.
    pub fn pending(&self) -> Option<&T> {
        self.queued
            .as_ref()
            .or(self.in_flight.as_ref().map(|apply| &apply.value))
    }

    pub fn is_pending(&self) -> bool {
        self.in_flight.is_some()
    }

    /// The latest value the user asked for: the pending intent, else the confirmed value.
    pub fn latest_intent(&self) -> &T {
        self.pending().unwrap_or(&self.confirmed)
    }

    /// The code of the last failed apply, until a later apply succeeds.
    pub fn last_error(&self) -> Option<&'static str> {
        self.last_error
    }

    /// The user wants `value`.
    pub fn request(&mut self, value: T) -> Option<Apply<T>> {
        if self.in_flight.is_some() {
            self.queued = Some(value);
            return None;
        }
        self.queued = None;
        if value == self.confirmed {
            return None;
        }
        self.start(value)
    }

    fn start(&mut self, value: T) -> Option<Apply<T>> {
        let apply = Apply {
            seq: self.next_seq,
            value,
        };
        self.next_seq += 1;
        self.in_flight = Some(apply.clone());
        Some(apply)
    }

    fn settle(&mut self, seq: u64, actual: T) -> Option<Settled<T>> {
        if self.in_flight.as_ref().map(|apply| apply.seq) != Some(seq) {
            // A late or unknown report: not the apply we are waiting for.
            return None;
        }
        self.in_flight = None;
        let changed = actual != self.confirmed;
        self.confirmed = actual;
        let next = match self.queued.take() {
            Some(value) if value != self.confirmed => self.start(value),
            _ => None,
        };
        Some(Settled { changed, next })
    }

    /// The media changed on its own (a device unplugged, the browser's "Stop sharing" button):
    /// it really is `actual` now. Returns whether the confirmed value changed. A pending intent
    /// stays queued; an apply in flight will report what it finds.
    pub fn observe(&mut self, actual: T) -> bool {
        let changed = actual != self.confirmed;
        self.confirmed = actual;
        changed
    }

    /// What the value lives on was replaced (a new media element): it really is `actual` now,
    /// and the apply in flight, made on the old one, says nothing about it (its report is
    /// ignored as stale), nor does the last failure. Returns the latest intent, to be requested
    /// anew.
    pub fn replaced(&mut self, actual: T) -> T {
        let wanted = self.latest_intent().clone();
        self.in_flight = None;
        self.queued = None;
        self.last_error = None;
        self.confirmed = actual;
        wanted
    }

    /// The browser applied apply `seq`; the media now really is `actual`.
    pub fn confirm(&mut self, seq: u64, actual: T) -> Option<Settled<T>> {
        let settled = self.settle(seq, actual)?;
        self.last_error = None;
        Some(settled)
    }

    /// Apply `seq` failed with `code`; the media really is `actual` (usually unchanged).
    pub fn fail(&mut self, seq: u64, code: &'static str, actual: T) -> Option<Settled<T>> {
        let settled = self.settle(seq, actual)?;
        self.last_error = Some(code);
        Some(settled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_intent_shows_only_after_confirmation() {
        let mut mic = Confirmed::new(true);
        let apply = mic.request(false).expect("apply");
        assert_eq!((*mic.confirmed(), mic.pending()), (true, Some(&false)));
        let settled = mic.confirm(apply.seq, false).expect("settled");
        assert!(settled.changed);
        assert_eq!((*mic.confirmed(), mic.pending()), (false, None));
    }

    #[test]
    fn intents_while_in_flight_coalesce_to_the_last() {
        let mut mic = Confirmed::new(true);
        let first = mic.request(false).expect("apply");
        assert_eq!(mic.request(true), None);
        assert_eq!(mic.request(false), None);
        assert_eq!(mic.request(true), None);
        let settled = mic.confirm(first.seq, false).expect("settled");
        let next = settled.next.expect("the last intent goes next");
        assert_eq!(next.value, true);
        assert_eq!(mic.confirm(next.seq, true).map(|s| s.next), Some(None));
        assert_eq!(*mic.confirmed(), true);
    }

    #[test]
    fn asking_for_the_current_value_applies_nothing() {
        let mut mic = Confirmed::new(true);
        assert_eq!(mic.request(true), None);
        assert!(!mic.is_pending());
    }

    #[test]
    fn a_failure_keeps_the_real_value_and_its_code() {
        let mut camera = Confirmed::new(false);
        let apply = camera.request(true).expect("apply");
        let settled = camera.fail(apply.seq, "CAMERA_PERMISSION_DENIED", false).expect("settled");
        assert!(!settled.changed);
        assert_eq!(*camera.confirmed(), false);
        assert_eq!(camera.last_error(), Some("CAMERA_PERMISSION_DENIED"));
    }

    #[test]
    fn stale_reports_are_ignored() {
        let mut mic = Confirmed::new(true);
        let apply = mic.request(false).expect("apply");
        assert_eq!(mic.confirm(apply.seq + 7, true), None);
        assert!(mic.is_pending());
    }

    #[test]
    fn values_other_than_booleans_work_too() {
        let mut output = Confirmed::new("default".to_owned());
        let apply = output.request("speakers-2".to_owned()).expect("apply");
        output.confirm(apply.seq, "speakers-2".to_owned());
        assert_eq!(output.confirmed(), "speakers-2");
    }

    #[derive(Debug, Clone)]
    enum Step {
        Toggle,
        /// The browser answers the in-flight apply (faithfully, or failing to change anything).
        Report { fails: bool },
        /// A stray report with a wrong sequence number.
        Stray(u64),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            3 => Just(Step::Toggle),
            3 => any::<bool>().prop_map(|fails| Step::Report { fails }),
            1 => (1000u64..2000).prop_map(Step::Stray),
        ]
    }

    proptest! {
        /// For any sequence of toggles, confirmations, failures and stray reports: the confirmed
        /// value is what the "track" really is, the pending intent is the last one issued, and
        /// once the browser has answered everything, confirmed equals the last intent (unless the
        /// last apply failed).
        #[test]
        fn confirmed_state_always_matches_the_track(steps in proptest::collection::vec(step(), 0..200)) {
            let mut mic = Confirmed::new(true);
            let mut track = true;
            let mut in_flight: Option<Apply<bool>> = None;
            let mut last_intent = true;
            let mut last_failed = false;
            for step in steps {
                match step {
                    Step::Toggle => {
                        last_intent = !*mic.latest_intent();
                        if let Some(apply) = mic.request(last_intent) {
                            prop_assert!(in_flight.is_none(), "one apply at a time");
                            in_flight = Some(apply);
                        }
                        prop_assert_eq!(*mic.latest_intent(), last_intent);
                    }
                    Step::Report { fails } => {
                        if let Some(apply) = in_flight.take() {
                            let settled = if fails {
                                last_failed = true;
                                mic.fail(apply.seq, "DEVICE_IN_USE", track)
                            } else {
                                last_failed = false;
                                track = apply.value;
                                mic.confirm(apply.seq, track)
                            };
                            in_flight = settled.and_then(|s| s.next);
                        }
                    }
                    Step::Stray(seq) => {
                        prop_assert_eq!(mic.confirm(seq, !track), None);
                    }
                }
                prop_assert_eq!(*mic.confirmed(), track);
            }
            // Drain: the browser answers everything faithfully.
            while let Some(apply) = in_flight.take() {
                track = apply.value;
                in_flight = mic.confirm(apply.seq, track).and_then(|s| s.next);
                last_failed = false;
            }
            prop_assert_eq!(*mic.confirmed(), track);
            prop_assert_eq!(mic.pending(), None);
            if !last_failed {
                prop_assert_eq!(*mic.confirmed(), last_intent);
            }
        }
    }
}
