//! The one shape every machine in the core has, so one driver can run them all.
//!
//! A machine never calls out: the driver hands it one input at a time with the time it happened,
//! then performs every action the machine queued, in order, before the next input is handled. A
//! machine that needs waking later says when with [`Machine::next_deadline`]; the driver sets one
//! timer for it and calls [`Machine::handle_timeout`]. Time is monotonic milliseconds (the
//! driver's clock); wall-clock time, where a record needs it, travels inside an input.

/// Why an input was not applied: the machine's state and the input do not fit together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    pub reason: &'static str,
}

/// A sans-IO state machine: inputs in, actions out, time as an input.
pub trait Machine {
    type Input;
    type Action;

    /// Applies one input at `now` (ms). An input that does not fit the state comes back refused,
    /// with the reason; nothing changed then.
    fn handle(&mut self, now: u64, input: Self::Input) -> Result<(), Ignored>;

    /// The deadline returned by [`Machine::next_deadline`] has passed.
    fn handle_timeout(&mut self, now: u64);

    /// The next action to perform, in the order decided.
    fn poll_action(&mut self) -> Option<Self::Action>;

    /// When [`Machine::handle_timeout`] is due next, if ever.
    fn next_deadline(&self) -> Option<u64>;
}

/// Runs a machine to rest natively, the way the browser driver does: each input's actions are
/// all handed to `perform` in order, and inputs that `perform` raises wait until the batch is
/// done. Tests and benches use it; the browser has its own driver with the same rule.
pub struct Pump<M: Machine> {
    pub machine: M,
    inbox: std::collections::VecDeque<M::Input>,
}

impl<M: Machine> Pump<M> {
    pub fn new(machine: M) -> Self {
        Pump {
            machine,
            inbox: Default::default(),
        }
    }

    /// Handles `input` and everything it leads to. `perform` gets each action and a queue for
    /// the inputs its effects raise (a callback that fires at once, say).
    pub fn feed(
        &mut self,
        now: u64,
        input: M::Input,
        mut perform: impl FnMut(M::Action, &mut Vec<M::Input>),
    ) -> Result<(), Ignored> {
        self.inbox.push_back(input);
        let mut first = None;
        while let Some(input) = self.inbox.pop_front() {
            let verdict = self.machine.handle(now, input);
            first.get_or_insert(verdict);
            let mut raised = Vec::new();
            while let Some(action) = self.machine.poll_action() {
                perform(action, &mut raised);
            }
            self.inbox.extend(raised);
        }
        first.unwrap_or(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each input `n` queues actions `n*10+1` and `n*10+2`; action 11 raises input 2 at once.
    struct Echo {
        queued: std::collections::VecDeque<u32>,
    }

    impl Machine for Echo {
        type Input = u32;
        type Action = u32;
        fn handle(&mut self, _now: u64, input: u32) -> Result<(), Ignored> {
            self.queued.extend([input * 10 + 1, input * 10 + 2]);
            Ok(())
        }
        fn handle_timeout(&mut self, _now: u64) {}
        fn poll_action(&mut self) -> Option<u32> {
            self.queued.pop_front()
        }
        fn next_deadline(&self) -> Option<u64> {
            None
        }
    }

    #[test]
    fn inputs_raised_while_performing_wait_for_the_rest_of_the_batch() {
        let mut pump = Pump::new(Echo {
            queued: Default::default(),
        });
        let mut performed = Vec::new();
        pump.feed(0, 1, |action, raised| {
            performed.push(action);
            if action == 11 {
                raised.push(2);
            }
        })
        .unwrap();
        // 12 belongs to input 1's batch: it runs before anything input 2 decided.
        assert_eq!(performed, [11, 12, 21, 22]);
    }
}
