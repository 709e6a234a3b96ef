//! The phone as a [`crate::machine::Machine`], so the one driver runs it.

use super::{Action, Ignored, Input, Phone};

impl crate::machine::Machine for Phone {
    type Input = Input;
    type Action = Action;

    fn handle(&mut self, now: u64, input: Input) -> Result<(), Ignored> {
        Phone::handle(self, now, input)
    }

    fn handle_timeout(&mut self, now: u64) {
        // A tick fits every state; there is nothing to refuse.
        let _ = Phone::handle(self, now, Input::Tick);
    }

    fn poll_action(&mut self) -> Option<Action> {
        Phone::poll_action(self)
    }

    fn next_deadline(&self) -> Option<u64> {
        Phone::next_deadline(self)
    }
}
